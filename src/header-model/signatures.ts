import type { TensorInfo } from '../checkpoint/safetensors.js';
import { IntColumn } from './int-column.js';
import type { ModuleNode, ModuleTree } from './module-tree.js';

/**
 * What each module holds, as a number equal for two modules exactly when their relative names and
 * shapes are (a list inside counts by its items'): two items of a list with the same number are
 * one declaration, whatever their index.
 *
 * A module is read as a sequence of steps, each three numbers: a parameter (its name, its shape),
 * a submodule (its name, its signature), or a run of a list's equal items (how many, their
 * signature). Equal sequences are one path in a trie of numbers, and the path's end is the
 * signature: no text is built, and no two different modules share one. Children come after their
 * parents in the tree's rows, so one pass from the last row up reads every module once.
 */
export class Signatures {
  private readonly of = new IntColumn();
  private readonly shapes = new Map<string, number>();
  /** A shape's number, once a shape array: a header's equal shapes are mostly one array. */
  private readonly shapeArrays = new Map<readonly bigint[], number>();
  /** The trie: a step from state `s` of kind `k` by (`a`, `b`) leads to `next[s].get(a·3 + k).get(b)`. */
  private readonly next: Array<Map<number, Map<number, number>> | undefined> = [undefined];
  /** Leaves of one parameter read last: an info is one object for a dtype and shape, mostly. */
  private readonly recent: Array<{ name: number; info: TensorInfo; signature: number }> = [];
  private recentNext = 0;

  constructor(private readonly tree: ModuleTree) {
    for (let id = 0; id < tree.size; id++) this.of.push(-1);
    for (let id = tree.size - 1; id >= 0; id--) this.of.set(id, this.read(id));
  }

  /** The items of a list grouped by signature, in the order each first appears, with their indices. */
  groups(list: ModuleNode): Array<{ first: ModuleNode; at: number[] }> {
    const { tree } = this;
    const groups = new Map<number, { first: ModuleNode; at: number[] }>();
    for (let c = tree.firstChild.get(list.id); c >= 0; c = tree.nextSibling.get(c)) {
      const key = this.of.get(c);
      let group = groups.get(key);
      if (!group) {
        group = { first: tree.node(c), at: [] };
        groups.set(key, group);
      }
      group.at.push(tree.numberOfName.get(tree.nameOf.get(c)));
    }
    return [...groups.values()];
  }

  private read(id: number): number {
    const { tree } = this;
    let state = 0;
    const first = tree.firstParameter.get(id);
    // A leaf of one parameter (a projection's `weight`, 73,728 of them among 512 experts a
    // layer): its signature is its parameter's name and info, the same as a recent leaf's mostly.
    if (first >= 0 && tree.nextParameter.get(first) < 0 && tree.firstChild.get(id) < 0)
      return this.leaf(first);
    for (let p = first; p >= 0; p = tree.nextParameter.get(p))
      state = this.step(state, PARAMETER, tree.parameterName.get(p), this.shapeOf(p));
    if (tree.numbered(id)) return this.runs(id, state);
    for (let c = tree.firstChild.get(id); c >= 0; c = tree.nextSibling.get(c))
      state = this.step(state, CHILD, tree.nameOf.get(c), this.of.get(c));
    return state;
  }

  /** The signature of a module holding only `parameter`, from the last few such leaves when one matches. */
  private leaf(parameter: number): number {
    const { tree, recent } = this;
    const name = tree.parameterName.get(parameter);
    const info = tree.infos[parameter]!;
    for (let i = 0; i < recent.length; i++) {
      const seen = recent[i]!;
      if (seen.name === name && seen.info === info) return seen.signature;
    }
    const signature = this.step(0, PARAMETER, name, this.shapeOf(parameter));
    recent[this.recentNext++ % RECENT] = { name, info, signature };
    return signature;
  }

  /** A list's items as runs of equal signatures: 512 equal experts are one step, not 512. */
  private runs(id: number, from: number): number {
    const { tree } = this;
    let state = from;
    let last = -1;
    let length = 0;
    for (let c = tree.firstChild.get(id); c >= 0; c = tree.nextSibling.get(c)) {
      const signature = this.of.get(c);
      if (signature === last) length++;
      else {
        if (length) state = this.step(state, RUN, length, last);
        last = signature;
        length = 1;
      }
    }
    return length ? this.step(state, RUN, length, last) : state;
  }

  /** The state after one step: the same for the same state and step, new for a new one. */
  private step(state: number, kind: number, a: number, b: number): number {
    let byA = this.next[state];
    if (!byA) {
      byA = new Map();
      this.next[state] = byA;
    }
    const key = a * KINDS + kind;
    let byB = byA.get(key);
    if (!byB) {
      byB = new Map();
      byA.set(key, byB);
    }
    let to = byB.get(b);
    if (to === undefined) {
      to = this.next.length;
      this.next.push(undefined);
      byB.set(b, to);
    }
    return to;
  }

  /** The number of a parameter's shape: equal shapes, one number, whether or not one array. */
  private shapeOf(parameter: number): number {
    const shape = this.tree.infos[parameter]!.shape;
    let id = this.shapeArrays.get(shape);
    if (id === undefined) {
      const text = shape.join(',');
      id = this.shapes.get(text) ?? this.shapes.size;
      this.shapes.set(text, id);
      this.shapeArrays.set(shape, id);
    }
    return id;
  }
}

/** The kinds of step, so a parameter's numbers and a submodule's never read alike. */
const PARAMETER = 0;
const CHILD = 1;
const RUN = 2;
const KINDS = 3;
/** Leaves remembered: a layer's experts hold three, one after another. */
const RECENT = 4;
