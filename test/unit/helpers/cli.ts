import type { CliIO } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';

/**
 * Runs a CLI command in-process with stdout captured; files and stdin come from the given map and string.
 * `command` defaults to the whole CLI (`main`); a subcommand's runner can be passed instead.
 */
export function runCli(
  argv: string[],
  files: Record<string, string> = {},
  stdin = '',
  command: (argv: string[], io: CliIO) => number = main,
): { code: number; out: string } {
  let out = '';
  const code = command(argv, {
    stdout: (s) => { out += s; },
    readFile: (p) => {
      if (!Object.hasOwn(files, p)) throw new Error(`ENOENT: no such file '${p}'`);
      return files[p];
    },
    readStdin: () => stdin,
  });
  return { code, out };
}
