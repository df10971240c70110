/**
 * The one context object the extension's parts share (rust-analyzer's `Ctx`): the engine, the inspector and its
 * views, the `.dx` documents. Commands are small factories over it (commands/index.ts).
 */
import type { DxDocuments } from './dx/documents';
import type { AsyncEngine } from './engine/client';
import type { Inspector } from './inspector/inspector';
import type { InspectorPanel } from './inspector/panel';
import type { InspectorViewProvider } from './inspector/sidebarView';

export interface Ctx {
  /** The one way to the engine: async, cancellable, in the worker thread. */
  readonly engine: AsyncEngine;
  readonly inspector: Inspector;
  readonly view: InspectorViewProvider;
  readonly panel: InspectorPanel;
  readonly dx: DxDocuments;
}

/** A command: built once from the context, called with the command's arguments. */
export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;
