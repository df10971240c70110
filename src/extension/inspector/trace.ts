/** The model messages the inspector sends its webviews, with the timestamps of the computation behind them. */
import { fitModel } from '../../shared/fit';
import type { HostToWebview, ViewModel } from '../../shared/protocol';
import { toWire } from '../../shared/protocol';

/**
 * Timestamps of one computation, sent with its model so the webview can record when it was painted (the
 * responsiveness e2e test and `npm run bench` read them). Date.now() values: the extension host and the webview
 * run on the same machine, so host and webview times compare directly.
 */
export interface ComputeTrace {
  /** The computation's generation (one per request). */
  seq: number;
  /** What asked for it: a command (Inspect, hover link), a live selection change, or an update (settings, point). */
  trigger: 'command' | 'live' | 'update';
  /** 'partials': the first model, partials and point only; 'final': with graph, checks and code. */
  stage: 'partials' | 'final';
  /** When the request arrived: the command ran, the live update's debounce fired, or the update was asked for. */
  start: number;
  /** Live updates: the selection change that scheduled it. */
  selection?: number;
  /** When the engine's partials came back. */
  inspected?: number;
  /** When this message was handed to the webview. */
  posted: number;
  /** A model sent to a webview that just loaded: when VS Code created the webview, and when it said it was ready. */
  resolved?: number;
  ready?: number;
}

export type TraceStart = Pick<ComputeTrace, 'trigger' | 'start' | 'selection'>;

/** A model message; with a trace when it answers a computation (the webview records when it painted it). */
export function modelMessage(model: ViewModel, trace?: ComputeTrace): HostToWebview {
  // cut what the webview would refuse (one string past its limit and it would keep showing the previous result)
  const msg: HostToWebview & { trace?: ComputeTrace } = { type: 'model', model: toWire(fitModel(model)) as ViewModel };
  if (trace) msg.trace = trace;
  return msg;
}
