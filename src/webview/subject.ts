/**
 * What an inspection is about: the selection's place and the expression read from it. A model about the same
 * subject (a new point, a toggle, a pin) keeps the inspector's scroll position; a new subject starts at the top.
 */
import type { ViewModel } from '../shared/protocol';

export function subjectOf(m: ViewModel): string {
  const o = m.origin;
  const where = o ? `${o.file}:${o.line}:${o.languageId}` : '';
  const what = m.expression?.outputs.map((x) => `${x.name}=${x.text}`).join(';') ?? (m.tensor ? `f=${m.tensor.output.text}` : undefined) ?? m.error?.message ?? m.message ?? '';
  return `${m.kind}|${where}|${what}`;
}
