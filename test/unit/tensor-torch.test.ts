import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { analyzeTensor, type Nested, type Shape } from '../../src/core/tensor';
import { close } from './helpers/numeric';

/**
 * torch.autograd as a third opinion (after the scalarised reference and the numeric checks): the same
 * expressions written in PyTorch, differentiated by autograd in float64 at the same point. Skips, saying
 * why, when /usr/bin/python3 has no torch (Debian package python3-torch).
 */
const PYTHON = '/usr/bin/python3';

interface Case {
  src: string;
  shapes: Record<string, Shape>;
  /** The same function in PyTorch, over tensors named like the inputs. */
  torch: string;
}

const CASES: Case[] = [
  { src: 'sum((X*w - y).^2)', shapes: { X: ['n', 'd'], w: ['d'], y: ['n'] }, torch: '((X @ w - y) ** 2).sum()' },
  { src: "x'*A*x", shapes: { x: ['n'], A: ['n', 'n'] }, torch: 'x @ A @ x' },
  { src: 'trace(A*X)', shapes: { A: ['n', 'm'], X: ['m', 'n'] }, torch: 'torch.trace(A @ X)' },
  { src: 'logdet(X)', shapes: { X: ['n', 'n'] }, torch: 'torch.logdet(X)' },
  { src: 'det(X)', shapes: { X: ['n', 'n'] }, torch: 'torch.det(X)' },
  { src: 'trace(inv(X))', shapes: { X: ['n', 'n'] }, torch: 'torch.trace(torch.inverse(X))' },
  { src: "a'*inv(X)*b", shapes: { a: ['n'], X: ['n', 'n'], b: ['n'] }, torch: 'a @ torch.inverse(X) @ b' },
  { src: "b'*solve(A, c)", shapes: { b: ['n'], A: ['n', 'n'], c: ['n'] }, torch: 'b @ torch.linalg.solve(A, c)' },
  { src: '-log_softmax(z)[2]', shapes: { z: ['k'] }, torch: 'torch.nn.functional.cross_entropy(z.unsqueeze(0), torch.tensor([1]))' },
  { src: '-sum(t .* log_softmax(z))', shapes: { t: ['k'], z: ['k'] }, torch: '-(t * torch.log_softmax(z, 0)).sum()' },
  { src: 'norm(x - a)', shapes: { x: ['n'], a: ['n'] }, torch: 'torch.linalg.norm(x - a)' },
  { src: 'norm(X, "fro")^2', shapes: { X: ['m', 'n'] }, torch: 'torch.linalg.norm(X) ** 2' },
  { src: 'mean((X*w - y).^2)', shapes: { X: ['n', 'd'], w: ['d'], y: ['n'] }, torch: 'torch.nn.functional.mse_loss(X @ w, y)' },
  { src: 'sum(log(1 + exp(-y .* (X*w))))', shapes: { X: ['n', 'd'], w: ['d'], y: ['n'] }, torch: 'torch.log(1 + torch.exp(-y * (X @ w))).sum()' },
  { src: 'sum((W2*tanh(W1*x + b1) + b2 - y).^2)', shapes: { W1: ['h', 'n'], x: ['n'], b1: ['h'], W2: ['k', 'h'], b2: ['k'], y: ['k'] },
    torch: '((W2 @ torch.tanh(W1 @ x + b1) + b2 - y) ** 2).sum()' },
  { src: 'sum(logsumexp(X, 2))', shapes: { X: ['m', 'n'] }, torch: 'torch.logsumexp(X, 1).sum()' },
  { src: 'sum(softmax(X, 2) .* C)', shapes: { X: ['m', 'n'], C: ['m', 'n'] }, torch: '(torch.softmax(X, 1) * C).sum()' },
  { src: 'sum(sigmoid(X*w))', shapes: { X: ['n', 'd'], w: ['d'] }, torch: 'torch.sigmoid(X @ w).sum()' },
  { src: 'sum(sum(X, 1).^2)', shapes: { X: ['m', 'n'] }, torch: '(X.sum(0) ** 2).sum()' },
  { src: "-0.5*(x - mu)'*inv(S)*(x - mu) - 0.5*logdet(S)", shapes: { x: ['n'], mu: ['n'], S: ['n', 'n'] },
    torch: '-0.5 * (x - mu) @ torch.inverse(S) @ (x - mu) - 0.5 * torch.logdet(S)' },
  // reductions along an axis (issue #13; the default points have no ties)
  { src: "max(X, 2)'*v + sum(min(X, 1))", shapes: { X: ['m', 'n'], v: ['m'] }, torch: 'torch.amax(X, dim=1) @ v + torch.min(X, 0).values.sum()' },
  { src: 'mean(sum((X*W - Y).^2, 2))', shapes: { X: ['n', 'd'], W: ['d', 'k'], Y: ['n', 'k'] }, torch: '((X @ W - Y) ** 2).sum(dim=1).mean()' },
  { src: 'mean(logsumexp(Z, 2) - sum(T .* Z, 2))', shapes: { Z: ['m', 'k'], T: ['m', 'k'] }, torch: '(torch.logsumexp(Z, 1) - (T * Z).sum(dim=1)).mean()' },
  // F.cross_entropy with probability targets: the default point's targets (entries in [0.5, 1.5]) do not sum to 1 per row
  { src: 'cross_entropy(Z, T)', shapes: { Z: ['m', 'k'], T: ['m', 'k'] }, torch: 'torch.nn.functional.cross_entropy(Z, T)' },
  { src: 'cross_entropy(Z, T, "sum") + cross_entropy(z, t)', shapes: { Z: ['m', 'k'], T: ['m', 'k'], z: ['n'], t: ['n'] },
    torch: "torch.nn.functional.cross_entropy(Z, T, reduction='sum') + torch.nn.functional.cross_entropy(z, t)" },
  { src: 'cross_entropy(z, 1)', shapes: { z: [4] }, torch: 'torch.nn.functional.cross_entropy(z, torch.tensor(1))' },
  // Kronecker products
  { src: 'sum(kron(A, B) .* G)', shapes: { A: [2, 3], B: [2, 2], G: [4, 6] }, torch: '(torch.kron(A, B) * G).sum()' },
  { src: "u'*kron(A', B)*v + sum(kron(A*C, exp(B)))", shapes: { u: [6], A: [3, 2], B: [3, 2], C: [2, 2], v: [6] },
    torch: 'u @ torch.kron(A.T.contiguous(), B) @ v + torch.kron(A @ C, torch.exp(B)).sum()' },
];

const SCRIPT = `
import json, sys, torch
cases = json.load(sys.stdin)
out = []
for c in cases:
    env = {'torch': torch}
    for k, v in c['point'].items():
        env[k] = torch.tensor(v, dtype=torch.float64, requires_grad=True)
    f = eval(c['torch'], env)
    f.backward()
    out.append({k: env[k].grad.tolist() for k in c['point']})
print(json.dumps(out))
`;

function hasTorch(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return `${PYTHON} is not available (${r.error.message})`;
  if (r.status !== 0) return `${PYTHON} has no torch (install the Debian package python3-torch)`;
  return undefined;
}

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

describe('torch.autograd as a third opinion', () => {
  const missing = hasTorch();
  if (missing) console.log(`# tensor-torch: skipped: ${missing}`);
  it('agrees with the symbolic gradients on the same point', { skip: missing }, () => {
    const analyses = CASES.map((c) => analyzeTensor(c.src, { shapes: c.shapes }));
    const payload = CASES.map((c, i) => ({ torch: c.torch, point: analyses[i].point }));
    const r = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(payload), encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const grads = JSON.parse(r.stdout) as Record<string, Nested>[];
    CASES.forEach((c, i) => {
      for (const p of analyses[i].partials) {
        const ours = flat(p.value!);
        const theirs = flat(grads[i][p.wrt]);
        assert.equal(ours.length, theirs.length, `${c.src} ∂/∂${p.wrt}`);
        ours.forEach((v, k) => assert.ok(close(v, theirs[k], 1e-9, 1e-11), `${c.src} ∂/∂${p.wrt} = ${p.text} [${k}]: ${v} vs torch ${theirs[k]}`));
      }
    });
  });
});
