import { PartialsError } from '../../errors';
import type { Span } from '../../errors';
import type { TNodeId } from '../graph';
import { MUL, type P, type PrintContext } from './types';
import { t as l10n } from '../../l10n';

/** The text of p, in parentheses when it binds less tightly than `min`. */
export const wrap = (p: P, min: number): string => (p.p < min ? `(${p.t})` : p.t);

/** A left-associative binary operator: the right operand is parenthesised at equal precedence. */
export const binary = (a: P, op: string, b: P, prec: number): P => ({ t: `${wrap(a, prec)} ${op} ${wrap(b, prec + 1)}`, p: prec });

/** A finite number as a literal every target reads as a double: 2.0, 0.5, 1e-08. */
export function literal(v: number): string {
  const s = String(v);
  return /[.eE]/.test(s) || !Number.isFinite(v) ? s : `${s}.0`;
}

/** The product of a count node's dimensions. */
export function countOf(ctx: PrintContext, n: TNodeId): P {
  const dims = ctx.tg.countDims(n).map((d) => ctx.dim(d));
  return dims.length === 1 ? { t: dims[0], p: 5 } : { t: dims.join(' * '), p: MUL };
}

export function unsupportedFunction(name: string, target: string, span?: Span): PartialsError {
  return new PartialsError(l10n('{0} has no vectorised {1} form in the generated code yet; choose another target or rewrite it.', name, target), 'unsupported', 1, 1, span);
}
