/**
 * Hover tooltips: over the selection (and in `always` mode over any assignment line) show the partials — values
 * first, the formulas typeset small — and command links. The engine's worker computes the rows (never the
 * extension host); the hover honours VS Code's cancellation and has its own time budget: past HOVER_BUDGET_MS it
 * shows a short "too large to preview here" hover with a link to the inspector. Results are cached per request so
 * moving the mouse does not re-run the engine; oversized text is never inspected from a hover.
 */
import * as vscode from 'vscode';
import type { InspectRequest } from '../../core/api';
import { readSettings } from '../config';
import type { DxDocuments } from '../dx/documents';
import type { HoverOptions } from '../engine/adapter';
import { isCancelled, isOverBudget, type AsyncEngine } from '../engine/client';
import type { HoverData } from './content';
import { svgDataUri, type SvgStyle } from './mathSvg';
import { targetFor } from '../inspector/target';
import { hoverRequest, type Target } from '../inspector/request';
import { isAssignmentLine, isSupportedLanguage, sizeProblem } from '../source';
import { errorView } from '../inspector/viewModel';
import { documentLanguage } from '../commands/codegenTarget';
import { documentContext } from '../notebookText';
import { position } from '../../core/errors';
import { t } from '../l10n';

const CACHE_SIZE = 32;
/** Engine time a hover may take before it gives way to the "too large to preview here" hover. */
export const HOVER_BUDGET_MS = 300;
/** And the longest it waits in all (behind other work, or for a worker still starting). */
export const HOVER_WAIT_MS = 2000;

type Outcome = HoverData | Error | 'too large';
export function hoverStyle(kind: vscode.ColorThemeKind): SvgStyle {
  switch (kind) {
    case vscode.ColorThemeKind.Light:
      return { color: '#1f1f1f', muted: '#6a6a6a', fontSize: 15 };
    case vscode.ColorThemeKind.HighContrastLight:
      return { color: '#000000', muted: '#292929', fontSize: 15 };
    case vscode.ColorThemeKind.HighContrast:
      return { color: '#ffffff', muted: '#e0e0e0', fontSize: 15 };
    default:
      return { color: '#d4d4d4', muted: '#9d9d9d', fontSize: 15 };
  }
}

export class PartialsHoverProvider implements vscode.HoverProvider {
  private readonly cache = new Map<string, Outcome>();

  /**
   * `requestFor`: how the inspector turns a target into a request (its point — document values, numbers the user
   * set — and inputs), so the hover and the sidebar show the same values. Without it: the engine's defaults.
   */
  constructor(private readonly engine: AsyncEngine, private readonly dxDocs: DxDocuments, private readonly requestFor?: (t: Target) => InspectRequest) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const settings = readSettings(doc);
    if (settings.hoverMode === 'off') return undefined;
    const editor = vscode.window.activeTextEditor;
    let range: vscode.Range | undefined;
    const sel = editor?.document === doc ? editor.selection : undefined;
    const onSelection = !!sel && !sel.isEmpty && sel.contains(pos);
    if (onSelection) range = sel;
    else if (settings.hoverMode === 'always' && isSupportedLanguage(doc.languageId) && isAssignmentLine(doc.lineAt(pos.line).text)) {
      // The whole statement under the cursor (continuation lines and open brackets included).
      const stmt = await this.engine.call('statementAt', [doc.getText(), doc.offsetAt(pos), doc.languageId]).catch(() => undefined);
      if (stmt) range = new vscode.Range(doc.positionAt(stmt.start), doc.positionAt(stmt.end));
    }
    if (!range) return undefined;
    const text = doc.getText(range);
    if (!text.trim() || sizeProblem(text, { maxChars: settings.maxSelectionChars, maxLines: settings.maxSelectionLines })) return undefined;
    const target = await targetFor(this.engine, this.dxDocs, doc, range).catch(() => undefined);
    if (!target || token.isCancellationRequested) return undefined;
    const style = hoverStyle(vscode.window.activeColorTheme.kind);
    // A vectorised selection reads its arrays from the document above it (`X = np.array([[…]])`; in a notebook,
    // from the code cells above too).
    const context = documentContext(doc, doc.offsetAt(range.start));
    const languageId = documentLanguage(doc.languageId, doc.fileName, context.text);
    const req = hoverRequest(target, this.requestFor);
    if (languageId !== doc.languageId && req.language === doc.languageId) req.language = languageId;
    const outcome = await this.outcome(req, { style, digits: settings.digits, notation: settings.notation }, { text: context.text, languageId, offset: context.offset }, token);
    if (!outcome || token.isCancellationRequested) return undefined;
    if (outcome === 'too large') return tooLargeHover(doc, range);
    // A line that merely looks like an assignment but is not math is not worth a hover; a selection is.
    if (outcome instanceof Error) return onSelection ? errorHover(outcome, target, range) : undefined;
    if (!outcome.rows.length) return undefined;
    return new vscode.Hover(markdown(outcome, doc, range), range);
  }

  /** The hover's content for a request, from the cache or the engine; undefined when cancelled. */
  private async outcome(req: InspectRequest, opts: HoverOptions, doc: { text: string; languageId: string; offset: number },
    token: vscode.CancellationToken): Promise<Outcome | undefined> {
    // Keyed by the whole request: the same text at another point (the user changed it in the inspector) differs,
    // and so does the same text under other array literals (only the document above the selection counts).
    const key = JSON.stringify([req, opts, doc.languageId, hashText(doc.text.slice(0, doc.offset))]);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const waited = setTimeout(() => abort.abort(), HOVER_WAIT_MS);
    let value: Outcome;
    try {
      value = await this.engine.call('hoverAt', [req, opts, doc], { signal: abort.signal, budgetMs: HOVER_BUDGET_MS });
    } catch (err) {
      if (isCancelled(err) && token.isCancellationRequested) return undefined;
      // over budget, or waited too long behind other work: a short hover that points to the inspector
      value = isOverBudget(err) || isCancelled(err) ? 'too large' : err instanceof Error ? err : new Error(String(err));
    } finally {
      clearTimeout(waited);
      sub.dispose();
    }
    // "Too large" is not kept: it may have been a busy moment (the next hover asks again, 300 ms at most).
    if (value === 'too large') return value;
    this.cache.set(key, value);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }
}

/** A short fingerprint of a text (FNV-1a), so cache keys do not hold whole documents. */
function hashText(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return `${s.length}:${(h >>> 0).toString(36)}`;
}

function inspectArgs(doc: vscode.TextDocument, range: vscode.Range): string {
  return encodeURIComponent(JSON.stringify([{ uri: doc.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character] }]));
}

/**
 * Compact: a small table, values first (`∂f/∂x | value | formula`, the formula typeset small or as short plain
 * text), then the point and the links. Three partials fit without scrolling; the inspector has the rest.
 */
function markdown(h: HoverData, doc: vscode.TextDocument, range: vscode.Range): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.supportHtml = false;
  const args = inspectArgs(doc, range);
  md.isTrusted = { enabledCommands: ['partials.inspectSelection', 'partials.insertGradientCode'] };
  // the point heads the formulas' column ("value | at x = 1, y = 2"): one line less
  const lines = [`| ∂ | ${t('value')} | ${h.point ? t('at {0}', escapeMd(h.point)) : t('formula')} |`, '| :-- | --: | :-- |'];
  for (const row of h.rows) {
    const value = `${escapeMd(row.value)}${row.differentiable ? '' : ` *(${t('not differentiable here')})*`}`;
    const formula = row.image
      ? `![${row.alt.replace(/[[\]\\]/g, '').replace(/\|/g, '\\|')}](${svgDataUri(row.image.svg)})`
      : `\`${row.plain.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
    lines.push(`| ∂${escapeMd(row.of)}/∂${escapeMd(row.wrt)} | ${value} | ${formula} |`);
  }
  if (h.total > h.rows.length) lines.push(`| ${t('… {0} more in the inspector', h.total - h.rows.length)} | | |`);
  md.appendMarkdown(`${lines.join('\n')}\n\n`);
  if (h.where) md.appendMarkdown(`${t('where {0}', escapeMd(h.where))}\n\n`);
  md.appendMarkdown([
    `[${t('Open in Partials inspector')}](command:partials.inspectSelection?${args} "${t('Inspect in the Partials view: typeset formulas, checks, graph')}")`,
    `[${t('Insert gradient')}](command:partials.insertGradientCode?${args} "${t('Insert gradient code after the selection')}")`,
  ].join(' · '));
  return md;
}

/** The hover for a selection too large or too slow to preview: one line and the way to the inspector. */
function tooLargeHover(doc: vscode.TextDocument, range: vscode.Range): vscode.Hover {
  const md = new vscode.MarkdownString();
  md.isTrusted = { enabledCommands: ['partials.inspectSelection'] };
  md.appendMarkdown(`**Partials:** ${t('too large to preview here.')} [${t('Open in Partials inspector')}](command:partials.inspectSelection?${inspectArgs(doc, range)} "${t('Inspect in the Partials view')}")`);
  return new vscode.Hover(md, range);
}

function errorHover(err: Error, t: Target, range: vscode.Range): vscode.Hover {
  const v = errorView(err, t.text, { line: t.line + 1, column: t.character + 1 });
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**Partials:** ${escapeMd(v.message)}${position(v.line, v.column)}`);
  return new vscode.Hover(md, range);
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
