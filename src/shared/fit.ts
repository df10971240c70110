/**
 * A view model that fits the webview's limits and the extension host's time: the webview refuses any string longer
 * than LIMITS.maxText (a defence against a misbehaving peer), so a formula or a block of code longer than that would
 * be dropped and the previous result left on screen. The host cuts such strings first, visibly: LaTeX too long to
 * typeset becomes a short note, text and code end in "… (N characters in all)", and the model gains a warning saying
 * what was cut. And the whole message is serialised on the extension host when it is posted (about 10 ms per
 * 100 000 characters): past MODEL_BUDGET the largest optional parts (Hessian, Jacobian, gradient table, graph,
 * checks, step-size study, code) are left out, largest first, each with a warning naming it.
 * Pure: the host applies it to every model it posts; unit-tested in plain Node.
 */
import { LIMITS, toWire, type ViewModel } from './protocol';

/** Strings are cut well below the validation limit (the rest of the model shares the message). */
export const FIT_TEXT = Math.floor(LIMITS.maxText / 2);

/** Characters a posted model may carry in all (strings' lengths, numbers and keys counted roughly as JSON). */
export const MODEL_BUDGET = 1_500_000;

/** The parts a model can do without, and what the warning calls them. */
export const OPTIONAL_PARTS = ['hessian', 'jacobian', 'gradient', 'graph', 'checks', 'sweep', 'code'] as const;
export type OptionalPart = typeof OPTIONAL_PARTS[number];

export interface FitMessages {
  /** The warning for cut strings; `longest`: the longest one's length, formatted. */
  cut(longest: string): string;
  /** The warning for a part left out; `size`: its size in characters, formatted. */
  omitted(part: OptionalPart, size: string): string;
}

const PART_NAMES: Record<OptionalPart, string> = {
  hessian: 'The Hessian', jacobian: 'The Jacobian', gradient: 'The gradient table', graph: 'The computation graph',
  checks: 'The checks table', sweep: 'The step-size study', code: 'The generated code',
};

export const ENGLISH_FIT_MESSAGES: FitMessages = {
  cut: (longest) => `Some results are too long to show in full here (the longest has ${longest} characters): they are cut. ` +
    'Insert Gradient Code, Copy Gradient as LaTeX and the partials CLI give them whole.',
  omitted: (part, size) => `${PART_NAMES[part]} is too large to show here (about ${size} characters) and is left out: ` +
    'select less, or use the partials CLI.',
};

export interface FitOptions {
  cap?: number;
  messages?: FitMessages;
  budget?: number;
  /** Also put it in its wire form (protocol.ts `toWire`: non-finite numbers tagged) in the same walk. */
  wire?: boolean;
}

export function fitModel(model: ViewModel, cap: number = FIT_TEXT, messages: FitMessages = ENGLISH_FIT_MESSAGES, budget: number = MODEL_BUDGET): ViewModel {
  return fitWith(model, { cap, messages, budget });
}

/** fitModel and toWire in one walk: what the host posts (the walk is the host's own time, so it is done once). */
export function fitWire(model: ViewModel, messages: FitMessages = ENGLISH_FIT_MESSAGES): unknown {
  return fitWith(model, { messages, wire: true });
}

function fitWith(model: ViewModel, opts: FitOptions): ViewModel {
  const cap = opts.cap ?? FIT_TEXT;
  const messages = opts.messages ?? ENGLISH_FIT_MESSAGES;
  const budget = opts.budget ?? MODEL_BUDGET;
  const wire = !!opts.wire;
  let longest = 0;
  let size = 0;
  const fit = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      if (value.length <= cap) {
        size += value.length + 3;
        return value;
      }
      longest = Math.max(longest, value.length);
      const n = value.length.toLocaleString('en-US');
      const cut = key === 'latex' ? `\\text{(${n} characters: too long to typeset here)}` : `${value.slice(0, cap - 80)}… (${n} characters in all; cut for display)`;
      size += cut.length + 3;
      return cut;
    }
    if (typeof value === 'number') {
      size += 8;
      return wire && !Number.isFinite(value) ? toWire(value) : value;
    }
    if (Array.isArray(value)) {
      size += 2 + value.length;
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) out[i] = fit(value[i], key);
      return out;
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const k in value) {
        if (!Object.hasOwn(value, k)) continue;
        const v = (value as Record<string, unknown>)[k];
        if (wire && v === undefined) continue;
        size += k.length + 4;
        // defined, not assigned: a key named __proto__ stays data
        if (k === '__proto__') Object.defineProperty(out, k, { value: fit(v, k), enumerable: true, writable: true, configurable: true });
        else out[k] = fit(v, k);
      }
      return out;
    }
    size += 8;
    return value;
  };
  // Most parts need nothing: measured without a copy (what takes the host's time is copying a model of a few
  // hundred kilobytes), and only a part with a string to cut or (on the wire) a non-finite number is copied.
  let dirty = false;
  const scan = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length > cap) dirty = true;
      size += value.length + 3;
    } else if (typeof value === 'number') {
      if (wire && !Number.isFinite(value)) dirty = true;
      size += 8;
    } else if (Array.isArray(value)) {
      size += 2 + value.length;
      for (let i = 0; i < value.length && !dirty; i++) scan(value[i]);
    } else if (value && typeof value === 'object') {
      for (const k in value) {
        if (dirty) return;
        if (!Object.hasOwn(value, k)) continue;
        size += k.length + 4;
        scan((value as Record<string, unknown>)[k]);
      }
    } else size += 8;
  };
  // each top-level part on its own, so the largest optional ones can be left out
  const fitted: Record<string, unknown> = {};
  const parts: Array<{ part: OptionalPart; size: number }> = [];
  for (const [k, v] of Object.entries(model)) {
    const before = size;
    dirty = false;
    scan(v);
    let value = v;
    if (dirty) {
      size = before;
      value = fit(v, k);
    }
    if (wire && value === undefined) continue;
    Object.defineProperty(fitted, k, { value, enumerable: true, writable: true, configurable: true });
    if ((OPTIONAL_PARTS as readonly string[]).includes(k)) parts.push({ part: k as OptionalPart, size: size - before });
  }
  const out = fitted as unknown as ViewModel;
  const warnings = [...out.warnings];
  if (longest > 0) warnings.push(messages.cut(longest.toLocaleString('en-US')));
  if (size > budget) {
    for (const p of parts.sort((a, b) => b.size - a.size)) {
      if (size <= budget) break;
      delete fitted[p.part];
      size -= p.size;
      warnings.push(messages.omitted(p.part, p.size.toLocaleString('en-US')));
    }
  }
  if (warnings.length !== out.warnings.length) out.warnings = warnings;
  return out;
}
