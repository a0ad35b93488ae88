import { isNumberedList, type ModuleNode } from './module-tree.js';

/**
 * What a module holds, as a number equal for two modules exactly when their relative names and
 * shapes are (a list inside counts by its items'): two items of a list with the same number are
 * one declaration, whatever their index.
 *
 * A module's text names its children's signatures by number, so it stays short however deep the
 * tree: Qwen3-Next's 48 layers of 512 experts are 100,000 modules, each read once. The text
 * separates with dots, which a name split at its dots cannot hold, so no two trees share one.
 */
export class Signatures {
  private readonly ofModule: number[] = []; // by the module's id
  private readonly ofText = new Map<string, number>();
  /** A shape's text, once a shape: a header's equal shapes are one array. */
  private readonly shapeText = new Map<readonly bigint[], string>();

  of(node: ModuleNode): number {
    const known = this.ofModule[node.id];
    if (known !== undefined) return known;
    let text = '';
    for (const [name, t] of node.parameters) text += `${name}.[${this.textOf(t.shape)}].`;
    if (isNumberedList(node)) text += this.runs(node);
    else for (const [name, child] of node.children) text += `${name}.{${this.of(child)}}.`;
    let id = this.ofText.get(text);
    if (id === undefined) {
      id = this.ofText.size;
      this.ofText.set(text, id);
    }
    this.ofModule[node.id] = id;
    return id;
  }

  private textOf(shape: readonly bigint[]): string {
    let text = this.shapeText.get(shape);
    if (text === undefined) {
      text = shape.join(',');
      this.shapeText.set(shape, text);
    }
    return text;
  }

  /** A list's items as runs of equal signatures: 512 equal experts are one run, not 512. */
  private runs(node: ModuleNode): string {
    let text = '';
    let last = -1;
    let length = 0;
    for (const child of node.children.values()) {
      const id = this.of(child);
      if (id === last) length++;
      else {
        if (length) text += `${length}×{${last}}.`;
        last = id;
        length = 1;
      }
    }
    if (length) text += `${length}×{${last}}.`;
    return text;
  }
}
