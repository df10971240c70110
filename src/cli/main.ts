/**
 * The CLI's engine (dist/cli.js): `main` picks the command and runs it in this thread. bin/partials.js does not load
 * this file itself: its launcher (launcher.ts, dist/cli-launcher.js) loads it in the worker thread that runs the
 * command under the time and heap limits. (`node dist/cli.js …` works too: the launcher is part of this bundle.)
 */
import type { CliIO } from './args';
import { runCheck } from './check';
import { runCodegen } from './codegen';
import { runGraph, runInspect } from './inspect';
import { answerWithoutEngine, type CommandName } from './usage';
import { runIfMain } from './launcher';

export { DEFAULT_TIMEOUT_S, USAGE } from './usage';
export { HEAP_LIMIT_MB, nodeIO, runCli, takeTimeout } from './launcher';
export { setTimeLimit } from './inspect';

type Command = (argv: string[], io: CliIO) => number;
const commands: Record<CommandName, Command> = { inspect: runInspect, graph: runGraph, check: runCheck, codegen: runCodegen };

export function main(argv: string[], io: CliIO): number {
  const answered = answerWithoutEngine(argv, io.stdout);
  if (answered !== undefined) return answered;
  const [cmd, ...rest] = argv;
  return commands[cmd as CommandName](rest, io);
}

runIfMain(module);
