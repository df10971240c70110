/**
 * Past this many entries, the entrywise view is not offered: a few dozen entries is what a person reads entry by
 * entry. A module of its own (no imports) so that the extension host reads it without loading the tensor engine.
 */
export const ENTRYWISE_MAX_ENTRIES = 16;
