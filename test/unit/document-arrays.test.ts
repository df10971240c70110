/**
 * documentArrays (src/core/tensor/documentArrays.ts): the array literals a document writes above an offset, in
 * NumPy / PyTorch / JAX, MATLAB/Octave and Julia, read without evaluating anything.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { documentArrays } from '../../src/core/tensor/documentArrays';

const demo = (file: string) => readFileSync(join(__dirname, '../../demo', file), 'utf8');

describe('documentArrays: Python', () => {
  it('reads np.array, np.asarray, torch.tensor, jnp.array and lists, multi-line, with keywords', () => {
    const text = [
      'import numpy as np',
      'X = np.array([[1.0, 2.0], [3, -4e-1]])',
      'w = np.asarray([0.5, -.25])',
      'b = torch.tensor([1, 2, 3], dtype=torch.float64, requires_grad=True)',
      'c = jnp.array([',
      '    [1, 2],  # first row',
      '    [3, 4],',
      '])',
      'd = [1, 2, 3,]',
      'lam = 0.1',
      'T = numpy.array(((1, 2), (3, 4)))',
      '',
    ].join('\n');
    assert.deepEqual(documentArrays(text, 'python'), {
      X: [[1, 2], [3, -0.4]], w: [0.5, -0.25], b: [1, 2, 3], c: [[1, 2], [3, 4]], d: [1, 2, 3], lam: 0.1, T: [[1, 2], [3, 4]],
    });
  });

  it('reads zeros, ones, eye and full in NumPy and torch spellings', () => {
    const text = 'a = np.zeros(3)\nB = np.ones((2, 3))\nI = np.eye(2)\nF = np.full((2, 2), 0.5)\nz = torch.zeros(2, 2, dtype=torch.float64)\n';
    assert.deepEqual(documentArrays(text, 'python'), {
      a: [0, 0, 0], B: [[1, 1, 1], [1, 1, 1]], I: [[1, 0], [0, 1]], F: [[0.5, 0.5], [0.5, 0.5]], z: [[0, 0], [0, 0]],
    });
  });

  it('never evaluates: names, calls, ragged or rank-3 literals and random arrays are skipped', () => {
    const text = [
      'a = np.array([x, 1])', 'b = np.array(data)', 'c = [[1, 2], [3]]', 'd = [[[1]]]', 'e = np.random.randn(3)',
      'f = np.array([1, 2]) + 1', 'g = [__import__("os")]', 'h = []', 's = "[1, 2]"', '# k = [1, 2]', 'm = np.array([1, 2]).T',
    ].join('\n');
    assert.deepEqual(documentArrays(text, 'python'), {});
  });

  it('stops at the offset, and a later non-literal assignment forgets the earlier value', () => {
    const text = 'w = [1, 2]\nv = [3, 4]\nw = v * 2\nu = [5, 6]\n';
    assert.deepEqual(documentArrays(text, 'python', text.indexOf('u =')), { v: [3, 4] });
    assert.deepEqual(documentArrays(text, 'python', text.indexOf('v =')), { w: [1, 2] });
  });

  it('reads the least-squares demo above its loss', () => {
    const text = demo('least_squares.py');
    const found = documentArrays(text, 'python', text.indexOf('def loss'));
    assert.deepEqual(found.w, [0.5, -0.25, 1.0]);
    assert.deepEqual(found.y, [1.0, 0.0, 2.0, -1.0]);
    assert.deepEqual(found.X, [[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [1.5, 0.2, -0.7], [-0.4, 1.1, 0.9]]);
    assert.equal(found.lam, 0.1);
  });
});

describe('documentArrays: MATLAB/Octave and Julia', () => {
  it('reads MATLAB matrices, vectors, transposes, continuation lines and fills', () => {
    const text = [
      'A = [1 2; 3 4];', 'x = [1; -2; 3];', 'r = [1, 2, 3];', "c = [1 2 3]';", 'B = [1 2', '     3 4];',
      "At = [1 2; 3 4]';", 'Z = zeros(2, 3); I = eye(2);', 'q = ones(2);', 'lambda = 0.5;', 'n = [1 -2];', '% C = [9 9; 9 9];',
      'D = [1 2 ...', '  3 4];',
    ].join('\n');
    assert.deepEqual(documentArrays(text, 'matlab'), {
      A: [[1, 2], [3, 4]], x: [1, -2, 3], r: [1, 2, 3], c: [1, 2, 3], B: [[1, 2], [3, 4]], At: [[1, 3], [2, 4]],
      Z: [[0, 0, 0], [0, 0, 0]], I: [[1, 0], [0, 1]], q: [[1, 1], [1, 1]], lambda: 0.5, n: [1, -2], D: [1, 2, 3, 4],
    });
  });

  it('reads .m files that VS Code opens as Objective-C', () => {
    assert.deepEqual(documentArrays('% ridge\nX = [1 2; 3 4];\n', 'objective-c'), { X: [[1, 2], [3, 4]] });
  });

  it('reads Julia matrices and vectors, and skips names and comprehensions', () => {
    const text = 'A = [1 2; 3 4]\nμ = [0.5, -1.0]\nz = zeros(3)\nI2 = [1.0 0.0\n      0.0 1.0]\nB = [a 1; 2 3]\nC = [i for i in 1:3]\n# D = [1 2]\n';
    assert.deepEqual(documentArrays(text, 'julia'), { A: [[1, 2], [3, 4]], μ: [0.5, -1], z: [0, 0, 0], I2: [[1, 0], [0, 1]] });
  });
});
