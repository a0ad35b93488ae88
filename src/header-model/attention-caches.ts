import { add, type Expr } from '../expr/nodes.js';
import type { KvCacheSpec, ModuleSpec } from '../models/spec/model-spec.js';

/** The key and value projections of an attention module, by the lineages' names (and GGUF's `attn_k`). */
const keyName = /^(k_proj|key|k|wk|k_lin|attn_k)$/;
const valueName = /^(v_proj|value|v|wv|v_lin|attn_v)$/;

/**
 * The KV cache of a stack read from a header: every repeated layer that holds a key and a value
 * projection caches, a token, what those two write (their widths, `n_kv·d_h` each). A header does
 * not say which layers slide or share their caches, so every such layer keeps the whole context.
 */
export function attentionCaches(modules: readonly ModuleSpec[]): KvCacheSpec[] {
  const entries: KvCacheSpec[] = [];
  const visit = (module: ModuleSpec, inTower: boolean) => {
    if (module.role === 'tower' || inTower) return;
    if (module.kind === 'repeat') {
      const perToken = keyAndValue(module.child);
      if (perToken) entries.push({ name: 'self', layers: module.count, perToken });
      return;
    }
    if (module.kind === 'group') for (const c of module.children) visit(c, towerGroup(c));
  };
  for (const m of modules) visit(m, towerGroup(m));
  return entries;
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
