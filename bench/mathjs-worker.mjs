// Runs mathjs `derivative` for every variable of an expression, in a worker thread so the benchmark can stop it
// (terminate) when it takes too long. One request at a time: { expr, vars, point, simplify, reps, budgetMs }.
import { parentPort } from 'node:worker_threads';
import { derivative, parse } from 'mathjs';

/** parse → derivative for each variable (mathjs simplifies unless told not to) → text: what a user would see. */
function once(expr, vars, simplify) {
  const node = parse(expr);
  return vars.map((v) => {
    const d = derivative(node, v, { simplify });
    return { node: d, text: d.toString() };
  });
}

parentPort.on('message', ({ expr, vars, point, simplify, reps, budgetMs }) => {
  if (expr === undefined) {
    parentPort.postMessage({ ready: true }); // the runner waits for this before it starts the clock
    return;
  }
  try {
    const times = [];
    let last;
    const start = performance.now();
    while (times.length < reps && (times.length === 0 || performance.now() - start < budgetMs)) {
      const t0 = performance.now();
      last = once(expr, vars, simplify);
      times.push(performance.now() - t0);
    }
    const values = last.map((d) => {
      try {
        const v = d.node.evaluate({ ...point });
        return typeof v === 'number' ? v : Number(v);
      } catch {
        return NaN;
      }
    });
    const chars = last.reduce((s, d) => s + d.text.length, 0);
    parentPort.postMessage({ ok: true, times, values, chars });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message ? e.message : e) });
  }
});
