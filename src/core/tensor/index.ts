import { PartialsError } from '../errors';
import { centralDifferences, directionalDifference, forwardMode, inner, pointFor, randomDirections } from './check';
import { gradients, hessian, jacobian } from './diff';
import { bindDims, Evaluator, toNested, type Nested, type Tensor, type TensorPoint } from './evaluate';
import type { TGraph, TNodeId } from './graph';
import { complexStep, reverseModeValues } from './numeric-ad';
import { printTensor } from './print';
import { readTensor, type TensorLanguage } from './languages';
import { nonSmoothPoints, type TensorNonSmooth } from './smooth';
import type { Dim, Shape } from './shape';
import { setOwn } from '../own';
import { t } from '../l10n';

/**
 * The tensor engine's entry point: read matrix math, derive gradients (and a Jacobian or Hessian) in
 * matrix notation, print them three ways, evaluate them at a point and check them numerically. The CLI and
 * the extension can call analyzeTensor the way they call the scalar engine.
 */
export { TGraph, TensorShapeError, type TNodeId } from './graph';
export { gradients, adjoints, jacobian, hessian, vjp } from './diff';
export { printTensor, type TStyle } from './print';
export { readTensorMath, type ReadOptions, type ReadResult } from './read';
export { readNumpy } from './numpy';
export { readMatlab, readJulia } from './matlab';
export { readLatexTensor } from './latex';
export { readEigen } from './eigen';
export { readTensor, tensorLanguageOf, TENSOR_LANGUAGES, type TensorLanguage } from './languages';
export { evaluateTensors, fromNested, toNested, tensor, bindDims, Evaluator, type Tensor, type TensorPoint, type Nested } from './evaluate';
export { complexStep, reverseModeValues } from './numeric-ad';
export { centralDifferences, defaultPoint, pointFor, directionalDifference, forwardMode, forwardGradient, randomDirections, inner } from './check';
export { directionalSweep, directionalSteps, type DirectionalSweep } from './sweep';
export { Dims, formatShape, type Dim, type Shape } from './shape';
export { nonSmoothPoints, type TensorNonSmooth } from './smooth';
export { generateTensorCode, generateTensorFromGraph, printerFor, TENSOR_STYLES, TENSOR_TARGETS, type TensorCodegenOptions, type TensorCodegenResult, type TensorStyle, type TensorTargetId } from './codegen';

export interface TensorTerm {
  expr: string;
  latex: string;
  text: string;
  /** Symbolic or concrete sizes (symbols are strings such as 'n'). */
  shape: Dim[];
  /** The value at the point, as a nested array shaped like `shape`. */
  value?: Nested;
  /** Operations in the derivation (independent of array sizes). */
  ops: number;
}

export interface TensorPartial extends TensorTerm {
  wrt: string;
  check?: TensorCheck;
  /** Gradients: false when the point is on a kink on the path from this input (relu at 0, abs at 0, a where at its boundary …). */
  differentiable?: boolean;
  nonSmooth?: TensorNonSmooth[];
}

export interface TensorCheck {
  /** Worst |exact − central difference| over the checked entries, relative to max(1, |exact|). */
  worstEntryError: number;
  worstEntry: number[];
  entriesChecked: number;
  /** |⟨exact, d⟩ − directional difference| and |⟨exact, d⟩ − forward-mode AD| along random directions d. */
  directionalError: number;
  forwardError: number;
  /** Worst |exact − reverse-mode AD on values| over all entries, relative to max(1, |exact|). */
  reverseError: number;
  /** |⟨exact, d⟩ − complex step| along the same direction, where every op is analytic. */
  complexStepError?: number;
  /** Why the complex step is not defined here (abs, relu, comparisons on the path). */
  complexStepSkipped?: string;
  verdict: 'ok' | 'mismatch';
}

export interface TensorAnalysis {
  output: TensorTerm;
  /** Every input and the output: name → sizes ([] for a scalar); the output is 'f'. */
  shapes: Record<string, Dim[]>;
  /** The point the values are for (given, or the deterministic default). */
  point: Record<string, Nested>;
  partials: TensorPartial[];
  jacobian?: TensorPartial;
  hessian?: TensorPartial;
}

export interface AnalyzeOptions {
  shapes?: Readonly<Record<string, Shape>>;
  at?: TensorPoint;
  wrt?: readonly string[];
  jacobian?: string;
  hessian?: string;
  check?: boolean;
  /** Entries checked by central differences per input (the rest are sampled). */
  checkCap?: number;
  /** 'math' (mathjs syntax, the default), 'numpy' (NumPy / jax.numpy / PyTorch code), 'matlab' (MATLAB/Octave) or 'julia'. */
  language?: TensorLanguage;
}

export function analyzeTensor(source: string, options: AnalyzeOptions = {}): TensorAnalysis {
  const { graph: tg, output, inputs } = readTensor(source, options.language, { shapes: options.shapes, at: options.at });
  const wrt = options.wrt ?? inputs;
  const point = pointFor(tg, output, inputs, options.at);
  const sizes = bindDims(tg, [output], point);
  const term = (n: TNodeId): TensorTerm => {
    const ev = new Evaluator(tg, point, [n]);
    return {
      expr: printTensor(tg, n, 'expr', { sizes }),
      latex: printTensor(tg, n, 'latex'),
      text: printTensor(tg, n, 'text'),
      shape: tg.shape(n),
      value: toNested(ev.get(n)),
      ops: tg.countOps([n]),
    };
  };
  const shapes: Record<string, Dim[]> = {};
  for (const name of inputs) setOwn(shapes, name, tg.shape(tg.lookupVariable(name)!));
  shapes.f = tg.shape(output);
  const result: TensorAnalysis = { output: term(output), shapes, point: pointToNested(point, inputs), partials: [] };
  if (tg.isScalar(output)) {
    const grads = gradients(tg, output, wrt);
    const kinks = nonSmoothPoints(tg, output, point, source);
    for (const name of wrt) {
      const g = grads.get(name)!;
      const mine = kinks.filter((k) => k.inputs.includes(name));
      const p: TensorPartial = { wrt: name, ...term(g), differentiable: mine.length === 0, ...(mine.length ? { nonSmooth: mine } : {}) };
      if (options.check) p.check = checkGradient(tg, output, g, name, point, options.checkCap ?? 64);
      result.partials.push(p);
    }
  } else if (!options.jacobian) {
    throw new PartialsError(t('The output has shape ({0}); ask for its Jacobian (--jacobian) with respect to a vector input.', tg.shape(output).join(', ')), 'unsupported');
  }
  if (options.jacobian) result.jacobian = { wrt: options.jacobian, ...term(jacobian(tg, output, options.jacobian)) };
  if (options.hessian) result.hessian = { wrt: options.hessian, ...term(hessian(tg, output, options.hessian)) };
  return result;
}

function pointToNested(point: TensorPoint, names: readonly string[]): Record<string, Nested> {
  const out: Record<string, Nested> = {};
  for (const n of names) {
    const v = point[n];
    Object.defineProperty(out, n, { value: typeof v === 'object' && !Array.isArray(v) ? toNested(v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Exact gradient against central differences per entry (up to cap), a directional difference and forward mode. */
export function checkGradient(tg: TGraph, f: TNodeId, g: TNodeId, wrt: string, point: TensorPoint, cap = 64): TensorCheck {
  const exact: Tensor = new Evaluator(tg, point, [g]).get(g);
  const fd = centralDifferences(tg, f, point, wrt, { cap });
  let worst = 0;
  let worstAt = 0;
  let checked = 0;
  for (let k = 0; k < fd.data.length; k++) {
    if (Number.isNaN(fd.data[k])) continue;
    checked++;
    const e = Math.abs(exact.data[k] - fd.data[k]) / Math.max(1, Math.abs(exact.data[k]));
    if (!(e <= worst)) { worst = e; worstAt = k; }
  }
  const dir = randomDirections(point, [wrt], 7);
  const along = inner({ [wrt]: exact }, dir);
  const directionalError = Math.abs(along - directionalDifference(tg, f, point, dir)) / Math.max(1, Math.abs(along));
  const forwardError = Math.abs(along - forwardMode(tg, f, point, dir).data[0]) / Math.max(1, Math.abs(along));
  const rev = reverseModeValues(tg, f, point)[wrt];
  let reverseError = 0;
  for (let k = 0; k < exact.data.length; k++) reverseError = Math.max(reverseError, Math.abs(exact.data[k] - rev.data[k]) / Math.max(1, Math.abs(exact.data[k])));
  const cs = complexStep(tg, f, point, dir);
  const complexStepError = cs.value === undefined ? undefined : Math.abs(along - cs.value) / Math.max(1, Math.abs(along));
  const entry = exact.shape.length === 2 ? [Math.floor(worstAt / exact.shape[1]), worstAt % exact.shape[1]] : exact.shape.length === 1 ? [worstAt] : [];
  const ok = worst < 1e-5 && directionalError < 1e-5 && forwardError < 1e-9 && reverseError < 1e-9 && !(complexStepError !== undefined && complexStepError > 1e-9);
  return {
    worstEntryError: worst, worstEntry: entry, entriesChecked: checked, directionalError, forwardError, reverseError,
    ...(complexStepError !== undefined ? { complexStepError } : { complexStepSkipped: cs.reason }),
    verdict: ok ? 'ok' : 'mismatch',
  };
}
