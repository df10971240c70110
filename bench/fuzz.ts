/**
 * `npm run fuzz`: the hardening properties of test/unit/fuzz.test.ts at 100 000 cases in all (the hostile classes
 * of issue #16 — names through every target, prototype names, long tokens, deep nesting — at fixed counts, as
 * each case is heavier; then a sample of hostile names compiled and run in every installed toolchain).
 *
 *   npm run fuzz                      a fresh seed (printed, so a failure can be replayed)
 *   npm run fuzz -- --seed 42         replay
 *   npm run fuzz -- --runs 10000      fewer cases in all
 */
import fc from 'fast-check';
import { main } from '../src/cli/main';
import { PartialsError } from '../src/core';
import { arbitraryCode, arbitraryText, assertWellPlaced, checkAnyText, checkValid, LANGUAGE_IDS, validPoint, validProgram } from './fuzzgen';
import { checkDeep, checkHostileNames, checkLongToken, checkProtoNames, compileSample, deepCase, hostileNamesSource, longTokenCase, protoCase } from './fuzzhostile';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = Number(opt('seed') ?? (Date.now() % 2 ** 31));
const total = Number(opt('runs') ?? 100_000);

function cliProperty(text: string): void {
  let out = '';
  const code = main(['inspect', '--file', '-', '--json'], { stdout: (s) => { out += s; }, readFile: () => '', readStdin: () => text });
  const json = JSON.parse(out);
  if (code === 0) return;
  if (code !== 2) throw new Error(`exit ${code}: ${out.slice(0, 200)}`);
  assertWellPlaced(new PartialsError(json.error.message, 'input', json.error.line, json.error.column), text);
}

const properties: { name: string; share: number; prop: fc.IProperty<never> }[] = [
  { name: 'valid programs: partials vs Ridders, re-parse, KaTeX, cost', share: 0.2, prop: fc.property(validProgram, validPoint, (s, p) => checkValid(s, p)) as unknown as fc.IProperty<never> },
  { name: 'arbitrary text: result or well-placed PartialsError', share: 0.4, prop: fc.property(arbitraryText, (t) => checkAnyText(t)) as unknown as fc.IProperty<never> },
  { name: 'arbitrary code in every language front end: the same', share: 0.3, prop: fc.property(arbitraryCode, fc.constantFrom(...LANGUAGE_IDS), (t, l) => checkAnyText(t, l)) as unknown as fc.IProperty<never> },
  { name: 'CLI: exit 0 or exit 2 with a JSON error', share: 0.1, prop: fc.property(arbitraryText, (t) => cliProperty(t)) as unknown as fc.IProperty<never> },
];
const scaled = (n: number) => Math.max(1, Math.round((n * total) / 100_000));
/** The hostile classes, at counts of their own (a case compiles 12 targets × 6 forms, or reads 60 000 characters). */
export const HOSTILE_PROPERTIES: { name: string; runs: number; prop: fc.IProperty<never> }[] = [
  { name: 'hostile names through every target: legal, distinct, non-reserved names; one-line comments', runs: scaled(1500),
    prop: fc.property(hostileNamesSource, (s) => checkHostileNames(s)) as unknown as fc.IProperty<never> },
  { name: 'prototype names: the same values, partials, check verdicts and claims as plain names', runs: scaled(3000),
    prop: fc.property(protoCase, ([e, to]) => checkProtoNames(e, to)) as unknown as fc.IProperty<never> },
  { name: 'long tokens (1 000–60 000 characters) at the CLI: a bounded message', runs: scaled(300),
    prop: fc.property(longTokenCase(), ([n, c, w]) => checkLongToken(n, c, w)) as unknown as fc.IProperty<never> },
  { name: 'deep nesting (1–20 000) at the CLI: exit 0 or 2 with a JSON error', runs: scaled(150),
    prop: fc.property(deepCase(), ([d, k]) => checkDeep(d, k)) as unknown as fc.IProperty<never> },
];

let failed = 0;
console.log(`fuzz: ${total} cases, seed ${seed}`);
const all = [...properties.map((p) => ({ ...p, runs: Math.round(total * p.share) })), ...HOSTILE_PROPERTIES];
for (const [i, p] of all.entries()) {
  const numRuns = p.runs;
  const t0 = performance.now();
  const details = fc.check(p.prop, { numRuns, seed: seed + i });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (details.failed) {
    failed++;
    console.log(`✗ ${p.name}: failed after ${details.numRuns} runs (${s} s)`);
    console.log(`  counterexample: ${fc.stringify(details.counterexample)}`);
    console.log(`  ${String((details.errorInstance as Error)?.message ?? details.errorInstance).split('\n').slice(0, 6).join('\n  ')}`);
    console.log(`  replay: npm run fuzz -- --seed ${seed} (property ${i + 1}, seed ${seed + i}, path ${details.counterexamplePath})`);
  } else {
    console.log(`✓ ${p.name}: ${details.numRuns} runs (${s} s)`);
  }
}
try {
  const t0 = performance.now();
  const ran = compileSample(fc.sample(hostileNamesSource, { numRuns: Math.max(5, scaled(40)), seed }));
  console.log(`✓ hostile names compiled and run: ${[...ran].map(([t, n]) => `${t} ${n}`).join(', ')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
} catch (e) {
  failed++;
  console.log(`✗ hostile names compiled and run: ${(e as Error).message.split('\n').slice(0, 6).join('\n  ')}`);
}
console.log(failed ? `${failed} propert${failed > 1 ? 'ies' : 'y'} failed` : 'all properties hold');
process.exitCode = failed ? 1 : 0;
