/**
 * What the CLI answers without its engine: the usage text, the command names, `--help` and unknown commands. Shared
 * by the launcher (src/cli/launcher.ts, which must stay small: it answers these at once, without loading the engine)
 * and by `main` (src/cli/main.ts).
 */
import { quote } from '../core/errors';

/** Seconds a command may run before it is stopped (`--timeout`). */
export const DEFAULT_TIMEOUT_S = 5;

/** The commands, in the order the usage lists them. */
export const COMMAND_NAMES = ['inspect', 'graph', 'check', 'codegen'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Own names only: `constructor`, `__proto__`, `toString` … are unknown commands like any other word. */
export const isCommand = (cmd: string | undefined): cmd is CommandName => (COMMAND_NAMES as readonly string[]).includes(cmd as string);

export const USAGE = `partials — derivatives of the formula you give it

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

/**
 * The usage (no command, `--help`, `-h`, `help`: exit 2 without a command, else 0) and unknown commands (exit 2):
 * what needs no engine. undefined for a known command, which its runner answers.
 */
export function answerWithoutEngine(argv: readonly string[], stdout: (s: string) => void): number | undefined {
  const cmd = argv[0];
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    stdout(USAGE);
    return cmd ? 0 : 2;
  }
  if (!isCommand(cmd)) {
    stdout(`Unknown command ${quote(cmd)}: the commands are ${COMMAND_NAMES.join(', ')}.\n\n${USAGE}`);
    return 2;
  }
  return undefined;
}
