import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorArgs } from '../../src/extension/commands/editorArgs';

test('a command argument is read field by field: well-formed fields kept, the rest dropped', () => {
  const full = { uri: 'file:///a.py', range: [1, 2, 3, 4], target: 'python', style: 'closed' };
  assert.deepEqual(editorArgs(full), full);
  // VS Code passes several arguments as an array: the first is the one.
  assert.deepEqual(editorArgs([{ uri: 'file:///b.js' }, { uri: 'file:///ignored' }]), { uri: 'file:///b.js' });
  assert.deepEqual(editorArgs({ uri: 42, range: [0, 0, 1], target: null, style: 7 }), {});
  assert.deepEqual(editorArgs({ range: [0, -1, 2, 3] }), {}, 'negative positions are dropped (vscode.Range would throw)');
  assert.deepEqual(editorArgs({ range: [0, 1.5, 2, 3] }), {});
  assert.deepEqual(editorArgs({ range: ['0', 1, 2, 3] }), {});
  assert.deepEqual(editorArgs({ range: [0, 1, 2, 3] }), { range: [0, 1, 2, 3] });
  for (const raw of [undefined, null, 'file:///a', 3, [], [undefined]]) assert.deepEqual(editorArgs(raw), {});
  // An inherited or __proto__ key is not an argument.
  assert.deepEqual(editorArgs(JSON.parse('{"__proto__": {"uri": "file:///evil"}}')), {});
});
