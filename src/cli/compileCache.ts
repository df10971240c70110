/**
 * V8's code cache for the CLI's engine (dist/cli.js), through Node's own compile cache (`module.enableCompileCache`,
 * Node ≥ 22.1): the first run compiles the bundle and Node writes the cache; later runs start from it instead of
 * parsing and compiling half a megabyte again. On an older Node the engine loads as it always did.
 *
 * The cache lives in a folder of this user's under os.tmpdir() (created 0700; not used when another user owns it or
 * others may write to it, since code cache is code). NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
 * Any failure only costs the time the cache would have saved.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder of this user's caches: `partials-compile-cache-<uid>` in the system's temporary folder. */
export function defaultCacheDir(): string {
  return join(tmpdir(), `partials-compile-cache-${process.getuid?.() ?? 'user'}`);
}

/** A folder only this user can write, created when missing; undefined when that cannot be had. */
function privateDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return undefined;
    if (process.getuid && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

interface NodeCompileCache {
  enableCompileCache?: (dir?: string) => { status: number };
  flushCompileCache?: () => void;
  constants?: { compileCacheStatus?: { ENABLED: number; ALREADY_ENABLED: number } };
}
const node = Module as unknown as NodeCompileCache;

/**
 * Turns Node's compile cache on for what this thread loads from now on, in `dir` (null: off): true when it is on (Node ≥ 22.1, the
 * folder is private, and NODE_DISABLE_COMPILE_CACHE is not set).
 */
export function enableCompileCache(dir: string | null): boolean {
  if (!dir || typeof node.enableCompileCache !== 'function' || /^(1|true)$/i.test(process.env.NODE_DISABLE_COMPILE_CACHE ?? '')) return false;
  const own = privateDir(dir);
  if (!own) return false;
  try {
    const { status } = node.enableCompileCache(own);
    const s = node.constants?.compileCacheStatus;
    return !!s && (status === s.ENABLED || status === s.ALREADY_ENABLED);
  } catch {
    return false;
  }
}

/** Writes what was compiled so far (a worker thread may be stopped before Node would write it at exit). */
export function flushCompileCache(): void {
  try {
    node.flushCompileCache?.();
  } catch {
    // only the time it would have saved
  }
}
