/**
 * A view model that fits the webview's limits: the webview refuses any string longer than LIMITS.maxText (a
 * defence against a misbehaving peer), so a formula or a block of code longer than that would be dropped and the
 * previous result left on screen. The host cuts such strings first, visibly: LaTeX too long to typeset becomes a
 * short note, text and code end in "… (N characters in all)", and the model gains a warning saying what was cut.
 * Pure: the host applies it to every model it posts; unit-tested in plain Node.
 */
import { LIMITS, type ViewModel } from './protocol';

/** Strings are cut well below the validation limit (the rest of the model shares the message). */
export const FIT_TEXT = Math.floor(LIMITS.maxText / 2);

export function fitModel(model: ViewModel, cap: number = FIT_TEXT): ViewModel {
  let longest = 0;
  const fit = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      if (value.length <= cap) return value;
      longest = Math.max(longest, value.length);
      const n = value.length.toLocaleString('en-US');
      if (key === 'latex') return `\\text{(${n} characters: too long to typeset here)}`;
      return `${value.slice(0, cap - 80)}… (${n} characters in all; cut for display)`;
    }
    if (Array.isArray(value)) return value.map((v) => fit(v, key));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: fit(v, k), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  };
  const fitted = fit(model, '') as ViewModel;
  if (longest > 0) {
    fitted.warnings = [...fitted.warnings,
      `Some results are too long to show in full here (the longest has ${longest.toLocaleString('en-US')} characters): they are cut. ` +
      'Insert Gradient Code, Copy Gradient as LaTeX and the partials CLI give them whole.'];
  }
  return fitted;
}
