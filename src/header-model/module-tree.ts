import type { TensorInfo } from '../checkpoint/safetensors.js';
import { IntColumn } from './int-column.js';

/**
 * A checkpoint's names as the module tree PyTorch saved them from: `model.layers.0.self_attn.q_proj
 * .weight` is the parameter `weight` of the module `q_proj` under `self_attn` under `0` (an item of
 * the ModuleList `layers`) under `model`. Structure is read from this tree, never from the data.
 *
 * The tree is a table of numbers (ModuleTree), one row a module: Qwen3-Next's 48 layers of 512
 * experts are 100,000 modules, which as objects cost more to collect than to build. A module is
 * an object (a ModuleNode) only where the declarations look at it: the first of each kind.
 */
export interface ModuleNode {
  /** Its name in its parent (`q_proj`, `0`); the root's is empty. */
  readonly name: string;
  /** Its row in the tree: modules are numbered in the order the tree made them, parents first. */
  readonly id: number;
  /** Its own parameters (`weight`, `bias`, `A_log`), in the order the header lists them. */
  readonly parameters: readonly Parameter[];
  /** Its submodules, in the order the header first names them. */
  readonly children: readonly ModuleNode[];
  /** Whether it is a ModuleList's items: submodules all numbered `0`, `1`, …, no parameters of its own. */
  readonly numbered: boolean;
}

/** One tensor of a module: its name there (`weight`) and what the header says of it. */
export interface Parameter {
  readonly name: string;
  readonly info: TensorInfo;
}

/** The tree of every tensor's module path (names split at the dots), of the tensors `keep` keeps (all without it). */
export function moduleTree(
  tensors: ReadonlyMap<string, TensorInfo>,
  keep?: (name: string) => boolean,
): ModuleTree {
  const reader = new PathReader();
  // forEach, not for…of: a cold for…of makes an entry array and an iterator result a name, and
  // destructures the entry through the array iterator, until the loop is optimised (~25 ms here).
  if (keep)
    tensors.forEach((info, name) => {
      if (keep(name)) reader.add(name, info);
    });
  else
    tensors.forEach((info, name) => {
      reader.add(name, info);
    });
  return reader.tree;
}

/**
 * Names added one by one to a tree. A header lists its names module by module, so most of a
 * name's path is the last name's: the modules it shares are taken from there, and only the rest
 * are looked up.
 */
class PathReader {
  readonly tree = new ModuleTree();
  private last = '';
  // Stacks with their own length (`path.length = n` is a call into the runtime, 74,391 times).
  private readonly path: number[] = [0]; // path[k]: the module after the last name's first k parts
  private readonly dots: number[] = []; // dots[k]: where the last name's part k ends
  private parts = 0; // how many of dots hold the last name's parts
  private parameter = -1; // the last parameter's name, whose text a `weight` after a `weight` need not slice

  add(name: string, info: TensorInfo) {
    const { tree, path, dots } = this;
    const common = commonPrefix(name, this.last);
    let parts = 0;
    while (parts < this.parts && dots[parts]! < common) parts++;
    let at = path[parts]!;
    let from = parts ? dots[parts - 1]! + 1 : 0;
    for (let dot = name.indexOf('.', from); dot >= 0; dot = name.indexOf('.', from)) {
      at = tree.child(at, tree.nameId(name.slice(from, dot)));
      path[parts + 1] = at;
      dots[parts] = dot;
      parts++;
      from = dot + 1;
    }
    this.parts = parts;
    const known = this.parameter >= 0 ? tree.names[this.parameter]! : undefined;
    if (!(known?.length === name.length - from && name.endsWith(known)))
      this.parameter = tree.nameId(name.slice(from));
    tree.hold(at, this.parameter, info);
    this.last = name;
  }
}

/** Submodules a module looks through one by one; past them it keeps a map of their names. */
const SCANNED = 8;

/** The modules as rows of numbers: row 0 the root; each row's children and parameters as linked lists. */
export class ModuleTree {
  /** Every distinct name of a module or parameter, once: `names[id]`. */
  readonly names: string[] = [];
  /** A name's value as a list's index (`17`), or -1 (`q_proj`, `017`), by its id. */
  readonly numberOfName = new IntColumn();
  private readonly ids = new Map<string, number>();
  // By module row:
  readonly nameOf = new IntColumn();
  readonly firstChild = new IntColumn();
  readonly nextSibling = new IntColumn();
  private readonly lastChild = new IntColumn();
  private readonly childCount = new IntColumn();
  readonly firstParameter = new IntColumn();
  private readonly lastParameter = new IntColumn();
  /** 1 once a module holds a parameter or a submodule not numbered: it is not a list's items. */
  private readonly notList = new IntColumn();
  /** The submodules of a module with more than SCANNED, by name id. */
  private readonly index = new Map<number, Map<number, number>>();
  // By parameter row:
  readonly parameterName = new IntColumn();
  readonly nextParameter = new IntColumn();
  readonly infos: TensorInfo[] = [];
  private readonly views: ModuleNode[] = [];

  constructor() {
    this.add(this.nameId(''));
  }

  get size(): number {
    return this.nameOf.length;
  }

  /** The root module, as an object. */
  get root(): ModuleNode {
    return this.node(0);
  }

  /** A module as an object, made the first time it is asked for. */
  node(id: number): ModuleNode {
    let view = this.views[id];
    if (!view) {
      view = new NodeView(this, id);
      this.views[id] = view;
    }
    return view;
  }

  /** The id of a name, given one the first time it is seen. */
  nameId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
      this.numberOfName.push(numberOf(name));
    }
    return id;
  }

  /** The submodule of `parent` named `name`, made if it has none. */
  child(parent: number, name: number): number {
    const index = this.childCount.get(parent) > SCANNED ? this.index.get(parent) : undefined;
    if (index) {
      const found = index.get(name);
      if (found !== undefined) return found;
    } else
      for (let c = this.firstChild.get(parent); c >= 0; c = this.nextSibling.get(c))
        if (this.nameOf.get(c) === name) return c;
    const id = this.add(name);
    const last = this.lastChild.get(parent);
    if (last < 0) this.firstChild.set(parent, id);
    else this.nextSibling.set(last, id);
    this.lastChild.set(parent, id);
    const count = this.childCount.get(parent) + 1;
    this.childCount.set(parent, count);
    if (this.numberOfName.get(name) < 0) this.notList.set(parent, 1);
    if (index) index.set(name, id);
    else if (count > SCANNED) {
      const made = new Map<number, number>();
      for (let c = this.firstChild.get(parent); c >= 0; c = this.nextSibling.get(c))
        made.set(this.nameOf.get(c), c);
      this.index.set(parent, made);
    }
    return id;
  }

  /** Gives `module` the parameter named `name`. */
  hold(module: number, name: number, info: TensorInfo) {
    const id = this.parameterName.push(name);
    this.nextParameter.push(-1);
    this.infos.push(info);
    const last = this.lastParameter.get(module);
    if (last < 0) this.firstParameter.set(module, id);
    else this.nextParameter.set(last, id);
    this.lastParameter.set(module, id);
    this.notList.set(module, 1);
  }

  /** Whether a module is a list's items (see ModuleNode.numbered). */
  numbered(id: number): boolean {
    return this.notList.get(id) === 0 && this.firstChild.get(id) >= 0;
  }

  private add(name: number): number {
    const id = this.nameOf.push(name);
    this.firstChild.push(-1);
    this.nextSibling.push(-1);
    this.lastChild.push(-1);
    this.firstParameter.push(-1);
    this.lastParameter.push(-1);
    this.childCount.push(0);
    this.notList.push(0);
    return id;
  }
}

/** A module of the tree as an object: its lists read from the rows when first asked for. */
class NodeView implements ModuleNode {
  private parametersRead: Parameter[] | undefined;
  private childrenRead: ModuleNode[] | undefined;

  constructor(
    private readonly tree: ModuleTree,
    readonly id: number,
  ) {}

  get name(): string {
    return this.tree.names[this.tree.nameOf.get(this.id)]!;
  }

  get numbered(): boolean {
    return this.tree.numbered(this.id);
  }

  get parameters(): readonly Parameter[] {
    const { tree } = this;
    if (!this.parametersRead) {
      this.parametersRead = [];
      for (let p = tree.firstParameter.get(this.id); p >= 0; p = tree.nextParameter.get(p))
        this.parametersRead.push({
          name: tree.names[tree.parameterName.get(p)]!,
          info: tree.infos[p]!,
        });
    }
    return this.parametersRead;
  }

  get children(): readonly ModuleNode[] {
    const { tree } = this;
    if (!this.childrenRead) {
      this.childrenRead = [];
      for (let c = tree.firstChild.get(this.id); c >= 0; c = tree.nextSibling.get(c))
        this.childrenRead.push(tree.node(c));
    }
    return this.childrenRead;
  }
}

/** A ModuleList's items: a module whose submodules are all numbered `0`, `1`, … and has no parameters of its own. */
export const isNumberedList = (module: ModuleNode): boolean => module.numbered;

/** The number a name writes as a list's index (`0`, `17`; not `017`, nor past nine digits), else -1. */
function numberOf(name: string): number {
  if (!/^(0|[1-9]\d{0,8})$/.test(name)) return -1;
  return Number(name);
}

/** How many characters two names begin with alike. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
