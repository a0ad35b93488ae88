import { h } from '../dom.js';

/** A control with its label, as one field of the form. */
export function labelled(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}
