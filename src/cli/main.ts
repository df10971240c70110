import { readFileSync } from 'node:fs';
import { quote, type CliIO } from './args';
import { runCheck } from './check';
import { runCodegen } from './codegen';
import { runGraph, runInspect } from './inspect';

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
Exit status: 0 ok, 1 a check failed, 2 bad input.
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

if (require.main === module) process.exitCode = main(process.argv.slice(2), nodeIO);
