/** The model messages the inspector sends its webviews, with the timestamps of the computation behind them. */
import { fitWire, type FitMessages, type OptionalPart } from '../../shared/fit';
import { t } from '../l10n';
import type { HostToWebview, ViewModel } from '../../shared/protocol';

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
  /** The model was put in the page the webview loads (html.ts data-initial): `posted` is when the page was made. */
  embedded?: true;
}

export type TraceStart = Pick<ComputeTrace, 'trigger' | 'start' | 'selection'>;

/** fitModel's warnings in the user's language. */
const FIT_MESSAGES: FitMessages = {
  cut: (longest) => t('Some results are too long to show in full here (the longest has {0} characters): they are cut. ' +
    'Insert Gradient Code, Copy Gradient as LaTeX and the partials CLI give them whole.', longest),
  omitted: (part: OptionalPart, size) => {
    const what: Record<OptionalPart, string> = {
      hessian: t('The Hessian is too large to show here (about {0} characters) and is left out: select less, or use the partials CLI.', size),
      jacobian: t('The Jacobian is too large to show here (about {0} characters) and is left out: select less, or use the partials CLI.', size),
      gradient: t('The gradient table is too large to show here (about {0} characters) and is left out: select less, or use the partials CLI.', size),
      graph: t('The computation graph is too large to show here (about {0} characters) and is left out: select less, or use the partials CLI.', size),
      checks: t('The checks table is too large to show here (about {0} characters) and is left out: select less, or use the partials CLI.', size),
      sweep: t('The step-size study is too large to show here (about {0} characters) and is left out: select less, or use the partials CLI.', size),
      code: t('The generated code is too large to show here (about {0} characters) and is left out: select less, or use the partials CLI.', size),
    };
    return what[part];
  },
};

/** Each model's fitted wire form (models are not changed once made: a new computation makes a new one). */
const wireOf = new WeakMap<ViewModel, ViewModel>();

/** A model message; with a trace when it answers a computation (the webview records when it painted it). */
export function modelMessage(model: ViewModel, trace?: ComputeTrace): HostToWebview {
  // cut what the webview would refuse (one string past its limit and it would keep showing the previous result);
  // once per model, however many messages carry it (a loading view's page, its `ready`, each view)
  let wire = wireOf.get(model);
  if (!wire) wireOf.set(model, (wire = fitWire(model, FIT_MESSAGES) as ViewModel));
  const msg: HostToWebview & { trace?: ComputeTrace } = { type: 'model', model: wire };
  if (trace) msg.trace = trace;
  return msg;
}
