/** "From document": numbers assigned above the selection. Engine side (it parses the document): adapter.ts. */
import { documentValues } from '../../core/frontend/document';
import type { Target } from '../inspector/request';

/**
 * The numeric values assigned in the document above the target (`a = 1.0` before the selected formula) for the
 * given names: "From document" in the inspector.
 */
export function documentPoint(names: string[], documentText: string, t: Pick<Target, 'languageId' | 'offset'>): Record<string, number> {
  const found = documentValues(documentText, t.languageId, t.offset);
  const out: Record<string, number> = {};
  for (const n of names) if (Object.hasOwn(found, n)) Object.defineProperty(out, n, { value: found[n], enumerable: true, writable: true, configurable: true });
  return out;
}
