import { type Bindings, evaluate } from '../expr/evaluate.js';
import { add, type Expr, num } from '../expr/nodes.js';
import type { KvCacheSpec, ModuleSpec, RepeatSpec } from '../models/spec/model-spec.js';

/** The key and value projections of an attention module, by the lineages' names (and GGUF's `attn_k`). */
const keyName = /^(k_proj|key|k|wk|k_lin|attn_k)$/;
const valueName = /^(v_proj|value|v|wv|v_lin|attn_v)$/;

/** Which layers slide, from the config: its `layer_types` list and `sliding_window`. */
export interface SlidingLayers {
  readonly types: readonly unknown[];
  readonly window: bigint;
}

/**
 * The KV cache of a stack read from a header: every repeated layer that holds a key and a value
 * projection caches, a token, what those two write (their widths, `n_kv·d_h` each). A header does
 * not say which layers slide; where the config lists `layer_types` and a `sliding_window`, the
 * layers at the indices it calls `sliding_attention` keep at most the window, the others the
 * whole context. Without such a list every layer keeps the whole context.
 */
export function attentionCaches(
  modules: readonly ModuleSpec[],
  bindings: Bindings,
  sliding?: SlidingLayers,
): KvCacheSpec[] {
  const entries: KvCacheSpec[] = [];
  const visit = (module: ModuleSpec, inTower: boolean) => {
    if (module.role === 'tower' || inTower) return;
    if (module.kind === 'repeat') {
      const perToken = keyAndValue(module.child);
      if (perToken) entries.push(...byKind(module, perToken, bindings, sliding));
      return;
    }
    if (module.kind === 'group') for (const c of module.children) visit(c, towerGroup(c));
  };
  for (const m of modules) visit(m, towerGroup(m));
  return entries;
}

/** A stack's cache, split where the config lists which of its layers slide. */
function byKind(
  stack: RepeatSpec,
  perToken: Expr,
  bindings: Bindings,
  sliding: SlidingLayers | undefined,
): KvCacheSpec[] {
  if (!sliding) return [{ name: 'self', layers: stack.count, perToken }];
  const count = evaluate(stack.count, bindings);
  const at = stack.indexAs?.at ?? Array.from({ length: Number(count) }, (_, i) => BigInt(i));
  const slides = BigInt(at.filter((i) => sliding.types[Number(i)] === 'sliding_attention').length);
  if (slides === 0n) return [{ name: 'self', layers: stack.count, perToken }];
  const window = sliding.window;
  if (slides === count) return [{ name: 'sliding', layers: stack.count, perToken, window }];
  return [
    { name: 'self', layers: num(count - slides), perToken },
    { name: 'sliding', layers: num(slides), perToken, window },
  ];
}

/** What one layer's key and value projections write a token, if it has them (within two levels). */
function keyAndValue(layer: ModuleSpec, depth = 0): Expr | undefined {
  if (layer.kind !== 'group' || depth > 2) return undefined;
  const key = layer.children.find((c) => c.kind === 'linear' && keyName.test(c.key));
  const value = layer.children.find((c) => c.kind === 'linear' && valueName.test(c.key));
  if (key?.kind === 'linear' && value?.kind === 'linear') return add(key.out, value.out);
  for (const child of layer.children) {
    const found = keyAndValue(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A group whose every module is a tower's: the tower keeps no cache of the text's tokens. */
function towerGroup(module: ModuleSpec): boolean {
  if (module.role === 'tower') return true;
  return module.kind === 'group' && module.children.length > 0 && module.children.every(towerGroup);
}
