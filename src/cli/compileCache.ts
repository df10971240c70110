/**
 * Loads a CommonJS bundle (the CLI's engine, dist/cli.js) with V8's code cache: the first run compiles it and, once
 * the command has run (so the functions it used are compiled too), saves the cache; later runs start from it instead
 * of parsing and compiling half a megabyte again. Works on every Node the CLI supports (vm.Script `cachedData`, as
 * `v8-compile-cache` does; `module.enableCompileCache` needs Node 22.1).
 *
 * The cache is a file per bundle (path, size, mtime), Node version and architecture, in a folder of this user's
 * under os.tmpdir() (created 0700; not used when another user owns it or others may write to it, since code cache
 * is code). V8 refuses a cache made for other source or another V8, and the bundle is then compiled as usual and
 * the cache rewritten. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off. Any failure to read or write
 * the cache only costs the time it would have saved. Writing one keeps the KEPT_PER_BUNDLE newest of that bundle's
 * name (older builds, other installations), so the folder does not grow with every rebuild.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

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

/** Cache files kept per bundle name (dist/cli.js of several installations or builds). */
export const KEPT_PER_BUNDLE = 4;

/** Deletes all but the `keep` newest files `<name>-*.cache` in dir. */
function prune(dir: string, name: string, keep: number): void {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.cache'))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(keep)) unlinkSync(join(dir, f));
}

/** A short, stable hash of a string (FNV-1a, 32 bits), for cache file names. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

export interface Loaded {
  /** The module's exports. */
  exports: unknown;
  /** Whether V8 took the cache (false: none, refused, or turned off). */
  fromCache: boolean;
  /** Writes the cache when there was none that V8 took (call it after the work, so it covers what ran). */
  save(): void;
}

export function loadWithCompileCache(file: string, cacheDir: string | undefined = defaultCacheDir()): Loaded {
  const source = readFileSync(file, 'utf8');
  const off = !cacheDir || /^(1|true)$/i.test(process.env.NODE_DISABLE_COMPILE_CACHE ?? '');
  const dir = off ? undefined : privateDir(cacheDir);
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (dir) {
    const st = statSync(file);
    cacheFile = join(dir, `${basename(file)}-${hash(`${file}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}`)}.cache`);
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return {
    exports: mod.exports,
    fromCache,
    save: () => {
      if (!cacheFile || fromCache) return;
      const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      try {
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile); // whole or not at all, for another process reading it now
      } catch {
        try { unlinkSync(tmp); } catch { /* not written */ }
        return;
      }
      try {
        prune(dirname(cacheFile), basename(file), KEPT_PER_BUNDLE);
      } catch {
        // another process pruned at the same time: nothing lost
      }
    },
  };
}
