/**
 * Request → view model: the inspector's computation in stages (partials first, then the graph, the numeric
 * checks and the code), each through the engine's async interface, stopping as soon as the caller's signal says
 * a newer request superseded it. Pure (no `vscode`): unit-tested in plain Node against the in-process engine.
 */
import type { TargetId } from '../../core/codegen';
import type { InspectRequest } from '../../core/api';
import type { CodeView, ViewModel } from '../../shared/protocol';
import type { TensorInspectJson, TensorInspectRequest } from '../engine/adapter';
import { MAX_EXPANDED_NODES, partialCount, partialValues, VIEW_CODE_CHARS, type ViewResult } from '../engine/viewLimits';
import type { AsyncEngine } from '../engine/client';
import { sizeProblem } from '../source';
import type { Settings } from '../settings';
import { inspectRequest, tensorRequest, type Overrides, type Target } from './request';
import { buildTensorGraphModel, entries, tensorChecks, tensorSweep, tensorView } from './tensorModel';
import { ENTRYWISE_MAX_ENTRIES } from '../../core/tensor/entrywiseLimit';
import { errorModel, errorView, resultModel, tensorResultModel, type FormatSettings, type Origin, type ResultInputs, type UiState } from './viewModel';
import { t as l10n } from '../l10n';
import { codegenTargets, tensorTargetFor } from '../commands/codegenTarget';
import type { TensorLanguage } from '../../core/tensor';

export interface PipelineInput {
  target: Target;
  overrides: Overrides;
  ui: UiState;
  format: FormatSettings;
  settings: Pick<Settings, 'maxSelectionChars' | 'maxSelectionLines' | 'timeBudgetMs' | 'graphDirection' | 'collapseThreshold' |
    'atol' | 'rtol' | 'codegenStyle'> & Partial<Pick<Settings, 'tensorMaxEntries' | 'codegenTarget'>>;
  /** Asked for by a command (every stage runs), not by a live selection change (the optional ones may be skipped). */
  explicit: boolean;
  /** The language of the generated code. */
  codeTarget: TargetId;
  /** The document's import lines (codegenTarget.ts importLines): a file that imports jax gets JAX code. */
  imports?: string;
}

export interface PipelineHooks {
  /** Aborted when a newer request supersedes this one: the pipeline stops between stages and returns undefined. */
  signal: AbortSignal;
  /**
   * The first model (partials and point), while the graph, checks and code are computed; the pipeline goes on
   * when what this returns settles (a promise: the host waits for the partials to be painted, see views.ts).
   */
  preview?(model: ViewModel, inspectedAt: number): unknown;
  /** Called between stages (the host lets the editor breathe there). */
  pause?(): Promise<void>;
  now?(): number;
}

export interface PipelineOutput {
  model: ViewModel;
  /** When the engine's partials came back (undefined: they did not). */
  inspectedAt?: number;
}

export const originOf = (t: Target): Origin => ({ file: t.file, line: t.displayLine ?? t.line + 1, languageId: t.languageId, language: t.language });

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The view model for `input`; undefined when the signal aborted first. */
export async function computeModel(engine: AsyncEngine, input: PipelineInput, hooks: PipelineHooks): Promise<PipelineOutput | undefined> {
  const { target: t, overrides, settings, ui, format } = input;
  const { signal } = hooks;
  const now = hooks.now ?? Date.now;
  const pause = hooks.pause ?? (() => Promise.resolve());
  const stale = () => signal.aborted;
  const origin = originOf(t);
  const tooBig = sizeProblem(t.text, { maxChars: settings.maxSelectionChars, maxLines: settings.maxSelectionLines });
  if (tooBig) return { model: errorModel({ message: tooBig, line: t.line + 1, column: t.character + 1, code: 'limit' }, ui, format, origin) };
  const started = now();
  const req = inspectRequest(t, overrides, ui.toggles);
  const opts = { signal };
  let inspectedAt: number | undefined;
  try {
    // Scalar or tensor, as `partials inspect` decides (session.route): arrays or sizes the user set go to the
    // tensor engine; otherwise the scalar engine first, and the tensor engine when it refuses the text or finds
    // no partial (the engine's tensorInspect makes that decision again from the kept scalar outcome, and throws the
    // error route would show).
    const treq = tensorRequest(t, overrides);
    const forced = Object.values(treq.at ?? {}).some(Array.isArray) || !!treq.dims;
    // (with each partial's one line of code: the first model's Code buttons, in the same round trip to the worker)
    let scalar: { result: ViewResult; partialCode: Map<string, string> } | undefined;
    let scalarFailed = false;
    let scalarError: unknown;
    if (!forced) {
      try {
        scalar = await engine.call('inspectViewCode', [req, input.codeTarget], opts);
      } catch (err) {
        // The scalar engine refused the text: the tensor engine may read it (else its error, or this one, is shown).
        if (stale()) return undefined;
        scalarFailed = true;
        scalarError = err;
      }
      if (stale()) return undefined;
    }
    if (forced || scalarFailed || scalar?.result.partials.length === 0) {
      const routed = await engine.call('tensorInspect', [treq, req], opts);
      if (stale()) return undefined;
      if (routed.kind === 'tensor') return await tensorModel(engine, input, hooks, treq, routed.result, started);
      // route kept the scalar engine: its error stands (no tensor reader for this language)
      if (scalarFailed) throw scalarError;
    }
    const { result, partialCode } = scalar ?? await engine.call('inspectViewCode', [req, input.codeTarget], opts);
    if (stale()) return undefined;
    inspectedAt = now();
    // (the per-partial Code buttons belong to the partials: the first model has them already)
    const inputs: ResultInputs = { result, origin, partialCode };
    const pointSources = { ...ui.pointSources };
    for (const k of Object.keys(t.base?.at ?? {})) if (!Object.hasOwn(overrides.at, k)) pointSources[k] = 'document';
    const shownUi = { ...ui, pointSources };
    await hooks.preview?.(resultModel(inputs, shownUi, format), inspectedAt);
    await pause();
    if (stale()) return undefined;
    const output = overrides.graphOutput && result.outputs.includes(overrides.graphOutput) ? overrides.graphOutput : undefined;
    try {
      // built in the worker: a large graph's model is not work for the extension host
      inputs.graph = await engine.call('graphModel', [req, output, {
        outputs: result.outputs, direction: settings.graphDirection,
        collapseThreshold: settings.collapseThreshold, expanded: !!overrides.graphExpanded,
      }], opts);
      if (inputs.graph.truncated) {
        result.warnings.push(l10n('The computation graph is too large to draw: {0} nodes, showing the {1} nearest the output.',
          inputs.graph.truncated.nodes, inputs.graph.truncated.shown));
      }
      if (overrides.graphExpanded && inputs.graph.collapsed > 0) {
        result.warnings.push(l10n('The graph has {0} nodes: too many to draw every one (at most {1}), so it stays folded.', inputs.graph.totalNodes, MAX_EXPANDED_NODES));
      }
    } catch (err) {
      if (stale()) return undefined;
      result.warnings.push(l10n('Computation graph unavailable: {0}', message(err)));
    }
    // A live update of a slow selection stops after the partials and the graph; commands run everything.
    const spent = now() - started;
    const overBudget = !input.explicit && spent > settings.timeBudgetMs;
    if (overBudget) {
      result.warnings.push(l10n('Checks and code were skipped to keep typing responsive: inspecting took {0} ms ' +
        '(setting partials.limits.timeBudgetMs). Run “Partials: Check Gradient at Point” to compute them.', spent));
    } else {
      await pause();
      if (stale()) return undefined;
      // The step-size study runs for the partial the user picked, else for the first one (it is cheap: ~150
      // evaluations of f), so the plot is there without a click.
      const sw = overrides.sweep;
      const first = result.partials[0];
      const sweep = sw && partialValues(result).some((p) => p.of === sw.of && p.wrt === sw.wrt) ? sw
        : first ? { of: first.of, wrt: first.wrt } : undefined;
      try {
        const c = await engine.call('check', [req, {
          atol: settings.atol, rtol: settings.rtol, ...(sweep ? { sweep } : {}), ...(t.claims ? { claims: t.claims } : {}),
        }], opts);
        inputs.checks = c.checks;
        if (c.checks.unchecked) {
          result.warnings.push(l10n('Numeric checks cover the first {0} of the {1} partials (checking them all would take too long here).',
            partialCount(result) - c.checks.unchecked, partialCount(result)));
        }
        if (c.sweep) inputs.sweep = c.sweep;
      } catch (err) {
        if (stale()) return undefined;
        result.warnings.push(l10n('Numeric checks failed: {0}', message(err)));
      }
      await pause();
      if (stale()) return undefined;
      const style = settings.codegenStyle === 'adjoint' ? 'adjoint' : 'closed';
      try {
        const code = await engine.call('code', [req, { target: input.codeTarget, style, form: 'statements', maxChars: VIEW_CODE_CHARS }], opts);
        inputs.code = { target: input.codeTarget, style, code: code.code };
      } catch (err) {
        if (stale()) return undefined;
        // too long to show here (its size named): said as it is, not as a failure
        result.warnings.push((err as { code?: unknown }).code === 'limit' ? message(err) : l10n('Code generation failed: {0}', message(err)));
      }
    }
    if (stale()) return undefined;
    inputs.elapsedMs = now() - started;
    return { model: resultModel(inputs, shownUi, format), inspectedAt };
  } catch (err) {
    if (stale()) return undefined;
    return { model: errorModel(errorView(err, t.text, { line: t.line + 1, column: t.character + 1 }), ui, format, origin), ...(inspectedAt ? { inspectedAt } : {}) };
  }
}

/** The stages of a vectorised selection: shapes, gradients and values first, then the graph, the checks and the code. */
async function tensorModel(
  engine: AsyncEngine, input: PipelineInput, hooks: PipelineHooks, treq: TensorInspectRequest, json: TensorInspectJson, started: number,
): Promise<PipelineOutput | undefined> {
  const { target: t, overrides, settings, ui, format } = input;
  const { signal } = hooks;
  const now = hooks.now ?? Date.now;
  const pause = hooks.pause ?? (() => Promise.resolve());
  const stale = () => signal.aborted;
  const opts = { signal };
  const origin = originOf(t);
  const inspectedAt = now();
  const view = tensorView(json, overrides.sources, settings.tensorMaxEntries ?? 6);
  const warnings = [...json.warnings];
  const parts: Parameters<typeof tensorResultModel>[0] = { view, warnings, origin };
  // The entrywise view of the small inputs' gradients (a few entries each: a scalar inspect per input), before the
  // first paint: the first sections are kept when the final model shows the same, and this is part of them.
  const small = view.gradients.filter((g) => g.value !== null && entries(g.value).length <= ENTRYWISE_MAX_ENTRIES).map((g) => g.wrt);
  if (small.length) {
    try {
      const ew = await engine.call('tensorEntrywise', [treq, small], opts);
      for (const g of view.gradients) {
        const e = Object.hasOwn(ew, g.wrt) ? ew[g.wrt] : undefined;
        if (e && 'entries' in e) g.entrywise = e.entries.map((x) => ({ name: x.name, latex: x.latex, text: x.text, value: x.value }));
      }
    } catch {
      if (stale()) return undefined;
      // an extra view: the matrix notation and values are there without it
    }
  }
  await hooks.preview?.(tensorResultModel(parts, ui, format), inspectedAt);
  await pause();
  if (stale()) return undefined;
  try {
    parts.graph = buildTensorGraphModel(await engine.call('tensorGraph', [treq], opts), { direction: settings.graphDirection });
  } catch (err) {
    if (stale()) return undefined;
    warnings.push(l10n('Computation graph unavailable: {0}', message(err)));
  }
  // A live update of a slow selection stops after the gradients and the graph, as for scalars; commands run everything.
  const spent = now() - started;
  if (!input.explicit && spent > settings.timeBudgetMs) {
    warnings.push(l10n('Checks and code were skipped to keep typing responsive: inspecting took {0} ms ' +
      '(setting partials.limits.timeBudgetMs). Run “Partials: Check Gradient at Point” to compute them.', spent));
  } else {
    await pause();
    if (stale()) return undefined;
    try {
      const c = await engine.call('tensorCheck', [treq, overrides.sweep?.wrt], opts);
      view.checks = tensorChecks(c);
      const sweep = tensorSweep(c);
      if (sweep) parts.sweep = sweep;
    } catch (err) {
      if (stale()) return undefined;
      warnings.push(l10n('Numeric checks failed: {0}', message(err)));
    }
    await pause();
    if (stale()) return undefined;
    try {
      const code = await tensorCodeView(engine, input, treq, json.language, opts);
      if (code) parts.code = code;
    } catch (err) {
      if (stale()) return undefined;
      warnings.push(l10n('Code generation failed: {0}', message(err)));
    }
  }
  if (stale()) return undefined;
  parts.elapsedMs = now() - started;
  return { model: tensorResultModel(parts, ui, format), inspectedAt };
}

/** The code target of each dialect the tensor engine reads. */
const DIALECT_TARGET: Record<TensorLanguage, TargetId> = { math: 'numpy', numpy: 'numpy', matlab: 'matlab', julia: 'julia', latex: 'latex', eigen: 'cpp' };

/**
 * The Code section of a vectorised selection: what Insert Gradient Code writes there (the engine's `tensorCode`,
 * statements in the document's dialect — NumPy, JAX, PyTorch, MATLAB/Octave, Julia, Eigen — with the style
 * setting, at the arrays the inspector shows); for a LaTeX document the gradients as an aligned LaTeX block
 * (`tensorLatex`, as the insert command does). Undefined when the target has no vectorised code.
 */
async function tensorCodeView(
  engine: AsyncEngine, input: PipelineInput, treq: TensorInspectRequest, read: TensorLanguage, opts: { signal: AbortSignal },
): Promise<CodeView | undefined> {
  const { target: t, settings } = input;
  // A document whose language has no target of its own (a .m file VS Code opens as Objective-C, plain text) gets
  // the dialect the tensor engine read, unless the user set partials.codegen.target.
  const own = (settings.codegenTarget ?? 'auto') !== 'auto' || codegenTargets(t.languageId, '').length === 1;
  const scalarTarget = own ? input.codeTarget : DIALECT_TARGET[read];
  const style = settings.codegenStyle === 'adjoint' ? 'adjoint' : 'closed';
  // the inspector's own point (its arrays and numbers, from the document or the user) fixes the shapes
  const req: InspectRequest = {
    source: t.text, language: treq.language, ...(treq.wrt?.length ? { wrt: [...treq.wrt] } : {}),
    ...(treq.at ? { at: treq.at as unknown as Record<string, number> } : {}),
  };
  if (scalarTarget === 'latex') {
    const latex = await engine.call('tensorLatex', [req], opts);
    return latex === null ? undefined : { target: 'latex', style: 'closed', code: latex };
  }
  const target = tensorTargetFor(scalarTarget, input.imports ?? '', t.text);
  if (!target) return undefined;
  const code = await engine.call('tensorCode', [req, { target, style, form: 'statements' }], opts);
  return code ? { target: code.target, style, code: code.code } : undefined;
}
