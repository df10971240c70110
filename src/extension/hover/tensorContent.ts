/**
 * The hover of a vectorised selection (`np.sum((X @ w - y)**2)`), as pure functions: per input, the gradient in
 * matrix notation typeset small (`2 Xᵀ(X w − y)`) next to its value as a truncated matrix, within the same
 * budgets as the scalar hover (rows, image bytes, formula length).
 */
import type { Nested, TensorAnalysis } from '../../core/tensor';
import { COMPACT_LATEX_CHARS, COMPACT_PLAIN_CHARS, HOVER_IMAGE_BYTES, HOVER_POINT_NAMES, MAX_ROWS, type CompactRow, type HoverData } from './content';
import type { SvgStyle } from './mathSvg';
import { renderTexRows } from './texSvg';
import { t } from '../l10n';

/** A truncated matrix shows at most this many rows and columns (then ⋯ / ⋮). */
export const MATRIX_EDGE = 4;
/** Formulas of a vectorised hover: the matrix makes them taller than a scalar row's. */
export const TENSOR_FORMULA = { fontSize: 12, maxWidth: 420, maxHeight: 96 } as const;

const shapeOf = (v: Nested): number[] => (typeof v === 'number' ? [] : Array.isArray(v[0]) ? [v.length, (v[0] as Nested[]).length] : [v.length]);

/** `[0.5, −1, 2]`, `[[1, 2, ⋯], [3, 4, ⋯], ⋯]`: a value on one line, at most MATRIX_EDGE entries a side. */
export function valueText(v: Nested | null | undefined, fmt: (x: number) => string, edge = MATRIX_EDGE): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return fmt(v);
  const row = (r: number[]) => `[${r.slice(0, edge).map(fmt).join(', ')}${r.length > edge ? ', ⋯' : ''}]`;
  if (v.every((x) => typeof x === 'number')) return row(v as number[]);
  const rows = v as number[][];
  return `[${rows.slice(0, edge).map(row).join(', ')}${rows.length > edge ? ', ⋯' : ''}]`;
}

/** The value as a LaTeX matrix (a vector as a column), truncated with ⋯ ⋮ ⋱ past MATRIX_EDGE. */
export function valueLatex(v: Nested, fmt: (x: number) => string, edge = MATRIX_EDGE): string {
  if (typeof v === 'number') return tex(fmt(v));
  const m: number[][] = v.every((x) => typeof x === 'number') ? (v as number[]).map((x) => [x]) : (v as number[][]);
  const cut = m.length > edge;
  const cols = m[0]?.length ?? 0;
  const cutCols = cols > edge;
  const lines = m.slice(0, edge).map((r) => [...r.slice(0, edge).map((x) => tex(fmt(x))), ...(cutCols ? ['\\cdots'] : [])].join(' & '));
  if (cut) lines.push([...new Array<string>(Math.min(cols, edge)).fill('\\vdots'), ...(cutCols ? ['\\ddots'] : [])].join(' & '));
  return `\\begin{pmatrix}${lines.join(' \\\\ ')}\\end{pmatrix}`;
}

/** A formatted number as LaTeX (its minus sign, exponent). */
function tex(s: string): string {
  return s.replace(/−/g, '-').replace(/e([-+]?\d+)$/, (_m, e: string) => `\\times 10^{${Number(e)}}`).replace(/[^0-9.\-+{}^\\a-z ]/gi, '');
}

const shapeLabel = (s: readonly (number | string)[]) => (s.length ? s.join('×') : t('scalar'));

/** The hover's rows for a tensor analysis (gradients of a scalar output), same shape as the scalar hover's. */
export function tensorHoverData(a: TensorAnalysis, inputs: readonly string[], fmt: (x: number) => string, style: SvgStyle): HoverData {
  let imageBytes = 0;
  const rows: CompactRow[] = a.partials.slice(0, MAX_ROWS).map((p) => {
    const head = p.text.slice(0, COMPACT_PLAIN_CHARS + 1).split('\n').join(' ');
    const plain = p.text.length > COMPACT_PLAIN_CHARS ? `${head.slice(0, COMPACT_PLAIN_CHARS - 1)}…` : head;
    const differentiable = p.differentiable !== false;
    const value = p.value === undefined || p.value === null ? '—' : valueText(p.value, fmt);
    let image: CompactRow['image'];
    if (p.latex.length <= COMPACT_LATEX_CHARS) {
      const withValue = p.value !== undefined && p.value !== null && typeof p.value !== 'number' ? `${p.latex} = ${valueLatex(p.value, fmt)}` : p.latex;
      for (const latex of [withValue, p.latex]) {
        try {
          const img = renderTexRows([{ latex }], { ...style, fontSize: TENSOR_FORMULA.fontSize, maxWidth: TENSOR_FORMULA.maxWidth });
          const fits = img.height <= TENSOR_FORMULA.maxHeight && img.width <= TENSOR_FORMULA.maxWidth + 40;
          if (fits && imageBytes + img.svg.length <= HOVER_IMAGE_BYTES) {
            image = img;
            imageBytes += img.svg.length;
            break;
          }
        } catch {
          // outside the typesetter's subset: the plain form
        }
      }
    }
    return {
      of: 'f', wrt: p.wrt, value: `${shapeLabel(p.shape)}: ${value}`, differentiable,
      alt: `∇${p.wrt} f = ${plain}`, ...(image ? { image } : {}), plain,
    };
  });
  const names = inputs.filter((n) => Object.hasOwn(a.point, n));
  const shown = names.slice(0, HOVER_POINT_NAMES).map((n) => {
    const v = a.point[n];
    return typeof v === 'number' ? `${n} = ${fmt(v)}` : `${n} ${shapeLabel(shapeOf(v))}`;
  });
  if (names.length > HOVER_POINT_NAMES) shown.push(t('… ({0} in all)', names.length));
  return { rows, point: shown.join(', '), total: a.partials.length };
}
