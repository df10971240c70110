/**
 * Webview → host messages are untrusted input: the host acts only on what parseWebviewMessage returns.
 * Hostile shapes are rejected; accepted messages are rebuilt from checked fields only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromWire, LIMITS, parseWebviewMessage, toWire } from '../../src/shared/protocol';

const parse = (raw: unknown) => parseWebviewMessage(fromWire(raw));

describe('hostile webview messages', () => {
  it('non-objects, missing or unknown types are ignored', () => {
    for (const raw of [null, undefined, 0, 'ready', [], [{ type: 'ready' }], {}, { type: 7 }, { type: 'eval' }, { type: 'constructor' }, { type: '__proto__' }]) {
      assert.equal(parse(raw), undefined, JSON.stringify(raw));
    }
  });

  it('setPoint takes a short name and a finite number only', () => {
    assert.deepEqual(parse({ type: 'setPoint', name: 'x', value: 2 }), { type: 'setPoint', name: 'x', value: 2 });
    for (const value of [NaN, Infinity, -Infinity, '2', { valueOf: () => 2 }, null, [2]]) {
      assert.equal(parse({ type: 'setPoint', name: 'x', value: toWire(value) }), undefined, String(value));
    }
    assert.equal(parse({ type: 'setPoint', name: '', value: 1 }), undefined);
    assert.equal(parse({ type: 'setPoint', name: 'x'.repeat(LIMITS.maxName + 1), value: 1 }), undefined);
    assert.equal(parse({ type: 'setPoint', name: { toString: () => 'x' }, value: 1 }), undefined);
  });

  it('sizes are bounded: copied text, svg, wrt lists, spans', () => {
    assert.equal(parse({ type: 'copy', text: 'x'.repeat(LIMITS.maxText + 1), what: 'plain' }), undefined);
    assert.equal(parse({ type: 'copy', text: 'x', what: 'shell' }), undefined);
    assert.equal(parse({ type: 'svg', requestId: 1, svg: 'x'.repeat(LIMITS.maxSvg + 1) }), undefined);
    assert.equal(parse({ type: 'setWrt', wrt: Array.from({ length: 1001 }, (_, i) => `x${i}`) }), undefined);
    assert.equal(parse({ type: 'setWrt', wrt: ['x', 3] }), undefined);
    for (const span of [{ start: -1, end: 2 }, { start: 5, end: 2 }, { start: 0.5, end: 2 }, { start: '0', end: 2 }]) {
      assert.equal(parse({ type: 'reveal', span }), undefined, JSON.stringify(span));
    }
    assert.equal(parse({ type: 'command', command: 'workbench.action.terminal.new' }), undefined, 'only the listed commands');
  });

  it('accepted messages carry only their checked fields (extra fields are dropped)', () => {
    const m = parse({ type: 'setPoint', name: 'x', value: 1, extra: 'rm -rf /', __proto__: { polluted: true } });
    assert.deepEqual(m, { type: 'setPoint', name: 'x', value: 1 });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('deeply nested payloads are cut off, not recursed without bound', () => {
    let deep: unknown = { type: 'ready' };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    assert.doesNotThrow(() => parse(deep));
    assert.equal(parse(deep), undefined);
  });

  it('random messages never throw, and anything accepted has a known type', () => {
    const known = ['ready', 'togglePin', 'setPoint', 'pointFrom', 'setWrt', 'toggle', 'copy', 'highlight', 'reveal', 'sweep', 'graphOutput', 'graphCollapse', 'svg', 'command'];
    fc.assert(
      fc.property(fc.record({ type: fc.oneof(fc.constantFrom(...known), fc.string()) }, { requiredKeys: [] }).chain((base) =>
        fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 3 }), { maxKeys: 5 }).map((extra) => ({ ...extra, ...base }))), (raw) => {
        const m = parse(raw);
        if (m) assert.ok(known.includes(m.type));
      }),
      { numRuns: 2000, seed: 31337 },
    );
  });
});

it('a __proto__ key on the wire stays data and is not accepted as the message', () => {
  const v = fromWire(JSON.parse('{"__proto__":{"type":"setPoint","name":"x","value":2}}'));
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.equal((v as { type?: string }).type, undefined);
  assert.equal(parseWebviewMessage(v), undefined);
});
