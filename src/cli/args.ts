import { PartialsError } from '../core/errors';

/** What the CLI needs from the outside world: injected so tests can run commands in-process. */
export interface CliIO {
  stdout(s: string): void;
  readFile(path: string): string;
  readStdin(): string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/**
 * `--name value`, `--name=value`, and boolean `--name`. Flags listed in `booleans` never take a value;
 * others take the next argument. Repeated flags accumulate.
 */
export function parseArgs(argv: string[], booleans: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (k: string, v: string) => flags.set(k, [...(flags.get(k) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-' || !a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) add(name, a.slice(eq + 1));
    else if (booleans.includes(name)) add(name, 'true');
    else {
      if (i + 1 >= argv.length) throw new PartialsError(`The option --${name} needs a value.`, 'input');
      add(name, argv[++i]);
    }
  }
  return { positional, flags };
}

export const flag = (p: ParsedArgs, name: string): string | undefined => p.flags.get(name)?.at(-1);
export const has = (p: ParsedArgs, name: string): boolean => p.flags.has(name);

/** `x=1,y=2.5` → {x: 1, y: 2.5} (numbers as mathjs would read them: 1e-3, -2, .5, pi, e). */
export function parsePoint(text: string | undefined): Record<string, number> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([\p{L}_$][\p{L}\p{N}_$]*)\s*=\s*(.+)$/u.exec(part);
    const named: Record<string, number> = { pi: Math.PI, e: Math.E, inf: Infinity, Infinity: Infinity, '-inf': -Infinity, '-Infinity': -Infinity, nan: NaN, NaN: NaN };
    const isNamed = !!m && Object.hasOwn(named, m[2]);
    const value = m ? (isNamed ? named[m[2]] : Number(m[2])) : NaN;
    if (!m || (Number.isNaN(value) && !isNamed)) {
      throw new PartialsError(`Cannot read the point '${part}': write it as name=number, e.g. --at x=1,y=2.5.`, 'input');
    }
    // defined, not assigned: `--at __proto__=2` names a variable
    Object.defineProperty(out, m[1], { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export const parseList = (text: string | undefined): string[] | undefined =>
  text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter(Boolean);

/** The expression: the positional argument, or `--file F` (`-` for stdin). */
export function readExpression(p: ParsedArgs, io: CliIO): string {
  const file = flag(p, 'file');
  if (file !== undefined) return file === '-' ? io.readStdin() : io.readFile(file);
  if (p.positional[0] === '-') return io.readStdin();
  if (p.positional.length) return p.positional.join(' ');
  throw new PartialsError('Give an expression, e.g. partials inspect "x^2 + y", or --file F (- for stdin).', 'input');
}

/** Prints an error as the CLI contract says: JSON `{"error": …}` with --json, else a readable line. */
export function reportError(e: unknown, json: boolean, io: CliIO): number {
  const err = e instanceof PartialsError ? e : new PartialsError(e instanceof Error ? e.message : String(e), 'input');
  if (json) io.stdout(JSON.stringify({ error: { message: err.message, line: err.line, column: err.column, code: err.code } }) + '\n');
  else io.stdout(`error: ${err.message}\n`);
  return 2;
}
