import { parseArgs as nodeParseArgs } from 'node:util';
import { PartialsError, quote } from '../core/errors';

export { quote };

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

/** The options of one subcommand: those that take a value, those that do not, and those that may repeat. */
export interface OptionSpec {
  command: string;
  strings: readonly string[];
  booleans: readonly string[];
  /** Options that accumulate (`--claim a --claim b`); any other repeated option keeps its last value. */
  multiple?: readonly string[];
  /**
   * Value options that are accepted (and shown in the usage) but not in the unknown-option message's list, which
   * stays as it always was for scripts that read it (the tensor engine's --shape).
   */
  unlisted?: readonly string[];
}

/**
 * Node's `util.parseArgs` in strict mode: an unknown or misspelled option is an error (exit 2) naming it, never
 * ignored and never taken as the expression. What the CLI always accepted still holds:
 *   - `--name value` and `--name=value`; a value may start with '-' (`--atol -1` reaches the option's own check,
 *     which says what is wrong with it), but not be another option (`--at --json` is a missing value);
 *   - an argument starting with a single '-' is a positional argument: the expression `-x^2`, or `-` for stdin;
 *   - `--` ends the options.
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const strings = new Set([...spec.strings, ...(spec.unlisted ?? [])]), booleans = new Set(spec.booleans);
  const options: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    // An unknown option stays as it is: util.parseArgs (strict) refuses it, before it can take the next argument.
    if (eq < 0 && strings.has(name)) {
      const next = argv[i + 1];
      const nextName = next?.startsWith('--') ? next.slice(2).split('=')[0] : undefined;
      if (next === undefined || (nextName !== undefined && (strings.has(nextName) || booleans.has(nextName)))) {
        throw new PartialsError(`The option --${name} needs a value.`, 'input');
      }
      options.push(`--${name}=${argv[++i]}`); // joined: util.parseArgs would refuse a value starting with '-'
    } else options.push(a);
  }
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = Object.create(null);
  for (const n of strings) config[n] = { type: 'string', multiple: true };
  for (const n of booleans) config[n] = { type: 'boolean', multiple: true };
  let values: Record<string, Array<string | boolean> | undefined>;
  try {
    // Every option is parsed as `multiple` so that flag() can take the last of a repeated option.
    values = nodeParseArgs({ args: [...options, '--', ...positionals], options: config, strict: true, allowPositionals: true }).values as typeof values;
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw unknownOption(/'--?([^']*)'/.exec(err.message)?.[1] ?? '', spec);
    throw new PartialsError(`${err.message.split('\n')[0]} (partials ${spec.command}).`, 'input');
  }
  const flags = new Map<string, string[]>();
  for (const name of [...strings, ...booleans]) {
    const v = values[name];
    if (v?.length) flags.set(name, v.map(String));
  }
  for (const name of strings) {
    if ((flags.get(name)?.length ?? 0) > 1 && !spec.multiple?.includes(name)) flags.set(name, [flags.get(name)!.at(-1)!]);
  }
  return { positional: positionals, flags };
}

/** "Unknown option '--wrtt'", the nearest known option when one is close, and the command's options. */
function unknownOption(name: string, spec: OptionSpec): PartialsError {
  const known = [...spec.strings, ...spec.booleans];
  const near = [...known, ...(spec.unlisted ?? [])]
    .map((k) => ({ k, d: editDistance(name, k) }))
    .filter((x) => x.d <= (x.k.length <= 3 ? 1 : 2))
    .sort((a, b) => a.d - b.d)[0];
  const hint = near ? ` Did you mean --${near.k}?` : '';
  return new PartialsError(
    `Unknown option ${quote('--' + name)}.${hint} The options of partials ${spec.command} are ${known.map((k) => '--' + k).join(', ')}.`,
    'input',
  );
}


/** Edits (insert, delete, substitute, swap two neighbours) from a to b. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
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
      throw new PartialsError(`Cannot read the point ${quote(part)}: write it as name=number, e.g. --at x=1,y=2.5.`, 'input');
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

/** Longest message the CLI prints, and longest unbroken run of characters in it (a token quoted from the input). */
const MAX_MESSAGE = 600, MAX_RUN = 80;

/**
 * A message as the CLI prints it: whatever quoted the user's text, no run of non-space characters longer than
 * MAX_RUN (the middle becomes '…') and no more than MAX_MESSAGE characters in all.
 */
export function boundMessage(message: string): string {
  const runs = message.replace(new RegExp(`\\S{${MAX_RUN + 1},}`, 'gu'), (t) => `${t.slice(0, MAX_RUN - 20)}…${t.slice(-19)}`);
  return runs.length > MAX_MESSAGE ? `${runs.slice(0, MAX_MESSAGE - 1)}…` : runs;
}

/** Prints an error as the CLI contract says: JSON `{"error": …}` with --json, else a readable line. */
export function reportError(e: unknown, json: boolean, io: CliIO): number {
  const err = e instanceof PartialsError ? e : new PartialsError(e instanceof Error ? e.message : String(e), 'input');
  const message = boundMessage(err.message);
  if (json) io.stdout(JSON.stringify({ error: { message, line: err.line, column: err.column, code: err.code } }) + '\n');
  else io.stdout(`error: ${message}\n`);
  return 2;
}
