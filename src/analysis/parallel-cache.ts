import type { RepeatPart } from '../components/part.js';
import type { Derivation } from '../derive/steps.js';
import { substitute, type Bindings } from '../expr/evaluate.js';
import { label, sym, type Expr } from '../expr/nodes.js';
import { symbolsOf } from '../expr/visit.js';
import { UserError } from '../errors/user-error.js';
import type { KvCacheLayout } from '../models/spec/model-spec.js';
import { kvCache, type KvCacheRequest } from './kv-cache.js';
import { holdsRole, kvHeadsOnGpu, type ParallelPlan, type Stages } from './parallel.js';

/**
 * The cache on one GPU: vLLM splits the key/value heads over the tensor-parallel GPUs (`n_kv/t`
 * each, one head each when there are fewer heads than GPUs) and keeps MLA's latent whole on every
 * one; a pipeline stage holds its own layers' cache.
 */
export function kvPerGpu(
  layout: KvCacheLayout,
  bindings: Bindings,
  request: KvCacheRequest,
  plan: ParallelPlan,
  kvHeads: bigint | undefined,
  stacks: Map<RepeatPart, number[]>,
  stages: Stages,
  stage: number,
): Derivation {
  const sizes: Record<string, bigint> = {};
  const headsPerGpu = kvHeads === undefined ? undefined : kvHeadsOnGpu(kvHeads, plan.tp);
  const rename = (e: Expr): Expr => {
    if (plan.tp === 1n) return e;
    const names = new Set(symbolsOf(e));
    const head = ['n_kv', 'n_h'].find((n) => names.has(n));
    if (head && headsPerGpu !== undefined) {
      sizes.n_kv_gpu = headsPerGpu;
      return substitute(e, { [head]: sym('n_kv_gpu') });
    }
    if (names.has('d_model') && bindings.d_model !== undefined) {
      sizes.d_gpu = bindings.d_model / plan.tp;
      return substitute(e, { d_model: sym('d_gpu') });
    }
    return e;
  };
  if (plan.pp > 1n && layout.entries.length > 1)
    throw new UserError(
      `--pp ${plan.pp}: the cache has ${layout.entries.length} kinds of layer, and which a stage holds needs the layers' order`,
      { field: '--pp', received: String(plan.pp), expected: 'a cache of one kind of layer' },
    );
  const stageLayers = (entry: KvCacheLayout['entries'][number]): Expr => {
    if (plan.pp === 1n) return entry.layers;
    const attention = [...stacks]
      .filter(([r]) => holdsRole(r, 'attention'))
      .flatMap(([, at]) => at);
    const [s, e] = stages.ranges[stage]!;
    sizes.L_gpu = BigInt(attention.filter((p) => p >= s && p < e).length);
    return sym('L_gpu');
  };
  const entries = layout.entries.map((entry) => ({
    ...entry,
    layers: stageLayers(entry),
    ...(entry.name === 'latent' ? {} : { perToken: rename(entry.perToken) }),
  }));
  const cache = kvCache({ ...layout, entries }, { ...bindings, ...sizes }, request);
  return { ...cache.total, label: label('M', 'kv,GPU') };
}
