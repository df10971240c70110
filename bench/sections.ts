/**
 * docs/benchmarks.md is written a section at a time: `doc` with the section that starts at `title` (up to the next
 * `## ` heading) replaced by `section`, or `section` appended when the document has none yet.
 */
export function replaceDocSection(doc: string, title: string, section: string): string {
  const start = doc.indexOf(title);
  if (start < 0) return `${doc.replace(/\n*$/, '\n\n')}${section}`;
  const next = doc.indexOf('\n## ', start + title.length);
  return `${doc.slice(0, start)}${section}${next < 0 ? '' : doc.slice(next + 1)}`;
}
