/**
 * Property-based hardening with fixed seeds (a few thousand cases in CI; `npm run fuzz` runs 100 000).
 * FUZZ_SCALE multiplies the number of runs (e.g. FUZZ_SCALE=10 locally).
 */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { main } from '../../src/cli/main';
import { arbitraryCode, arbitraryText, assertWellPlaced, checkAnyText, checkValid, LANGUAGE_IDS, validPoint, validProgram } from '../../bench/fuzzgen';
import { checkDeep, checkHostileNames, checkLongToken, checkProtoNames, deepCase, hostileNamesSource, longTokenCase, protoCase } from '../../bench/fuzzhostile';
import assert from 'node:assert/strict';
import { PartialsError } from '../../src/core';

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * scale));

describe('fuzz: random valid programs', () => {
  it('partials agree with Ridders on mathjs-evaluated f; plain text re-parses; LaTeX renders; gradient ≤ 4× f', () => {
    fc.assert(fc.property(validProgram, validPoint, (src, at) => checkValid(src, at)), { numRuns: runs(600), seed: 90210 });
  });
});

describe('fuzz: arbitrary and broken text', () => {
  it('is a well-formed result or a PartialsError with message, line and column — nothing else', () => {
    fc.assert(fc.property(arbitraryText, (text) => checkAnyText(text)), { numRuns: runs(3000), seed: 4242 });
  });

  it('in every language front end (and unknown ids): the same — a result or a well-placed PartialsError', () => {
    fc.assert(fc.property(arbitraryCode, fc.constantFrom(...LANGUAGE_IDS), (text, lang) => checkAnyText(text, lang)), { numRuns: runs(2000), seed: 5150 });
  });

  it('through the CLI: exit 0 with a JSON result, or exit 2 with {"error": {message, line, column}}', () => {
    fc.assert(
      fc.property(arbitraryText, (text) => {
        let out = '';
        const code = main(['inspect', '--file', '-', '--json'], { stdout: (s) => { out += s; }, readFile: () => '', readStdin: () => text });
        const json = JSON.parse(out);
        if (code === 0) {
          assert.ok(Array.isArray(json.partials));
          return;
        }
        assert.equal(code, 2, out);
        const e = json.error;
        assertWellPlaced(new PartialsError(e.message, 'input', e.line, e.column), text);
      }),
      { numRuns: runs(500), seed: 777 },
    );
  });
});

describe('fuzz: hostile classes of issue #16 (npm run fuzz runs more, and compiles a sample)', () => {
  it('hostile names through every target: legal, distinct, non-reserved identifiers and one-line comments', () => {
    fc.assert(fc.property(hostileNamesSource, (s) => checkHostileNames(s)), { numRuns: runs(25), seed: 1616 });
  });
  it('names of Object.prototype give the same values, verdicts and claims as plain names', () => {
    fc.assert(fc.property(protoCase, ([e, to]) => checkProtoNames(e, to)), { numRuns: runs(150), seed: 1617 });
  });
  it('long tokens at the CLI: exit 0, or exit 2 with a bounded message', () => {
    fc.assert(fc.property(longTokenCase(8000), ([n, c, w]) => checkLongToken(n, c, w)), { numRuns: runs(15), seed: 1618 });
  });
  it('deep nesting at the CLI: exit 0 or 2 with a JSON error, never a crash', () => {
    fc.assert(fc.property(deepCase(3000), ([d, k]) => checkDeep(d, k)), { numRuns: runs(12), seed: 1619 });
  });
});
