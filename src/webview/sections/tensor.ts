/**
 * A vectorised selection in the inspector: the loss with its inputs' shapes (a size field for each symbolic
 * size), the point editor for arrays (a grid for small ones, fill actions for any), the gradients in matrix
 * notation with their values as small typeset matrices (truncated with ⋯, with the shape and the norm), and the
 * tensor checks per input. The sections keep the scalar ids (expression, partials, checks), so commands that
 * focus a section find it.
 */
import { button, h, numberField } from '../dom';
import type { Ctx } from '../context';
import { formatError, parseUserNumber } from '../../shared/format';
import { MAX_TENSOR_DIM, type NestedNum, type TensorCheckView, type TensorFill, type TensorEntryView, type TensorInputView, type TensorTermView } from '../../shared/protocol';
import { mathElement, partialLatex, texName } from '../math';
import { matrixLatex, shapeText, shortValue } from '../matrix';
import { badge, note, section } from './section';
import { t } from '../l10n';

const SOURCE_LABEL = { user: 'set', document: 'document', default: 'default', random: 'random' } as const;
const sourceLabel = (s: string): string => (Object.hasOwn(SOURCE_LABEL, s) ? t(SOURCE_LABEL[s as keyof typeof SOURCE_LABEL]) : s);

/** The value typeset, with its shape and norm; the plain form is its accessible name. */
function valueBlock(ctx: Ctx, v: NestedNum | null, shape: number[], normValue: number, testid: string): HTMLElement {
  const max = ctx.model.tensor?.maxEntries ?? 6;
  const plain = shortValue(v, ctx.fmt, max);
  return h('div', { class: 'tensor-value', 'data-testid': testid, 'data-shape': shape.join('x') },
    mathElement(`= ${matrixLatex(v, ctx.fmt, max)}`, `= ${plain}`),
    h('span', { class: 'meta tensor-meta', 'data-testid': `${testid}-meta` },
      shape.length ? t(shape.length === 1 ? 'shape {0} · 2-norm {1}' : 'shape {0} · Frobenius norm {1}', shapeText(shape), ctx.fmt(normValue)) : t('scalar')));
}

export function tensorExpressionSection(ctx: Ctx): HTMLElement | null {
  const tv = ctx.model.tensor;
  if (!tv) return null;
  const o = tv.output;
  const outputs = h('div', { class: 'outputs', 'data-testid': 'outputs' },
    h('div', { class: 'output-row', 'data-output': 'f' },
      mathElement(`f = ${o.latex}`, `f = ${o.text}`, true),
      typeof o.value === 'number' ? h('span', { class: 'value', title: t('Value at the point'), 'data-testid': 'tensor-output-value' }, '= ', ctx.fmt(o.value)) : null));
  const shapes = h('p', { class: 'meta tensor-shapes', 'data-testid': 'tensor-shapes' },
    badge(tv.language, 'language', t('Language the selection was read as (tensor engine)')), ' ',
    ...tv.inputs.flatMap((i, k) => [k ? ', ' : '', h('span', { class: 'tensor-shape', 'data-name': i.name }, `${i.name} ${shapeText(i.shape)}`)]));
  return section(ctx, 'expression', t('Expression'), outputs, shapes, sizeFields(ctx), pointEditor(ctx));
}

/** A number field per symbolic size (n, d …): changing it inspects again at that size. */
function sizeFields(ctx: Ctx): HTMLElement | null {
  const tv = ctx.model.tensor!;
  if (!tv.dims.length) return null;
  const uses = (sym: string) => tv.inputs.filter((i) => i.symbolic.includes(sym)).map((i) => i.name).join(', ');
  return h('div', { class: 'tensor-dims', role: 'group', 'aria-label': t('Sizes nobody fixed') },
    h('span', { class: 'meta' }, t('sizes'), ' '),
    ...tv.dims.map((d) => {
      const id = `tensor-dim-${d.symbol}`;
      const input = h('input', {
        type: 'number', min: 1, max: MAX_TENSOR_DIM, step: 1, class: 'dim-input', id, 'data-testid': id, value: String(d.size),
        'aria-label': t('Size {0} (of {1})', d.symbol, uses(d.symbol)), title: t('The size {0} stays symbolic in the derivation; it is {1} at this point', d.symbol, d.size),
      });
      const whole = (text: string) => {
        const v = Number(text);
        return Number.isInteger(v) && v >= 1 && v <= MAX_TENSOR_DIM ? v : undefined;
      };
      numberField(input, d.size, whole, t('Enter a whole number from 1 to {0}', MAX_TENSOR_DIM),
        (v) => ctx.post({ type: 'tensorDim', symbol: d.symbol, size: v }));
      return h('label', { class: 'dim-field', for: id }, `${d.symbol} = `, input);
    }));
}

/** Each fill action: its button label and its accessible name ({0} the input). */
const FILLS = [
  ['random', 'Random', 'Fill {0} with random'], ['zeros', 'Zeros', 'Fill {0} with zeros'], ['ones', 'Ones', 'Fill {0} with ones'],
  ['identity', 'Identity', 'Fill {0} with identity'], ['spd', 'SPD', 'Fill {0} with a symmetric positive definite matrix'],
] as const satisfies ReadonlyArray<readonly [TensorFill, string, string]>;

function pointEditor(ctx: Ctx): HTMLElement {
  const tv = ctx.model.tensor!;
  const actions = h('div', { class: 'actions' },
    button(t('From document'), () => ctx.post({ type: 'pointFrom', source: 'document' }), { 'data-testid': 'point-from-document', title: t('Use numbers assigned in the document (scalar inputs)') }),
    button(t('Randomise'), () => ctx.post({ type: 'pointFrom', source: 'random' }), { 'data-testid': 'point-random', title: t('Random entries for every input') }),
    button(t('Defaults'), () => ctx.post({ type: 'pointFrom', source: 'default' }), { 'data-testid': 'point-default', title: t('The default point and sizes') }));
  return h('div', { class: 'point-editor tensor-point', 'data-testid': 'tensor-point' }, ...tv.inputs.map((i) => inputEditor(ctx, i)), actions);
}

function inputEditor(ctx: Ctx, i: TensorInputView): HTMLElement {
  const max = ctx.model.tensor!.maxEntries;
  const square = i.shape.length === 2 && i.shape[0] === i.shape[1];
  const fills = i.shape.length === 0 ? [] : FILLS.filter(([f]) => (f === 'identity' || f === 'spd' ? square : true));
  const fillBar = fills.length
    ? h('span', { class: 'fill-actions', role: 'group', 'aria-label': t('Fill {0}', i.name) },
      ...fills.map(([f, label, aria]) => button(t(aria, i.name),
        () => ctx.post({ type: 'tensorFill', name: i.name, fill: f }), { class: 'link-button', 'data-testid': `tensor-fill-${i.name}-${f}` }, t(label))))
    : null;
  const rows = i.shape.length === 2 ? i.shape[0] : 1;
  const cols = i.shape.length === 2 ? i.shape[1] : i.shape.length === 1 ? i.shape[0] : 1;
  const grid = rows <= max && cols <= max
    ? entryGrid(ctx, i, rows, cols)
    : h('p', { class: 'meta' }, t('{0} entries, too many for the grid:', rows * cols), ' ', h('code', {}, shortValue(i.value, ctx.fmt, max)), ' — ', t('use a fill action.'));
  return h('div', { class: 'tensor-input', 'data-testid': `tensor-input-${i.name}` },
    h('div', { class: 'tensor-input-head' },
      wrtCheck(ctx, i), ' ',
      h('strong', {}, i.name), ` ${shapeText(i.shape)} `,
      badge(sourceLabel(i.source), `source-${i.source}`, t('Value from: {0}', sourceLabel(i.source))), ' ', fillBar),
    grid);
}

/**
 * ∂: whether the gradient with respect to this input is computed (like the scalar point editor's column). A
 * training step wants the parameters only, not the data matrices; the last one checked stays checked.
 */
function wrtCheck(ctx: Ctx, i: TensorInputView): HTMLElement {
  const tv = ctx.model.tensor!;
  const wrt = new Set(tv.gradients.map((g) => g.wrt));
  const checked = wrt.has(i.name);
  const only = checked && wrt.size === 1;
  const check = h('input', {
    type: 'checkbox', class: 'wrt-check', id: `wrt-${i.name}`, 'data-testid': `wrt-${i.name}`, checked,
    'aria-label': t('Differentiate with respect to {0}', i.name),
    ...(only ? { disabled: true, title: t('At least one input stays differentiated') } : {}),
  });
  check.addEventListener('change', () => {
    const next = new Set(wrt);
    if (check.checked) next.add(i.name);
    else next.delete(i.name);
    // the inputs' order, as the engine lists them
    ctx.post({ type: 'setWrt', wrt: tv.inputs.map((q) => q.name).filter((n) => next.has(n)) });
  });
  return h('label', { class: 'wrt-label', title: t('Differentiate with respect to this variable') }, check, '∂');
}

/** A grid of number fields, one per entry (Enter or leaving a field sets it; Escape restores it). */
function entryGrid(ctx: Ctx, i: TensorInputView, rows: number, cols: number): HTMLElement {
  const at = (r: number, c: number): number => {
    const v = i.value;
    if (typeof v === 'number') return v;
    const row = i.shape.length === 2 ? (v[r] as NestedNum[]) : v;
    const x = row[c];
    return typeof x === 'number' ? x : NaN;
  };
  const cell = (r: number, c: number) => {
    const index = i.shape.length === 2 ? [r, c] : i.shape.length === 1 ? [c] : [];
    const name = index.length ? `${i.name}[${index.map((k) => k + 1).join(', ')}]` : i.name;
    const value = at(r, c);
    const input = h('input', {
      type: 'text', inputmode: 'decimal', class: 'point-input grid-input', spellcheck: 'false', autocomplete: 'off',
      'data-testid': `tensor-entry-${i.name}-${index.join('-') || '0'}`, value: String(value), 'aria-label': t('Entry {0}', name),
    });
    numberField(input, value, parseUserNumber, t('Enter a finite number, e.g. 1.5 or -2e-3'),
      (v) => ctx.post({ type: 'tensorEntry', name: i.name, index, value: v }));
    return h('td', {}, input);
  };
  return h('div', { class: 'table-scroll' }, h('table', { class: 'tensor-grid', 'aria-label': t('Entries of {0}', i.name) },
    h('tbody', {}, ...Array.from({ length: rows }, (_, r) => h('tr', {}, ...Array.from({ length: cols }, (_, c) => cell(r, c)))))));
}

export function tensorGradientsSection(ctx: Ctx): HTMLElement | null {
  const tv = ctx.model.tensor;
  if (!tv) return null;
  const list = h('ul', { class: 'partials tensor-gradients', 'data-testid': 'partials-list', 'aria-label': t('Gradients') },
    ...tv.gradients.map((g) => gradientItem(ctx, g)));
  return section(ctx, 'partials', t('Gradient'),
    tv.gradients.length ? list : note(t('Nothing to differentiate: no inputs.')),
    valueNote(ctx));
}

function valueNote(ctx: Ctx): HTMLElement {
  const max = ctx.model.tensor!.maxEntries;
  return h('p', { class: 'meta' }, t('Values past {0} rows or columns are truncated with ⋯ (setting partials.tensor.maxEntries). Every entry of a matrix input is an independent variable.', max));
}

function gradientItem(ctx: Ctx, g: TensorTermView): HTMLElement {
  const id = `gradient-${g.wrt}`;
  const copy = (what: 'latex' | 'plain', text: string, label: string) =>
    button(t('Copy {0} of {1}', label, `∇_${g.wrt} f`), () => ctx.post({ type: 'copy', text, what }), { class: 'icon-button', 'data-testid': `copy-${what}-f-${g.wrt}` }, label);
  const open = !!g.entrywise && Array.isArray(ctx.ui.entrywise) && ctx.ui.entrywise.includes(g.wrt);
  const entrywise = g.entrywise?.length
    ? button(t('Every entry of {0} written out: its partial, as a scalar formula', `∇_${g.wrt} f`), () => {
      const list = Array.isArray(ctx.ui.entrywise) ? ctx.ui.entrywise.filter((k) => k !== g.wrt) : [];
      ctx.ui.entrywise = open ? list : [...list, g.wrt];
      ctx.save();
      ctx.refresh();
      document.querySelector<HTMLElement>(`[data-testid="entrywise-${CSS.escape(g.wrt)}"]`)?.focus();
    }, { class: 'icon-button', 'data-testid': `entrywise-${g.wrt}`, 'aria-expanded': String(open), 'aria-controls': `${id}-entries` }, t('Entrywise'))
    : null;
  return h('li', { class: `partial tensor-gradient${g.differentiable ? '' : ' non-smooth'}`, id, 'data-testid': id, 'data-wrt': g.wrt },
    h('div', { class: 'partial-math', 'data-testid': `gradient-formula-${g.wrt}` },
      mathElement(`\\nabla_{${texName(g.wrt)}} f = ${g.latex}`, `∇_${g.wrt} f = ${g.text}`, true)),
    valueBlock(ctx, g.value, g.shape, g.norm, `tensor-value-${g.wrt}`),
    h('div', { class: 'partial-meta' },
      g.differentiable ? null : badge(t('non-differentiable here'), 'non-differentiable-here', g.notes.join('\n')),
      h('span', { class: 'copy-buttons' }, entrywise, copy('latex', g.latex, 'LaTeX'), copy('plain', g.expr, t('Plain')))),
    open && g.entrywise ? entryList(ctx, g.wrt, g.entrywise, `${id}-entries`) : null,
    g.notes.length ? h('ul', { class: 'notes' }, ...g.notes.map((n) => h('li', {}, n))) : null);
}

/** ∂f/∂w₁ = …, ∂f/∂w₂ = …: the selection written out entry by entry, each entry's partial and its value. */
function entryList(ctx: Ctx, wrt: string, entries: readonly TensorEntryView[], id: string): HTMLElement {
  return h('div', { class: 'entrywise', id, 'data-testid': `entrywise-list-${wrt}` },
    h('p', { class: 'meta' }, t('The selection written out entry by entry at these sizes; each entry of {0} is a scalar input.', wrt)),
    h('ul', { class: 'entrywise-entries', 'aria-label': t('Partials of the entries of {0}', wrt) },
      ...entries.map((e) => h('li', { class: 'entry', 'data-testid': `entry-${e.name}` },
        mathElement(`${partialLatex('f', e.name)} = ${e.latex}`, `∂f/∂${e.name} = ${e.text}`, true),
        h('span', { class: 'value', 'data-testid': `entry-value-${e.name}`, title: t('Value at the point') }, '= ', ctx.fmt(e.value))))));
}

export function tensorChecksSection(ctx: Ctx): HTMLElement | null {
  const tv = ctx.model.tensor;
  if (!tv) return null;
  if (!tv.checks) return section(ctx, 'checks', t('Checks'), note(t('No checks were run for this selection.')));
  const head = ['Input', 'Verdict', 'Worst entry', 'At', 'Directional', 'Forward AD', 'Reverse AD', 'Complex step'] as const;
  const table = h('table', { class: 'checks-table tensor-checks', 'data-testid': 'tensor-checks' },
    h('caption', {}, t('Exact gradient against central differences per entry (worst relative error), along a random direction, and AD on values')),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, t(c))))),
    h('tbody', {}, ...tv.checks.map((c) => checkRow(ctx, c))));
  return section(ctx, 'checks', t('Checks'), h('div', { class: 'table-scroll' }, table),
    h('p', { class: 'meta' }, t('Relative errors, against max(1, |exact|). Past 64 entries per input the central differences sample entries across the array.')));
}

function checkRow(ctx: Ctx, c: TensorCheckView): HTMLElement {
  const shown = ctx.model.sweep?.wrt === c.wrt;
  const at = c.worstEntry.length ? `[${c.worstEntry.map((k) => k + 1).join(', ')}]` : '—';
  const plot = button(t('Step-size study along a random direction in {0}', c.wrt), () => ctx.post({ type: 'sweep', of: 'f', wrt: c.wrt }),
    { class: 'link-button', 'data-testid': `sweep-f-${c.wrt}`, 'aria-pressed': shown ? 'true' : 'false' }, shown ? t('plot (shown)') : t('plot'));
  return h('tr', { 'data-wrt': c.wrt, 'data-testid': `tensor-check-${c.wrt}` },
    h('th', { scope: 'row' }, c.wrt, ' ', plot),
    h('td', {}, badge(t(c.verdict), c.verdict)),
    h('td', { class: 'num', 'data-testid': `tensor-check-worst-${c.wrt}` }, formatError(c.worstEntryError)),
    h('td', { class: 'num', title: t('1-based; {0} of {1} entries checked', c.entriesChecked, c.entries) }, at),
    h('td', { class: 'num' }, formatError(c.directionalError)),
    h('td', { class: 'num' }, formatError(c.forwardError)),
    h('td', { class: 'num' }, formatError(c.reverseError)),
    h('td', { class: 'num', title: c.complexStepSkipped ?? '' }, c.complexStepError !== undefined ? formatError(c.complexStepError) : t('skipped')));
}
