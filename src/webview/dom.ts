/** Tiny DOM builder: elements from tag, attributes and children. Never parses HTML, so user text stays text. */

export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A button with an accessible name; `onClick` is attached with addEventListener (no inline handlers). */
export function button(label: string, onClick: (ev: MouseEvent) => void, attrs: Attrs = {}, ...children: Child[]): HTMLButtonElement {
  const b = h('button', { type: 'button', 'aria-label': label, title: label, ...attrs }, ...(children.length ? children : [label]));
  b.addEventListener('click', onClick);
  return b;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * Makes `input` a number field that commits: Enter or a change reads the text with `read`; an unreadable value
 * marks the field invalid (aria-invalid, `invalidTitle`), a valid one different from `current` goes to `commit`.
 * Escape restores `current`. (The point editor, the tensor grid and the size fields share it.)
 */
export function numberField(input: HTMLInputElement, current: number, read: (text: string) => number | undefined, invalidTitle: string, commit: (v: number) => void): void {
  const apply = () => {
    const v = read(input.value);
    if (v === undefined) {
      input.setAttribute('aria-invalid', 'true');
      input.title = invalidTitle;
      return;
    }
    input.removeAttribute('aria-invalid');
    if (v !== current) commit(v);
  };
  input.addEventListener('change', apply);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') apply();
    if (ev.key === 'Escape') { input.value = String(current); input.removeAttribute('aria-invalid'); }
  });
}
