/**
 * Hover tooltips: over the selection (and in `always` mode over any assignment line) show the partials as
 * typeset math (an SVG image), their plain text, and command links. Results are cached per text so moving the
 * mouse does not re-run the engine; oversized text is never inspected from a hover.
 */
import * as vscode from 'vscode';
import type { InspectRequest, InspectResult } from '../core/api';
import { readSettings } from './config';
import type { EngineAdapter } from './engine';
import { compactRows } from './hoverContent';
import { svgDataUri, type SvgStyle } from './mathSvg';
import { targetFor } from './inspector';
import { hoverRequest, type Target } from './request';
import { isAssignmentLine, isSupportedLanguage, sizeProblem } from './source';
import { formatNumber } from '../shared/format';
import { errorView } from './viewModel';
import { statementAt } from '../core/frontend/document';
import { position } from '../core/errors';

const CACHE_SIZE = 32;

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
  private readonly cache = new Map<string, InspectResult | Error>();

  /**
   * `requestFor`: how the inspector turns a target into a request (its point — document values, numbers the user
   * set — and inputs), so the hover and the sidebar show the same values. Without it: the engine's defaults.
   */
  constructor(private readonly engine: EngineAdapter, private readonly requestFor?: (t: Target) => InspectRequest) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    const settings = readSettings(doc);
    if (settings.hoverMode === 'off') return undefined;
    const editor = vscode.window.activeTextEditor;
    let range: vscode.Range | undefined;
    const sel = editor?.document === doc ? editor.selection : undefined;
    if (sel && !sel.isEmpty && sel.contains(pos)) range = sel;
    else if (settings.hoverMode === 'always' && isSupportedLanguage(doc.languageId) && isAssignmentLine(doc.lineAt(pos.line).text)) {
      // The whole statement under the cursor (continuation lines and open brackets included).
      const stmt = statementAt(doc.getText(), doc.offsetAt(pos), doc.languageId);
      if (stmt) range = new vscode.Range(doc.positionAt(stmt.start), doc.positionAt(stmt.end));
    }
    if (!range) return undefined;
    const text = doc.getText(range);
    if (!text.trim() || sizeProblem(text, { maxChars: settings.maxSelectionChars, maxLines: settings.maxSelectionLines })) return undefined;
    if (token.isCancellationRequested) return undefined;
    const target = targetFor(doc, range);
    if (!target) return undefined;
    const result = this.result(hoverRequest(target, this.requestFor));
    // A line that merely looks like an assignment but is not math is not worth a hover; a selection is.
    if (result instanceof Error) return sel && !sel.isEmpty && sel.contains(pos) ? errorHover(result, target, range) : undefined;
    if (!result.partials.length) return undefined;
    return new vscode.Hover(this.markdown(result, doc, range, (v) => formatNumber(v, settings.digits, settings.notation)), range);
  }

  private result(req: InspectRequest): InspectResult | Error {
    // Keyed by the whole request: the same text at another point (the user changed it in the inspector) differs.
    const key = JSON.stringify(req);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    let value: InspectResult | Error;
    try {
      value = this.engine.inspect(req);
    } catch (err) {
      value = err instanceof Error ? err : new Error(String(err));
    }
    this.cache.set(key, value);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }

  /**
   * Compact: a small table, values first (`∂f/∂x | value | formula`, the formula typeset small or as short plain
   * text), then the point and the links. Three partials fit without scrolling; the inspector has the rest.
   */
  private markdown(r: InspectResult, doc: vscode.TextDocument, range: vscode.Range, fmt: (v: number) => string): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    md.supportHtml = false;
    const inspectArgs = encodeURIComponent(JSON.stringify([{ uri: doc.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character] }]));
    const commands = ['partials.inspectSelection'];
    md.isTrusted = { enabledCommands: commands };
    const rows = compactRows(r, fmt, hoverStyle(vscode.window.activeColorTheme.kind));
    const at = Object.entries(r.point).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
    // the point heads the formulas' column ("value | at x = 1, y = 2"): one line less
    const lines = [`| ∂ | value | ${at ? `at ${escapeMd(at)}` : 'formula'} |`, '| :-- | --: | :-- |'];
    for (const row of rows) {
      const value = `${escapeMd(row.value)}${row.differentiable ? '' : ' *(not differentiable here)*'}`;
      const formula = row.image
        ? `![${row.alt.replace(/[[\]\\]/g, '').replace(/\|/g, '\\|')}](${svgDataUri(row.image.svg)})`
        : `\`${row.plain.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
      lines.push(`| ∂${escapeMd(row.of)}/∂${escapeMd(row.wrt)} | ${value} | ${formula} |`);
    }
    if (r.partials.length > rows.length) lines.push(`| … ${r.partials.length - rows.length} more in the inspector | | |`);
    md.appendMarkdown(`${lines.join('\n')}\n\n`);
    const links = [`[Open in Partials inspector](command:partials.inspectSelection?${inspectArgs} "Inspect in the Partials view: typeset formulas, checks, graph")`];
    if (this.engine.features.codegen) {
      commands.push('partials.insertGradientCode');
      links.push(`[Insert gradient](command:partials.insertGradientCode?${inspectArgs} "Insert gradient code after the selection")`);
    }
    md.appendMarkdown(links.join(' · '));
    return md;
  }
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
