import type { KvCache } from '../analysis/kv-cache.js';
import { optimizers, type TrainingMemory, type TrainingRequest } from '../analysis/training.js';
import { accelerators } from '../analysis/memory.js';
import type { Derivation } from '../derive/steps.js';
import { decimalRatio, formatCount } from '../render/numbers.js';
import { alignedText, derivationLines, terminalWidth } from './notation.js';
import type { Report } from '../report/report.js';
import type { MemoryFigures } from '../requests/memory-request.js';
import { hanging, wrapWords } from './report-text.js';
import { symbolTable } from '../symbols/table.js';

const symbolText = (name: string) => symbolTable.find((s) => s.name === name)?.text ?? name;

/** A byte count for people: exact, then in GiB (2³⁰) and GB (10⁹), each unit named. */
export function byteSizes(bytes: bigint): string {
  return `${formatCount(bytes)} bytes = ${decimalRatio(bytes, 2n ** 30n, 2)} GiB = ${decimalRatio(bytes, 10n ** 9n, 2)} GB`;
}

/** The training setup in words: what each term of the derivations assumes. */
function trainingConventions(request: TrainingRequest, memory: TrainingMemory): string[] {
  const dp = memory.sizes.N_d!;
  const zero = [
    'no ZeRO: every data-parallel GPU holds a whole copy',
    'ZeRO-1: optimizer states partitioned',
    'ZeRO-2: optimizer states and gradients partitioned',
    'ZeRO-3: optimizer states, gradients and weights partitioned',
  ][request.zero]!;
  const recompute = {
    none: 'no recomputation: s·b·h·(34 + 5·a·s/h) per layer',
    selective: 'selective recomputation: the attention scores are recomputed, 34·s·b·h per layer',
    full: "full recomputation: only each layer's input is kept, 2·s·b·h per layer",
  }[request.recompute];
  return [
    `mixed precision (ZeRO paper, §3.1): 16-bit weights and gradients, 2 + 2 bytes per parameter; ${request.optimizer} keeps ${optimizers[request.optimizer].state}`,
    `${formatCount(request.gpus)} GPU${request.gpus === 1n ? '' : 's'}: tensor parallel t = ${formatCount(request.tensorParallel)}${request.tensorParallel > 1n && request.sequenceParallel ? ' with sequence parallelism' : ''}, data parallel N_d = ${formatCount(dp)}; ${zero}`,
    [
      'activations in 16 bits, Korthikanti et al. 2022 (Table 2), for a GPT layer of width',
      `h = d_model and a = n_h heads, s = ${formatCount(request.sequence)} tokens,`,
      `micro-batch b = ${formatCount(request.microBatch)}; ${recompute}`,
      '(other layouts — SwiGLU, grouped-query, MoE — hold more or less;',
      "the embeddings' and the loss's activations are left out)",
    ].join(' '),
  ];
}

/** Why a model has no cache figure: an encoder keeps none; a spec file does not declare one. */
const noCache = (report: Report) =>
  report.model?.modelType === 'spec'
    ? "KV cache: a --spec file does not declare its attention layers' cache."
    : `KV cache: none. ${report.model?.className ?? 'This model'} does not generate token by token, so it keeps no keys and values between steps.`;

/** How each kind of layer fills the cache, in words. */
function kindsText(cache: KvCache): string[] {
  const fmt = (n: bigint | undefined) => (n === undefined ? '?' : formatCount(n));
  return cache.kinds.map((kind) => {
    switch (kind.name) {
      case 'sliding':
        return `sliding-window layers keep at most ${fmt(kind.window)} tokens: n_win = min(n_ctx, ${fmt(kind.window)}) = ${fmt(cache.sizes.n_win)}`;
      case 'cross':
        return `cross-attention layers cache the encoder's output once: n_src = ${fmt(cache.sizes.n_src)} tokens (--source to change)`;
      case 'latent':
        return 'multi-head latent attention caches the compressed latent r_kv and one shared rotary key d_rope per layer (DeepSeek-V2, Table 1)';
      default:
        return 'self-attention layers keep a key and a value per token for each key/value head';
    }
  });
}

/** The memory figures for terminals: each derivation, the sizes in units, and what it all fits on. */
export function memoryText(
  report: Report,
  figures: MemoryFigures,
  width = terminalWidth(),
): string {
  const { weights, kv } = figures;
  const lines = [report.title, '', `Weights in ${weights.dtype}`];
  const indented = (d: Derivation) => alignedText(d, width - 2).map((l) => `  ${l}`);
  lines.push(...indented(weights.derivation));
  if (weights.groups) {
    const g = weights.groups;
    const how = g.divisible ? `P_q / ${g.size}` : `Σ out·⌈in/${g.size}⌉`;
    lines.push(
      ...wrapWords(`where n_grp = ${how} = ${formatCount(g.count)}: ${g.what}`, width - 4).map(
        (l, i) => `${i === 0 ? '  ' : '    '}${l}`,
      ),
    );
  }
  if (weights.unit === 'bits')
    lines.push('  (in bits: an element is narrower than a byte; ÷ 8 for bytes)');
  if (weights.bytes !== undefined) lines.push(`  ${byteSizes(weights.bytes)}`);
  lines.push('');
  if (figures.training) {
    const { request, memory } = figures.training;
    lines.push('Training memory per GPU');
    for (const c of trainingConventions(request, memory))
      lines.push(...wrapWords(c, width - 4).map((l, i) => `${i === 0 ? '  · ' : '    '}${l}`));
    for (const shard of memory.shards)
      lines.push(`  ${symbolText(shard.name)} = ${shard.of} = ${formatCount(shard.value)}`);
    for (const d of memory.activations
      ? [memory.modelStates, memory.activations, memory.total]
      : [memory.modelStates]) {
      lines.push(...indented(d));
      if (d.value !== undefined) lines.push(`  ${byteSizes(d.value)}`);
    }
    if (memory.activationsWhy)
      lines.push(
        ...wrapWords(
          `Activations: ${memory.activationsWhy}; the figures below are the model states alone.`,
          width - 2,
        ).map((l) => `  ${l}`),
      );
    lines.push('');
  } else if (!kv) {
    lines.push(...wrapWords(noCache(report), width), '');
  } else {
    const { cache } = kv;
    const tokens = cache.sizes.n_ctx === 1n ? 'token' : 'tokens';
    lines.push(
      ...hanging(
        `KV cache in ${kv.dtype} (n_ctx = ${formatCount(cache.sizes.n_ctx!)} ${tokens}, B = ${formatCount(cache.sizes.B!)}; --context, --batch, --kv-dtype to change)`,
        width,
        '',
        '  ',
      ),
    );
    for (const k of kindsText(cache))
      lines.push(...wrapWords(k, width - 4).map((l, i) => `${i === 0 ? '  · ' : '    '}${l}`));
    lines.push(...indented(cache.perToken));
    lines.push(...indented(cache.total));
    if (cache.total.value !== undefined) lines.push(`  ${byteSizes(cache.total.value)}`);
    if (cache.expanded) {
      lines.push(
        '',
        ...hanging(
          'Expanded (an implementation that stores full keys and values instead of the latents):',
          width,
          '  ',
          '    ',
        ),
        ...indented(cache.expanded),
      );
      if (cache.expanded.value !== undefined) lines.push(`  ${byteSizes(cache.expanded.value)}`);
    }
    lines.push('');
  }
  const total = totalBytes(figures);
  if (total !== undefined) {
    const what = figures.training
      ? 'training memory per GPU'
      : kv
        ? 'weights and KV cache'
        : 'the weights alone';
    if (kv && !figures.training) lines.push(`Weights + KV cache: ${byteSizes(total)}`, '');
    const left = figures.training
      ? 'no temporary buffers, fragmentation or framework overhead'
      : 'no activations, optimizer state or framework overhead';
    lines.push(...hanging(`Fits (${what}; ${left})`, width, '', '  '));
    const nameWidth = Math.max(...accelerators.map((a) => a.name.length));
    for (const a of accelerators)
      lines.push(`  ${a.name.padEnd(nameWidth)}  ${total <= a.bytes ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

function totalBytes(figures: MemoryFigures): bigint | undefined {
  if (figures.training) return figures.training.memory.total.value;
  if (figures.weights.bytes === undefined) return undefined;
  if (!figures.kv) return figures.weights.bytes;
  const cache = figures.kv.cache.total.value;
  return cache === undefined ? undefined : figures.weights.bytes + cache;
}

/** The memory figures as JSON: byte counts as decimal strings, each with its derivation, and what it fits on. */
export function memoryJson(report: Report, figures: MemoryFigures): Record<string, unknown> {
  const { weights, kv } = figures;
  const total = totalBytes(figures);
  const decimal = (value: bigint | undefined) => value?.toString();
  return {
    target: report.subject.id,
    dtype: weights.dtype,
    ...(weights.bytes !== undefined ? { weights_bytes: weights.bytes.toString() } : {}),
    weights_unit: weights.unit,
    ...(weights.groups
      ? {
          weight_groups: {
            count: weights.groups.count.toString(),
            size: weights.groups.size,
            stores: weights.groups.what,
          },
        }
      : {}),
    weights_derivation: derivationLines(weights.derivation),
    ...(figures.training ? trainingJson(figures.training) : {}),
    ...(figures.training
      ? {}
      : kv
        ? {
            kv_cache_dtype: kv.dtype,
            context: decimal(kv.cache.sizes.n_ctx),
            batch: decimal(kv.cache.sizes.B),
            ...(kv.cache.sizes.n_src !== undefined
              ? { source: decimal(kv.cache.sizes.n_src) }
              : {}),
            kv_cache_layers: kv.cache.kinds.map((k) => ({
              kind: k.name,
              ...(k.window !== undefined ? { window: k.window.toString() } : {}),
            })),
            kv_cache_bytes_per_token: decimal(kv.cache.perToken.value),
            kv_cache_bytes: decimal(kv.cache.total.value),
            kv_cache_per_token_derivation: derivationLines(kv.cache.perToken),
            kv_cache_derivation: derivationLines(kv.cache.total),
            ...(kv.cache.expanded
              ? {
                  kv_cache_expanded_bytes: decimal(kv.cache.expanded.value),
                  kv_cache_expanded_derivation: derivationLines(kv.cache.expanded),
                }
              : {}),
          }
        : { kv_cache_bytes: null }),
    ...(total !== undefined
      ? {
          total_bytes: total.toString(),
          fits: accelerators.map((a) => ({
            accelerator: a.name,
            bytes: a.bytes.toString(),
            fits: total <= a.bytes,
          })),
        }
      : {}),
  };
}

function trainingJson({
  request,
  memory,
}: NonNullable<MemoryFigures['training']>): Record<string, unknown> {
  return {
    training: {
      optimizer: request.optimizer,
      zero: request.zero,
      gpus: request.gpus.toString(),
      tensor_parallel: request.tensorParallel.toString(),
      data_parallel: memory.sizes.N_d!.toString(),
      sequence_parallel: request.sequenceParallel,
      recompute: request.recompute,
      sequence: request.sequence.toString(),
      micro_batch: request.microBatch.toString(),
    },
    ...(memory.modelStates.value !== undefined
      ? { model_states_bytes_per_gpu: memory.modelStates.value.toString() }
      : {}),
    ...(memory.activations?.value !== undefined
      ? { activation_bytes_per_gpu: memory.activations.value.toString() }
      : {}),
    ...(memory.activationsWhy ? { activations_not_estimated: memory.activationsWhy } : {}),
    ...(memory.total.value !== undefined
      ? { total_bytes_per_gpu: memory.total.value.toString() }
      : {}),
    shards: Object.fromEntries(memory.shards.map((s) => [s.name, s.value.toString()])),
    model_states_derivation: derivationLines(memory.modelStates),
    ...(memory.activations ? { activation_derivation: derivationLines(memory.activations) } : {}),
    total_derivation: derivationLines(memory.total),
  };
}
