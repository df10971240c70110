/**
 * How `.dx` results read in the editor: CodeLens titles, tooltips and hover text. Pure (no vscode import) so
 * the wording is unit-tested.
 */
import type { DxPartial, DxResult } from '../../core/dx';
import { shortNumber } from '../../core/number';
import type { DxView as DxAnalysis } from '../engine/adapter';
import { t } from '../l10n';

export function fmtNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'undefined';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  return shortNumber(v);
}

const MAX_LENS_EXPR = 80;
const clip = (s: string, n = MAX_LENS_EXPR) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function partialValue(of: string, p: DxPartial): string {
  return `∂${of}/∂${p.wrt} = ${fmtNumber(p.value)}${p.differentiable ? '' : ` (${t('not differentiable here')})`}`;
}

export interface LensText {
  title: string;
  tooltip: string;
}

/** The CodeLens for one statement, or undefined (numbers, wrt, errors get none). */
export function lensFor(r: DxResult): LensText | undefined {
  if (r.kind === 'define' || r.kind === 'expr') {
    const of = r.kind === 'define' ? r.name! : '';
    const head = `${r.kind === 'define' ? `${of} ` : ''}= ${fmtNumber(r.value)}`;
    const title = [head, ...r.partials.map((p) => partialValue(of, p)), ...(r.pending ? [t('partials not analysed yet')] : [])].join('  ·  ');
    const tooltip = [`${r.kind === 'define' ? of : t('value')} = ${r.expression?.text ?? ''}`,
      ...r.partials.map((p) => `∂${of}/∂${p.wrt} = ${p.text}`)].join('\n');
    return { title, tooltip: `${tooltip}\n${t('Click to open it in the Partials inspector.')}` };
  }
  if (r.kind === 'claim' && r.pending) {
    return { title: `… ${t('not checked yet')}`, tooltip: t('The time budget ran out before this claim: Partials checks it shortly.') };
  }
  if (r.kind === 'claim' && r.claim) {
    const c = r.claim;
    if (c.result === 'holds') {
      const how = c.proof === 'symbolic' ? t('proven') : c.points.length === 1 ? t('checked at 1 point') : t('checked at {0} points', c.points.length);
      return { title: `✓ ${t('holds ({0})', how)}`, tooltip: c.details.join('\n') };
    }
    if (c.result === 'wrong') {
      const correct = c.correctNamed?.expr ?? c.correct ?? '';
      return { title: `✗ ${t('wrong: {0}', `∂${c.of}/∂${c.wrt} = ${clip(correct)}`)}`, tooltip: `${c.details.join('\n')}\n${t('Click to replace the claim with the correct derivative.')}` };
    }
    return { title: `? ${t('could not be checked')}`, tooltip: c.details.join('\n') };
  }
  return undefined;
}

/** The point, for a lens on the wrt line (or the first statement): every input's value and where it came from. */
export function pointLens(a: DxAnalysis): LensText | undefined {
  const names = Object.keys(a.point);
  if (!names.length) return undefined;
  // names held fixed at a default value are unknown names or broken definitions: their error says so
  const ordered = [...a.inputs, ...names.filter((n) => !a.inputs.includes(n) && a.pointSource[n] !== 'default')];
  const parts = ordered.filter((n) => n in a.point).map((n) => {
    const tag = a.inputs.includes(n) ? (a.pointSource[n] === 'default' ? ` ${t('(default)')}` : '') : ` ${t('(fixed)')}`;
    return `${n} = ${fmtNumber(a.point[n])}${tag}`;
  });
  return {
    title: t('Point: {0}', parts.join(', ')),
    tooltip: `${t('Inputs (differentiated with respect to): {0}.', a.inputs.join(', ') || t('none'))}\n` +
      t('Names given a number are the point; names without one get a default value inside the domain.'),
  };
}

/** Markdown for a hover on `name`, or undefined when the name means nothing here. */
export function hoverFor(a: DxAnalysis, name: string): string | undefined {
  const def = a.results.find((r) => r.kind === 'define' && r.name === name);
  if (def) {
    const lines = [t('{0} at the point', `**${name}** = \`${def.expression?.text ?? ''}\` = **${fmtNumber(def.value)}**`)];
    if (def.partials.length) {
      lines.push('', ...def.partials.map((p) => `- ∂${name}/∂${p.wrt} = \`${p.text}\` = ${fmtNumber(p.value)}${p.differentiable ? '' : ` *(${t('not differentiable here')})*`}`));
    }
    if (def.pending) lines.push('', `*${t('partials not analysed yet')}*`);
    for (const w of def.warnings) lines.push('', `⚠ ${w}`);
    return lines.join('\n');
  }
  if (name in a.point) {
    const v = fmtNumber(a.point[name]);
    const role = a.inputs.includes(name) ? t('an input') : t('held fixed (not in wrt)');
    const from = a.pointSource[name] === 'default' ? ` — ${t('a default value inside the domain; give it a number to set it')}`
      : a.pointSource[name] === 'user' ? ` — ${t('set in the inspector')}` : '';
    return `**${name}** = ${v}: ${role}${from}`;
  }
  return undefined;
}
