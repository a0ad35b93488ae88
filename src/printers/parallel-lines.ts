import { perGpuTotal, type ParallelMemory } from '../analysis/parallel-memory.js';
import type { Derivation } from '../derive/steps.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { formatCount } from '../render/numbers.js';
import type { MemoryFigures } from '../requests/memory-request.js';
import { derivationLines } from './notation.js';
import { hanging, wrapWords } from './report-text.js';

const words = () => loadLocale('en').parallel;

/** The title's words: the GPUs, the stages with their sizes, the experts' spread, and which GPU. */
function titleOf(parallel: ParallelMemory): string {
  const w = words();
  const { plan, stages, heaviest } = parallel;
  const sizes = stages.ranges.map(([a, b]) => b - a).join(', ');
  return fill(w.title, {
    gpus: formatCount(parallel.gpus),
    t: formatCount(plan.tp),
    stages: plan.pp > 1n ? fill(w.stages, { p: formatCount(plan.pp), sizes }) : w.oneStage,
    experts: plan.ep > 1n ? fill(w.experts, { ep: formatCount(plan.ep) }) : '',
    stage:
      plan.pp > 1n
        ? fill(w.stage, { n: String(heaviest + 1), p: formatCount(plan.pp) })
        : w.onlyStage,
  });
}

/**
 * The per-GPU lines of `tparams memory --tp/--pp/--ep`: which tensors split along which dimension,
 * the heaviest GPU's parameters, weights and cache as derivations, and its total.
 */
export function parallelText(
  figures: MemoryFigures,
  width: number,
  indented: (d: Derivation) => string[],
  byteSizes: (bytes: bigint) => string,
): string[] {
  const parallel = figures.parallel;
  if (!parallel) return [];
  const w = words();
  const lines = hanging(titleOf(parallel), width, '', '  ');
  for (const share of parallel.shares) {
    const line = fill(w.layouts[share.layout], {
      names: share.names.join(', '),
      heads: formatCount(parallel.kvHeadsPerGpu ?? 1n),
      replicated:
        share.layout === 'kv' && parallel.kvHeadsPerGpu === 1n && parallel.plan.tp > 1n
          ? w.kvReplicated
          : '',
      held: formatCount(share.experts ?? 0n),
    });
    lines.push(...wrapWords(line, width - 4).map((l, i) => `${i === 0 ? '  · ' : '    '}${l}`));
  }
  lines.push(...indented(parallel.parameters), ...indented(parallel.weights));
  if (parallel.weights.value !== undefined) lines.push(`  ${byteSizes(parallel.weights.value)}`);
  if (parallel.kv && figures.kv) {
    const latent = figures.kv.cache.kinds.some((k) => k.name === 'latent');
    lines.push(
      ...hanging(
        fill(latent ? w.kvLatent : w.kv, { dtype: figures.kv.dtype }),
        width,
        '  ',
        '    ',
      ),
    );
    lines.push(...indented(parallel.kv));
    if (parallel.kv.value !== undefined) lines.push(`  ${byteSizes(parallel.kv.value)}`);
  }
  if (parallel.stateBytes !== undefined)
    lines.push(
      ...wrapWords(fill(w.state, { sizes: byteSizes(parallel.stateBytes) }), width - 2).map(
        (l) => `  ${l}`,
      ),
    );
  const total = perGpuTotal(parallel);
  if (total !== undefined) {
    const what =
      parallel.stateBytes !== undefined
        ? w.weightsCacheAndState
        : parallel.kv
          ? w.weightsAndCache
          : w.weights;
    lines.push(
      ...wrapWords(fill(w.total, { what, sizes: byteSizes(total) }), width - 2).map(
        (l) => `  ${l}`,
      ),
    );
  }
  lines.push('');
  return lines;
}

/** The per-GPU figures in JSON, under `per_gpu`; absent without a parallel plan. */
export function parallelJson(figures: MemoryFigures): Record<string, unknown> {
  const parallel = figures.parallel;
  if (!parallel) return {};
  const { plan, stages } = parallel;
  const total = perGpuTotal(parallel);
  return {
    per_gpu: {
      convention: 'vllm',
      tensor_parallel: plan.tp.toString(),
      pipeline_parallel: plan.pp.toString(),
      expert_parallel: plan.ep.toString(),
      gpus: parallel.gpus.toString(),
      stage_layers: stages.ranges.map(([a, b]) => b - a),
      heaviest_stage: parallel.heaviest,
      layouts: parallel.shares.map((s) => ({
        layout: s.layout,
        modules: s.names,
        parameters: s.parameters.toString(),
        parameters_per_gpu: s.perGpu.toString(),
      })),
      parameters: parallel.parameters.value?.toString(),
      weights_bytes: parallel.weights.value?.toString(),
      ...(parallel.kv ? { kv_cache_bytes: parallel.kv.value?.toString() } : {}),
      ...(parallel.kvHeadsPerGpu !== undefined
        ? { kv_heads: parallel.kvHeadsPerGpu.toString() }
        : {}),
      ...(parallel.stateBytes !== undefined
        ? { recurrent_state_bytes: parallel.stateBytes.toString() }
        : {}),
      ...(total !== undefined ? { total_bytes: total.toString() } : {}),
      parameters_derivation: derivationLines(parallel.parameters),
      weights_derivation: derivationLines(parallel.weights),
      ...(parallel.kv ? { kv_cache_derivation: derivationLines(parallel.kv) } : {}),
    },
  };
}
