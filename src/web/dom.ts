/**
 * Elements built from data, never from HTML strings: text goes in as text, so a name in a pasted
 * config cannot become markup. The only markup the page inserts is KaTeX's and the chart's, both
 * made by our code from escaped input.
 */
type Child = Node | string | false | null | undefined;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** An element with attributes (functions become listeners) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children, skipping the empty ones (`false`, `null`, `undefined`, `''`). */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children)
    if (child !== false && child !== null && child !== undefined && child !== '')
      parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
}

/** Markup our own code made (KaTeX output, the chart's SVG), as nodes. */
export function trusted(
  markup: string,
  tag: 'div' | 'span' = 'span',
  className?: string,
): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.innerHTML = markup;
  return element;
}

/** `fill('{n} parameters', { n: '1,024' })`, for the page's own words. */
export function fill(phrase: string | undefined, values: Record<string, string> = {}): string {
  return (phrase ?? '').replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
