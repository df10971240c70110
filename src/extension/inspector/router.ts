/**
 * The webview → host message router: each validated message from a sidebar or panel webview becomes a change of
 * the inspector's session (point, inputs, toggles, sweep, graph choices), an editor action or a command.
 */
import * as vscode from 'vscode';
import type { SectionId, WebviewToHost } from '../../shared/protocol';
import type { SpanDecorations } from './decorations';
import type { Overrides, Target } from './request';
import type { AsyncEngine } from '../engine/client';
import type { Session } from './session';
import type { SvgRequests, SvgSink } from './svgExport';
import { randomPoint, seededRandom } from '../source';
import { setOwn } from '../../core/own';
import { documentContext } from '../notebookText';
import type { ViewModel } from '../../shared/protocol';
import { documentHits, tensorEdit } from './tensorModel';
import { t as l10n } from '../l10n';

/** What the router acts on (the Inspector). */
export interface RouterHost {
  readonly session: Session;
  readonly engine: AsyncEngine;
  readonly current: ViewModel;
  readonly decorations: SpanDecorations;
  readonly svg: SvgRequests;
  /** A webview (re)loaded: send it the newest model. */
  ready(sink: SvgSink): void;
  /** A webview painted the partials-only model of computation `seq`. */
  painted?(seq: number): void;
  togglePin(): void;
  refresh(): void;
  focusSection(section: SectionId): void;
}

export async function route(host: RouterHost, msg: WebviewToHost, sink: SvgSink): Promise<void> {
  const o = host.session.overrides;
  switch (msg.type) {
    case 'ready':
      host.ready(sink);
      break;
    case 'painted':
      host.painted?.(msg.seq);
      break;
    case 'togglePin':
      host.togglePin();
      break;
    case 'setPoint':
      setOwn(o.at, msg.name, msg.value);
      o.sources[msg.name] = 'user';
      host.refresh();
      break;
    case 'pointFrom':
      if (await pointFrom(host.engine, o, host.session.target, host.current, msg.source)) host.refresh();
      break;
    case 'setWrt':
      o.wrt = msg.wrt;
      host.refresh();
      break;
    case 'toggle':
      host.session.toggles[msg.option] = msg.value;
      host.refresh();
      break;
    case 'copy':
      await vscode.env.clipboard.writeText(msg.text);
      vscode.window.setStatusBarMessage(msg.what === 'plain' ? l10n('Partials: copied plain text') : msg.what === 'latex' ? l10n('Partials: copied LaTeX')
        : msg.what === 'code' ? l10n('Partials: copied code') : l10n('Partials: copied value'), 2000);
      break;
    case 'highlight':
      host.decorations.highlightSpan(host.session.target, msg.span);
      break;
    case 'reveal':
      await host.decorations.revealSpan(host.session.target, msg.span);
      break;
    case 'sweep':
      o.sweep = { of: msg.of, wrt: msg.wrt };
      host.refresh();
      host.focusSection('sweep');
      break;
    case 'graphOutput':
      o.graphOutput = msg.output;
      host.refresh();
      break;
    case 'graphCollapse':
      o.graphExpanded = !msg.collapse;
      host.refresh();
      break;
    case 'svg':
      host.svg.answer(msg.requestId, msg.svg);
      break;
    case 'command':
      await vscode.commands.executeCommand(msg.command);
      break;
    case 'tensorDim':
    case 'tensorEntry':
    case 'tensorFill':
      if (tensorEdit(o, host.current, msg)) host.refresh();
      break;
  }
}

/** The point from the document, a random one, or the defaults; false when nothing changed (the user was told). */
async function pointFrom(engine: AsyncEngine, o: Overrides, t: Target | undefined, model: ViewModel, source: 'document' | 'random' | 'default'): Promise<boolean> {
  if (model.tensor && t) return tensorPointFrom(engine, o, t, model, source);
  const names = model.expression?.point.map((p) => p.name) ?? [];
  if (!t || !names.length) return false;
  if (source === 'default') {
    o.at = {};
    o.sources = {};
  } else if (source === 'random') {
    const rand = seededRandom(Date.now());
    // Retry inside positive values when the random point leaves the domain (log, sqrt of negatives).
    const pt = randomPoint(names, rand, model.expression?.outputs.some((x) => !Number.isFinite(x.value)) ?? false);
    for (const n of names) {
      setOwn(o.at, n, pt[n]);
      o.sources[n] = 'random';
    }
  } else if (t.base?.at) {
    // A .dx scratch pad: the document's numbers are the base point, so dropping the overrides restores them.
    for (const n of names) {
      delete o.at[n];
      delete o.sources[n];
    }
  } else {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.uri);
    const ctx = doc ? documentContext(doc, t.offset) : undefined;
    const found = ctx ? await engine.call('documentPoint', [names, ctx.text, t.languageId, ctx.offset]) : {};
    const hits = names.filter((n) => Object.hasOwn(found, n));
    if (!hits.length) {
      const inNotebook = !!doc && doc.uri.scheme === 'vscode-notebook-cell';
      void vscode.window.showInformationMessage(inNotebook
        ? l10n('Partials: no numeric assignment to {0} found in this cell or the cells above it.', names.join(', '))
        : l10n('Partials: no numeric assignment to {0} found above the selection.', names.join(', ')));
      return false;
    }
    for (const n of hits) {
      setOwn(o.at, n, found[n]);
      o.sources[n] = 'document';
    }
  }
  return true;
}


/** The point of a vectorised selection from the defaults, at random, or from the document's numbers. */
async function tensorPointFrom(engine: AsyncEngine, o: Overrides, t: Target, model: ViewModel, source: 'document' | 'random' | 'default'): Promise<boolean> {
  const inputs = model.tensor!.inputs;
  if (source === 'default') {
    o.tensorAt = {};
    o.dims = {};
    for (const i of inputs) delete o.sources[i.name];
    return true;
  }
  if (source === 'random') {
    const rand = seededRandom(Date.now());
    for (const i of inputs) tensorEdit(o, model, { type: 'tensorFill', name: i.name, fill: 'random' }, rand);
    return true;
  }
  // Numbers and array literals assigned above the selection (X = np.array([[…]]), lam = 0.1, A = [1 2; 3 4]).
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.uri);
  const ctx = doc ? documentContext(doc, t.offset) : undefined;
  const found = ctx ? await engine.call('tensorDocumentPoint', [inputs.map((i) => i.name), ctx.text, ctx.offset, t.languageId]) : {};
  const hits = documentHits(inputs, found);
  if (!Object.keys(hits).length) {
    const names = inputs.map((i) => i.name).join(', ');
    void vscode.window.showInformationMessage(doc && doc.uri.scheme === 'vscode-notebook-cell'
      ? l10n('Partials: no numbers or array literals assigned to {0} found in this cell or the cells above it.', names)
      : l10n('Partials: no numbers or array literals assigned to {0} found above the selection.', names));
    return false;
  }
  o.tensorAt = { ...(o.tensorAt ?? {}) };
  o.dims = {};
  for (const [n, v] of Object.entries(hits)) {
    setOwn(o.tensorAt, n, v);
    o.sources[n] = 'document';
  }
  return true;
}
