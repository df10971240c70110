import { PartialsError } from '../errors';
import { t } from '../l10n';

/**
 * Parser for claim strings as the CLI takes them: `df/dx = …`, `∂f/∂x = …`, `d/dx = …` (the only output),
 * `dfdx = …` and `df_dx = …`. Run-together names (`dlossdw`) are split using the outputs and variables the
 * expression actually has, so the split is never a guess.
 */
export interface ParsedClaim {
  of: string;
  wrt: string;
  /** The claimed derivative (mathjs syntax) and its offset in the claim string. */
  expr: string;
  exprOffset: number;
  source: string;
}

export interface ClaimContext {
  outputs: readonly string[];
  /** Every variable of the expression (inputs and constants). */
  variables: readonly string[];
}

const FORMS = (): string => t("write it as 'df/dx = …', 'dfdx = …' or 'df_dx = …'");
const ID = '[A-Za-z_][A-Za-z0-9_]*';
const FRACTION = new RegExp(`^\\s*[d∂]\\s*(?:\\(\\s*(${ID})\\s*\\)|(${ID}))?\\s*/\\s*[d∂]\\s*(?:\\(\\s*(${ID})\\s*\\)|(${ID}))\\s*$`, 'u');

export function parseClaim(text: string, ctx: ClaimContext): ParsedClaim {
  const eq = findAssignment(text);
  if (eq < 0) throw new PartialsError(t("The claim '{0}' has no '=': {1}.", text.trim(), FORMS()), 'input', 1, 1);
  const lhs = text.slice(0, eq);
  const rhsRaw = text.slice(eq + 1);
  const lead = rhsRaw.length - rhsRaw.trimStart().length;
  const expr = rhsRaw.trim();
  const exprOffset = eq + 1 + lead;
  if (!expr) throw new PartialsError(t("The claim '{0}' has nothing after '='.", text.trim()), 'input', 1, eq + 2);
  const startCol = lhs.length - lhs.trimStart().length + 1;

  const m = FRACTION.exec(lhs);
  if (m) {
    const ofName = m[1] ?? m[2];
    const wrt = m[3] ?? m[4];
    const of = ofName ?? onlyOutput(ctx, text, startCol);
    checkNames(of, wrt, ctx, text, startCol);
    return { of, wrt, expr, exprOffset, source: text.trim() };
  }
  const name = lhs.trim();
  if (/^[d][A-Za-z0-9_]+$/.test(name)) {
    const split = splitRunTogether(name, ctx);
    if (split) return { ...split, expr, exprOffset, source: text.trim() };
    throw new PartialsError(t("The claim's left side '{0}' does not name an output and a variable of the expression (outputs: {1}; variables: {2}): {3}.", name, ctx.outputs.join(', ') || t('none'), ctx.variables.join(', ') || t('none'), FORMS()), 'input', 1, startCol);
  }
  throw new PartialsError(t("Cannot read the claim's left side '{0}': {1}.", name, FORMS()), 'input', 1, startCol);
}

/** Index of the '=' that separates the sides (not part of ==, <=, >=, !=). */
function findAssignment(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '=') continue;
    const prev = text[i - 1], next = text[i + 1];
    if (next === '=' || prev === '=' || prev === '<' || prev === '>' || prev === '!') continue;
    return i;
  }
  return -1;
}

function onlyOutput(ctx: ClaimContext, text: string, col: number): string {
  if (ctx.outputs.length === 1) return ctx.outputs[0];
  throw new PartialsError(t("The claim '{0}' does not say which output it differentiates (outputs: {1}).", text.trim(), ctx.outputs.join(', ')), 'input', 1, col);
}

function checkNames(of: string, wrt: string, ctx: ClaimContext, text: string, col: number): void {
  if (!ctx.outputs.includes(of)) {
    throw new PartialsError(t("The claim '{0}' is about '{1}', which is not an output (outputs: {2}).", text.trim(), of, ctx.outputs.join(', ') || t('none')), 'input', 1, col);
  }
  if (!ctx.variables.includes(wrt)) {
    throw new PartialsError(t("The claim '{0}' differentiates with respect to '{1}', which is not a variable of {2} (variables: {3}).", text.trim(), wrt, of, ctx.variables.join(', ') || t('none')), 'input', 1, col);
  }
}

/** d<of>d<wrt> or d<of>_d<wrt>: every split at a 'd' is tried; exactly one must name an output and a variable. */
function splitRunTogether(name: string, ctx: ClaimContext): { of: string; wrt: string } | undefined {
  const rest = name.slice(1);
  const found: { of: string; wrt: string }[] = [];
  for (let i = 1; i < rest.length - 1; i++) {
    if (rest[i] !== 'd') continue;
    let of = rest.slice(0, i);
    if (of.endsWith('_')) of = of.slice(0, -1);
    const wrt = rest.slice(i + 1);
    if (ctx.outputs.includes(of) && ctx.variables.includes(wrt)) found.push({ of, wrt });
  }
  const unique = [...new Map(found.map((f) => [`${f.of}/${f.wrt}`, f])).values()];
  return unique.length === 1 ? unique[0] : undefined;
}
