// Loads dist/extension.js (or the web build, dist/web/extension.js) in a fresh Node process with a stub `vscode`
// module and times require + activate(). The stub answers every property access with a callable, constructible
// object, so activation code that only registers things runs as it would in VS Code (and no editor event ever
// fires: a window that never uses Partials). Prints one JSON line: { ok, loadMs, activateMs, loadCpuMs,
// activateCpuMs, subscriptions, engine, idleMs, idleCpuMs, engineAfterIdle, loaded, error? } (CPU time of this process, all
// threads: on a busy machine it is closer than wall time to an idle machine's); `engine` is where the engine runs
// right after activate() ('not started': no worker yet) and idleCpuMs what the process spent in the idleMs after it;
// `loaded`: the files of the extension's dist/ folder that were required by then (dist/engine.js must not be).
import Module, { createRequire } from 'node:module';
import path from 'node:path';

// esbuild's __toESM copies own keys and otherwise inherits from the module's prototype: make that a catch-all.
const catchAll = new Proxy({}, { get: (_t, prop) => (typeof prop === 'string' ? stub(`vscode.${prop}`) : undefined) });

function stub(name) {
  const fn = function () { return stub(`${name}()`); };
  const assigned = new Map();
  return new Proxy(fn, {
    getPrototypeOf() { return catchAll; },
    set(_t, prop, value) { assigned.set(prop, value); return true; },
    get(_t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop === 'then') return undefined; // not a thenable: `await stub` must not hang
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return () => {};
      return stub(`${name}.${String(prop)}`);
    },
    apply() { return stub(`${name}()`); },
    construct() { return stub(`new ${name}`); },
  });
}

const vscodeStub = stub('vscode');
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscodeStub;
  return originalLoad.call(this, request, parent, isMain);
};

const file = path.resolve(process.argv[2] || 'dist/extension.js');
const out = { ok: false, loadMs: NaN, activateMs: NaN };
try {
  const cpuMs = (u) => (u.user + u.system) / 1000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const ext = createRequire(import.meta.url)(file);
  const t1 = performance.now();
  out.loadMs = t1 - t0;
  out.loadCpuMs = cpuMs(process.cpuUsage(c0));
  const root = path.dirname(path.dirname(file));
  const context = {
    subscriptions: [],
    extensionUri: stub('extensionUri'),
    extensionPath: root,
    globalState: stub('globalState'),
    workspaceState: stub('workspaceState'),
    asAbsolutePath: (p) => path.join(root, p),
  };
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  const api = ext.activate(context);
  out.activateMs = performance.now() - t2;
  out.activateCpuMs = cpuMs(process.cpuUsage(c2));
  out.ok = true;
  out.subscriptions = context.subscriptions.length;
  out.engine = api?.engineThread?.();
  // the idle cost: nothing happens in this window for a second
  const c3 = process.cpuUsage();
  out.idleMs = 1000;
  await new Promise((r) => setTimeout(r, out.idleMs));
  out.idleCpuMs = cpuMs(process.cpuUsage(c3));
  out.engineAfterIdle = api?.engineThread?.();
  const dist = path.dirname(file) + path.sep;
  out.loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.startsWith(dist)).map((f) => f.slice(dist.length).split(path.sep).join('/')).sort();
} catch (e) {
  out.error = String(e && e.message ? e.message : e).slice(0, 300);
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
