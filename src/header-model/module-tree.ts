import type { TensorInfo } from '../checkpoint/safetensors.js';

/**
 * A checkpoint's names as the module tree PyTorch saved them from: `model.layers.0.self_attn.q_proj
 * .weight` is the parameter `weight` of the module `q_proj` under `self_attn` under `0` (an item of
 * the ModuleList `layers`) under `model`. Structure is read from this tree, never from the data.
 */
export interface ModuleNode {
  /** Its name in its parent (`q_proj`, `0`); the root's is empty. */
  readonly name: string;
  /** Its place in the order the tree made its modules: an index for tables about modules. */
  readonly id: number;
  /** Its own parameters, by name (`weight`, `bias`, `A_log`), in the order the header lists them. */
  readonly parameters: ReadonlyMap<string, TensorInfo>;
  /** Its submodules, by name, in the order the header first names them. */
  readonly children: ReadonlyMap<string, ModuleNode>;
}

/** The tree of every tensor's module path (names split at the dots), of the tensors `keep` keeps. */
export function moduleTree(
  tensors: ReadonlyMap<string, TensorInfo>,
  keep: (name: string) => boolean = () => true,
): ModuleNode {
  let made = 0;
  // A module gets maps of its own when it first holds something: a leaf has no submodules and a
  // container no parameters, and 100,000 modules need not each carry two maps.
  const node = (name: string): Building => ({
    name,
    id: made++,
    parameters: noParameters,
    children: noChildren,
  });
  const root = node('');
  // A header lists its names module by module, so most of a name's path is the last name's: the
  // modules it shares are taken from there, and only the rest are split out and looked up.
  let last = '';
  const path: Building[] = [root]; // path[k]: the module after the last name's first k parts
  const dots: number[] = []; // dots[k]: where the last name's part k ends
  for (const [name, info] of tensors) {
    if (!keep(name)) continue;
    const common = commonPrefix(name, last);
    let depth = 0;
    while (depth < dots.length && dots[depth]! < common) depth++;
    path.length = depth + 1;
    dots.length = depth;
    let at = path[depth]!;
    let from = depth ? dots[depth - 1]! + 1 : 0;
    for (let dot = name.indexOf('.', from); dot >= 0; dot = name.indexOf('.', from)) {
      const part = name.slice(from, dot);
      let next = at.children.get(part);
      if (!next) {
        next = node(part);
        if (at.children === noChildren) at.children = new Map();
        at.children.set(part, next);
      }
      at = next;
      path.push(at);
      dots.push(dot);
      from = dot + 1;
    }
    if (at.parameters === noParameters) at.parameters = new Map();
    at.parameters.set(name.slice(from), info);
    last = name;
  }
  return root;
}

/** A module as the tree is built: its maps made when first needed. */
interface Building {
  readonly name: string;
  readonly id: number;
  parameters: Map<string, TensorInfo>;
  children: Map<string, Building>;
}

/** The maps of a module that holds nothing of the kind: one of each, shared, never written. */
const noParameters = new Map<string, TensorInfo>();
const noChildren = new Map<string, Building>();

/** How many characters two names begin with alike. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** A ModuleList's items: a module whose submodules are all numbered `0`, `1`, … and has no parameters of its own. */
export function isNumberedList(module: ModuleNode): boolean {
  if (module.parameters.size > 0 || module.children.size === 0) return false;
  for (const name of module.children.keys()) if (!/^(0|[1-9]\d{0,8})$/.test(name)) return false;
  return true;
}

/** How many tensors lie under a module, all levels. */
export function tensorCount(module: ModuleNode): number {
  let n = module.parameters.size;
  for (const child of module.children.values()) n += tensorCount(child);
  return n;
}
