/**
 * The CLI's start (bin/partials.js → dist/cli-launcher.js, a few kilobytes): it takes `--timeout` out of the
 * arguments, answers the usage and unknown commands itself, and runs every command in a worker thread that loads the
 * engine (dist/cli.js) there, with Node's compile cache (compileCache.ts) — the main thread never loads the engine. The
 * main thread stops the worker once the time limit passes (`worker.terminate()` ends it wherever it is — inside a
 * parse, a sweep or a simplification — with no deadline checks threaded through the engine), and the worker's heap
 * is capped (HEAP_LIMIT_MB). Either limit ends the command with a clear message and exit status 2; the output is
 * printed whole or not at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PartialsError, quote } from '../core/errors';
import { boundMessage, reportError, type CliIO } from './args';
import { defaultCacheDir, enableCompileCache, flushCompileCache } from './compileCache';
import { answerWithoutEngine, DEFAULT_TIMEOUT_S, type CommandName } from './usage';

export { DEFAULT_TIMEOUT_S };

/** Heap of the thread that runs a command: a runaway input ends with a message, not with the machine swapping. */
export const HEAP_LIMIT_MB = 2048;

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

/** The engine bundle beside this file (dist/cli.js); from the TypeScript sources, main.ts. */
const defaultEngine = (): string => join(__dirname, __filename.endsWith('.ts') ? 'main.ts' : 'cli.js');

/** What the main thread hands the worker. */
interface WorkerInput {
  partialsCli: true;
  argv: string[];
  /** The engine bundle to load (it exports `main`). */
  engine: string;
  /** The code cache's folder; null: no cache. */
  cacheDir: string | null;
  /** The time limit in seconds (0: none): the engine sizes what it may print by it (inspect.ts setTimeLimit). */
  seconds: number;
  /** Set by the worker once it serves, so the engine bundle (which contains this file too) does not serve again. */
  served?: boolean;
}

/** What the thread running a command sends back: the exit status and everything it printed. */
interface WorkerReply { code: number; out: string }

export interface RunOptions {
  /** The engine bundle the worker loads (default dist/cli.js beside this file); tests build their own. */
  workerFile?: string;
  /** The worker's heap limit in MB (default HEAP_LIMIT_MB). */
  heapMb?: number;
  /** The code cache's folder (default compileCache.ts defaultCacheDir()); null: no cache. */
  cacheDir?: string | null;
}

/** The CLI proper (bin/partials.js): see the top of this file. */
export function runCli(argv: readonly string[], io: CliIO = nodeIO, opts: RunOptions = {}): Promise<number> {
  const json = argv.includes('--json');
  let parsed: { argv: string[]; seconds: number };
  try {
    parsed = takeTimeout(argv);
  } catch (e) {
    return Promise.resolve(reportError(e, json, io));
  }
  // The usage and unknown commands need no engine: answered here, at once (a command's own --help is the engine's).
  const answered = answerWithoutEngine(parsed.argv, io.stdout);
  if (answered !== undefined) return Promise.resolve(answered);
  const cmd = parsed.argv[0] as CommandName;
  return new Promise<number>((resolve) => {
    let done = false;
    const heapMb = opts.heapMb ?? HEAP_LIMIT_MB;
    const data: WorkerInput = {
      partialsCli: true, argv: parsed.argv, seconds: parsed.seconds, engine: opts.workerFile ?? defaultEngine(),
      cacheDir: opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir,
    };
    // The worker runs this very file (serveWorker below). Run from the TypeScript sources (the tests), the worker
    // registers tsx's require hook itself (an --import loader does not carry over to a worker here).
    const ts = __filename.endsWith('.ts');
    const worker = new Worker(ts ? `require('tsx/cjs'); require(${JSON.stringify(__filename)});` : __filename, {
      eval: ts,
      workerData: data,
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

/** In the worker thread: load the engine (from the code cache), run the command, send back its output and status. */
function serveWorker(data: WorkerInput): void {
  data.served = true;
  const cached = enableCompileCache(data.cacheDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main, setTimeLimit } = require(data.engine) as { main(argv: string[], io: CliIO): number; setTimeLimit?(seconds: number): void };
  setTimeLimit?.(data.seconds);
  let out = '';
  const code = main(data.argv, { ...nodeIO, stdout: (s) => { out += s; } });
  if (cached) flushCompileCache();
  parentPort!.postMessage({ code, out } satisfies WorkerReply);
}

let ran = false;
/** `node dist/cli-launcher.js …`, `node dist/cli.js …` (which contains this file) or `node src/cli/main.ts …`: the CLI. */
export function runIfMain(mod: NodeModule): void {
  if (ran || !isMainThread || require.main !== mod) return;
  ran = true;
  void runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

const input = workerData as WorkerInput | null;
if (!isMainThread && input?.partialsCli && !input.served) serveWorker(input);
else runIfMain(module);
