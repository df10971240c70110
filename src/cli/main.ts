import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PartialsError } from '../core/errors';
import { boundMessage, quote, reportError, type CliIO } from './args';
import { runCheck } from './check';
import { runCodegen } from './codegen';
import { runGraph, runInspect } from './inspect';

/** Seconds a command may run before it is stopped (`--timeout`). */
export const DEFAULT_TIMEOUT_S = 5;
/** Heap of the thread that runs a command: a runaway input ends with a message, not with the machine swapping. */
export const HEAP_LIMIT_MB = 2048;

const USAGE = `partials — derivatives of the formula you give it

  partials inspect [EXPR] [--file F|-] [--lang L] [--at x=1,y=2.5] [--wrt x,y] [--hessian] [--jacobian] [--json]
  partials graph [EXPR] [--file F|-] [--lang L] [--at …] [--output NAME] [--format dot|json]
  partials check [EXPR] [--file F|-] [--lang L] [--at …] [--wrt …] [--claim 'df/dx = …']… [--sweep] [--json]
  partials codegen [EXPR] [--file F|-] [--lang L] --target T [--style closed|adjoint|hessian] [--form statements|function] [--name N] [--wrt …] [--output NAME] [--json]
      T: python numpy pytorch javascript typescript c cpp rust go java julia matlab latex

Expressions use mathjs syntax (x^2 + sin(x*y)), or several lines "name = expr".
Vectorised math (sum((X*w - y).^2), w'*A*w) and NumPy code (np.sum((X @ w - y)**2)) give gradients in matrix
notation: arrays in --at 'X=[[1,2],[3,4]],w=[0.5,-1]' or sizes in --shape X=4x3,w=3 (inspect, check, graph).
partials COMMAND --help describes one command. An unknown option is an error (exit 2).
--timeout SECONDS (any command, default ${DEFAULT_TIMEOUT_S}; 0: no limit) stops a command that runs longer (exit 2).
Exit status: 0 ok, 1 a check failed, 2 bad input (or the time or memory limit was reached).
`;

type Command = (argv: string[], io: CliIO) => number;
const commands: Record<string, Command> = { inspect: runInspect, graph: runGraph, check: runCheck, codegen: runCodegen };

export function main(argv: string[], io: CliIO): number {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout(USAGE);
    return cmd ? 0 : 2;
  }
  // Own keys only: `constructor`, `__proto__`, `toString` … are unknown commands like any other word.
  const run = Object.hasOwn(commands, cmd) ? commands[cmd] : undefined;
  if (!run) {
    io.stdout(`Unknown command ${quote(cmd)}: the commands are ${Object.keys(commands).join(', ')}.\n\n${USAGE}`);
    return 2;
  }
  return run(rest, io);
}

export const nodeIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
};

/**
 * `--timeout S` or `--timeout=S` anywhere before `--` (a global option of every command) taken out of argv:
 * seconds, 0 for no limit; DEFAULT_TIMEOUT_S when absent.
 */
export function takeTimeout(argv: readonly string[]): { argv: string[]; seconds: number } {
  const rest: string[] = [];
  let text: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { rest.push(...argv.slice(i)); break; }
    if (a === '--timeout') {
      if (i + 1 >= argv.length) throw new PartialsError('The option --timeout needs a value (seconds; 0 for no limit).', 'input');
      text = argv[++i];
    } else if (a.startsWith('--timeout=')) text = a.slice('--timeout='.length);
    else rest.push(a);
  }
  if (text === undefined) return { argv: rest, seconds: DEFAULT_TIMEOUT_S };
  const seconds = /^\s*\d+(\.\d*)?\s*$|^\s*\.\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(seconds) || seconds > 86_400) {
    throw new PartialsError(`--timeout needs a number of seconds from 0 (no limit) to 86400, got ${quote(text)}.`, 'input');
  }
  return { argv: rest, seconds };
}

/** What the thread running a command sends back: the exit status and everything it printed. */
interface WorkerReply { code: number; out: string }

/**
 * The CLI proper (bin/partials.js): the command runs in a worker thread, which the main thread stops once the
 * time limit passes (`worker.terminate()` ends it wherever it is — inside a parse, a sweep or a simplification —
 * with no deadline checks threaded through the engine), and whose heap is capped (HEAP_LIMIT_MB). Either limit
 * ends the command with a clear message and exit status 2; the output is printed whole or not at all.
 */
export function runCli(argv: readonly string[], io: CliIO = nodeIO, opts: { workerFile?: string; heapMb?: number } = {}): Promise<number> {
  const json = argv.includes('--json');
  let parsed: { argv: string[]; seconds: number };
  try {
    parsed = takeTimeout(argv);
  } catch (e) {
    return Promise.resolve(reportError(e, json, io));
  }
  const cmd = parsed.argv[0];
  // Usage and unknown commands need no engine: answered here, at once.
  if (!cmd || !Object.hasOwn(commands, cmd) || parsed.argv.includes('--help') || parsed.argv.includes('-h')) return Promise.resolve(main(parsed.argv, io));
  return new Promise<number>((resolve) => {
    let done = false;
    const heapMb = opts.heapMb ?? HEAP_LIMIT_MB;
    const file = opts.workerFile ?? __filename;
    // Run from the TypeScript sources (`node --import tsx src/cli/main.ts`), the worker registers tsx's require hook
    // itself (an --import loader does not carry over to a worker here).
    const ts = file.endsWith('.ts');
    const worker = new Worker(ts ? `require('tsx/cjs'); require(${JSON.stringify(file)});` : file, {
      eval: ts,
      workerData: { partialsCli: true, argv: parsed.argv },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdin: false,
    });
    const finish = (code: number, text?: string, error?: unknown) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      if (error !== undefined) code = reportError(error, json, io);
      else if (text) io.stdout(text);
      void worker.terminate();
      resolve(code);
    };
    const timer = parsed.seconds > 0 ? setTimeout(() => finish(2, undefined, new PartialsError(
      `partials ${cmd} was stopped after ${parsed.seconds} s (the time limit). Give a smaller input, or a longer limit with --timeout SECONDS (0: none).`,
      'limit')), parsed.seconds * 1000) : undefined;
    worker.on('message', (m: WorkerReply) => finish(m.code, m.out));
    worker.on('error', (e: Error & { code?: string }) => finish(2, undefined, e.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new PartialsError(`partials ${cmd} ran out of memory (the limit is ${heapMb} MB) and was stopped. Give a smaller input.`, 'limit')
      : new PartialsError(`partials ${cmd} failed: ${boundMessage(e.message)}`, 'input')));
    worker.on('exit', (code) => finish(2, undefined, new PartialsError(`partials ${cmd} stopped unexpectedly (exit ${code}).`, 'input')));
  });
}

/** In the worker thread: run the command, collect its output, send both back. */
function workerMain(argv: string[]): void {
  let out = '';
  const io: CliIO = { ...nodeIO, stdout: (s) => { out += s; } };
  const code = main(argv, io);
  parentPort!.postMessage({ code, out } satisfies WorkerReply);
}

if (!isMainThread && (workerData as { partialsCli?: boolean } | null)?.partialsCli) {
  workerMain((workerData as { argv: string[] }).argv);
} else if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
