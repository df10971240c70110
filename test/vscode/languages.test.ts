// Inspect Selection in each language's own syntax, as the document's language id selects the front end.
import * as assert from 'node:assert/strict';
import { assertClose, closeAll, inspectActive, openWithSelection, partialsApi } from './helpers';
import type { ViewModel } from '../../src/shared/protocol';

const pointOf = (m: ViewModel): Record<string, number> => Object.fromEntries((m.expression?.point ?? []).map((p) => [p.name, p.value]));
const partialsOf = (m: ViewModel): Record<string, number> => Object.fromEntries((m.partials ?? []).map((p) => [p.wrt, p.value]));

interface Case {
  file: string;
  content: string;
  selected: string;
  language: string;
  /** The exact partials at the model's point, computed here independently. */
  expected: (p: Record<string, number>) => Record<string, number>;
}

const CASES: Case[] = [
  {
    file: 'model.py', language: 'python',
    content: 'import numpy as np\n\n\ndef f(x, y):\n    return x**2 * np.sin(y)\n',
    selected: 'x**2 * np.sin(y)',
    expected: ({ x, y }) => ({ x: 2 * x * Math.sin(y), y: x * x * Math.cos(y) }),
  },
  {
    file: 'energy.js', language: 'javascript',
    content: 'function energy(m, v, g, h) {\n  return 0.5 * m * v ** 2 + m * g * h;\n}\n',
    selected: '0.5 * m * v ** 2 + m * g * h',
    expected: ({ m, v, g, h }) => ({ m: 0.5 * v * v + g * h, v: m * v, g: m * h, h: m * g }),
  },
  {
    file: 'smooth.c', language: 'c',
    content: '#include <math.h>\ndouble smooth_abs(double x, double eps) {\n    return sqrt(x * x + eps * eps);\n}\n',
    selected: 'sqrt(x * x + eps * eps)',
    expected: ({ x, eps }) => ({ x: x / Math.hypot(x, eps), eps: eps / Math.hypot(x, eps) }),
  },
  {
    file: 'sigmoid.tex', language: 'latex',
    content: '\\documentclass{article}\n\\begin{document}\n$\\sigma = \\frac{1}{1 + e^{-x}}$\n\\end{document}\n',
    selected: '\\frac{1}{1 + e^{-x}}',
    expected: ({ x }) => ({ x: Math.exp(-x) / (1 + Math.exp(-x)) ** 2 }),
  },
  {
    file: 'notes.md', language: 'latex',
    content: '# Energy\n\nKinetic energy: $\\frac{1}{2} m v^2$\n',
    selected: '\\frac{1}{2} m v^2',
    expected: ({ m, v }) => ({ m: 0.5 * v * v, v: m * v }),
  },
  {
    file: 'neuron.jl', language: 'julia',
    content: 'function neuron(w, x, b)\n    y = tanh(w * x + b)\nend\n',
    selected: 'tanh(w * x + b)',
    expected: ({ w, x, b }) => {
      const s = 1 - Math.tanh(w * x + b) ** 2;
      return { w: x * s, x: w * s, b: s };
    },
  },
];

suite('languages', () => {
  teardown(closeAll);

  for (const c of CASES) {
    test(`${c.file}: read as ${c.language}, partials match the exact values`, async () => {
      const api = await partialsApi();
      await openWithSelection(c.file, c.content, c.selected);
      const { model } = await inspectActive(api);
      assert.equal(model.kind, 'result', JSON.stringify(model.error));
      assert.equal(model.expression?.language, c.language);
      const point = pointOf(model);
      const want = c.expected(point);
      const got = partialsOf(model);
      assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), 'one partial per input');
      for (const [v, value] of Object.entries(want)) assertClose(got[v], value, 1e-12, `∂/∂${v}`);
    });
  }
});
