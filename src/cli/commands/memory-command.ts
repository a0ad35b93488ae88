import { type Command, Option } from 'commander';
import { UserError } from '../../errors/user-error.js';
import { deriveRequested } from '../resolve-subject.js';
import type { WeightType } from '../../analysis/memory.js';
import type { CacheType } from '../../analysis/kv-cache.js';
import type { Optimizer, Recompute, TrainingRequest } from '../../analysis/training.js';
import type { Report } from '../../report/report.js';
import { onDemand } from '../on-demand.js';
import { modelCommand, requestOf, type ModelOptions } from '../model-options.js';

interface MemoryOptions extends ModelOptions {
  training: boolean;
  optimizer: string;
  zero: string;
  gpus: string;
  tp: string;
  sequenceParallel: boolean;
  recompute: string;
  dtype: string;
  kvDtype?: string;
  groupSize?: string;
  alsoQuantize?: string;
  context?: string;
  batch: string;
  source?: string;
  format: 'text' | 'json';
}

function groupSizeOf(raw: string, size: bigint): number {
  if (size > BigInt(Number.MAX_SAFE_INTEGER))
    throw new UserError(
      `--group-size ${raw}: expected at most ${Number.MAX_SAFE_INTEGER} (groups of 32 to 1024 inputs are usual)`,
      { field: '--group-size', received: raw },
    );
  return Number(size);
}

function alsoQuantized(
  raw: string | undefined,
  dtype: string,
): { embeddings: boolean; head: boolean } | undefined {
  if (raw === undefined) return undefined;
  if (!['fp8', 'int8', 'int4', 'mxfp4'].includes(dtype))
    throw new UserError(
      `--also-quantize applies to a quantized --dtype (fp8, int8, int4, mxfp4), not ${dtype}`,
      { field: '--also-quantize', received: raw },
    );
  const parts = raw.split(',').map((p) => p.trim());
  for (const p of parts)
    if (p !== 'embeddings' && p !== 'head')
      throw new UserError(
        `--also-quantize ${raw}: expected embeddings, head or both, comma-separated`,
        { field: '--also-quantize', received: raw, expected: 'embeddings,head' },
      );
  return { embeddings: parts.includes('embeddings'), head: parts.includes('head') };
}

async function trainingFigures(
  report: Report,
  options: MemoryOptions,
  sizes: { context: bigint; batch: bigint },
) {
  const [{ parseCount }, { trainingMemory, trainingBindings }, { factoringRules }] =
    await onDemand().then((m) => [m.counts, m.training, m.notationRules] as const);
  const gpus = parseCount('--gpus', options.gpus);
  const tensorParallel = parseCount('--tp', options.tp);
  const divides = (what: string, value: bigint | undefined) => {
    if (value !== undefined && value % tensorParallel !== 0n) {
      throw new UserError(`--tp ${tensorParallel}: must divide ${what} (${value})`, {
        field: '--tp',
        received: options.tp,
        expected: `a divisor of ${what}`,
      });
    }
  };
  divides('--gpus', gpus);
  divides('the attention heads n_h', trainingBindings(report).n_h);
  divides('the width d_model', report.bindings.d_model);
  const request: TrainingRequest = {
    optimizer: options.optimizer as Optimizer,
    zero: Number(options.zero) as TrainingRequest['zero'],
    gpus,
    tensorParallel,
    sequenceParallel: options.sequenceParallel,
    recompute: options.recompute as Recompute,
    sequence: sizes.context,
    microBatch: sizes.batch,
  };
  return {
    request,
    memory: trainingMemory(
      report.part,
      report.tree.formula,
      trainingBindings(report),
      request,
      factoringRules(),
    ),
  };
}

/** `tparams memory`: memory as derivations: weights by type, the KV cache, training with ZeRO and activations. */
export function memoryCommand(program: Command): void {
  modelCommand(
    program,
    'memory',
    'memory as derivations: the weights by data type, the KV cache, or training memory per GPU',
    { spec: true },
  )
    .addOption(
      new Option(
        '--dtype <dtype>',
        'weight data type (fp8, int8, int4 narrow the linear weight matrices; the rest stays 16-bit)',
      )
        .choices(['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'mxfp4'])
        .default('bf16'),
    )
    .option(
      '--also-quantize <parts>',
      'with a quantized --dtype: quantize the token embeddings and/or the output head too (embeddings,head), as llama.cpp does',
    )
    .option(
      '--group-size <n>',
      'with --dtype int4 or int8: group-wise quantization (GPTQ, AWQ): a 16-bit scale and a zero point for each group of n inputs',
    )
    .option(
      '--context <n>',
      "tokens in the KV cache, e.g. 4096 or 32k (= 32,768; default: the model's longest context, else 2048)",
    )
    .option('--batch <n>', 'sequences in the KV cache', '1')
    .option(
      '--source <n>',
      "encoder tokens a cross-attention cache holds, as --context (default: Whisper's 1500 frames, else the context)",
    )
    .option(
      '--training',
      'training memory per GPU instead of the KV cache: weights, gradients, optimizer states and activations',
      false,
    )
    .addOption(
      new Option('--optimizer <name>', 'with --training: the optimizer')
        .choices(['adamw', 'adam', 'sgd', 'adafactor', 'adam-8bit'])
        .default('adamw'),
    )
    .addOption(
      new Option(
        '--zero <stage>',
        'with --training: ZeRO stage (1 optimizer states, 2 + gradients, 3 + weights partitioned)',
      )
        .choices(['0', '1', '2', '3'])
        .default('0'),
    )
    .option('--gpus <n>', 'with --training: GPUs in all', '1')
    .option(
      '--tp <n>',
      'with --training: tensor-parallel degree (divides --gpus, the heads and the width)',
      '1',
    )
    .option(
      '--sequence-parallel',
      "with --training and --tp: split the norms' and dropouts' activations too (Megatron)",
      false,
    )
    .addOption(
      new Option('--recompute <what>', 'with --training: activation recomputation')
        .choices(['none', 'selective', 'full'])
        .default('none'),
    )
    .addOption(
      new Option(
        '--kv-dtype <dtype>',
        "KV cache data type (default: the weights' when 16 or 32 bits, else bf16)",
      ).choices(['fp32', 'fp16', 'bf16', 'fp8', 'int8']),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (target: string | undefined, options: MemoryOptions) => {
      const { parseCount } = await onDemand().then((m) => m.counts);
      const sizes = {
        context:
          options.context !== undefined
            ? parseCount('--context', options.context, 'context')
            : undefined,
        batch: parseCount('--batch', options.batch),
        source:
          options.source !== undefined
            ? parseCount('--source', options.source, 'context')
            : undefined,
      };
      const report = await deriveRequested(requestOf(target, options));
      if (!report.model)
        throw new UserError(`${target} is not a model: memory takes a preset, --config or --spec`, {
          field: 'target',
          received: target,
        });
      const [{ weightMemory }, { kvCache }, { memoryText, memoryJson }, { factoringRules }] =
        await onDemand().then(
          (m) => [m.memory, m.kvCache, m.memoryReport, m.notationRules] as const,
        );
      const groupSize =
        options.groupSize !== undefined
          ? groupSizeOf(options.groupSize, parseCount('--group-size', options.groupSize))
          : undefined;
      if (groupSize !== undefined && !['int4', 'int8'].includes(options.dtype)) {
        throw new UserError(`--group-size applies to --dtype int4 or int8, not ${options.dtype}`, {
          field: '--group-size',
          received: options.groupSize,
          expected: 'with --dtype int4 or int8',
        });
      }
      const also = alsoQuantized(options.alsoQuantize, options.dtype);
      const weights = weightMemory(
        report.part,
        report.tree.formula,
        report.bindings,
        options.dtype as WeightType,
        factoringRules(),
        { ...(groupSize !== undefined ? { groupSize } : {}), ...(also ? { also } : {}) },
      );
      if (options.dtype === 'mxfp4' && weights.groups?.count === 0n) {
        throw new UserError(
          `--dtype mxfp4 quantizes a mixture of experts' routed experts, as gpt-oss ships it; ${report.model.className} has none`,
          { field: '--dtype', received: options.dtype, expected: 'a model with routed experts' },
        );
      }
      const layout = report.model.kvCache;
      const kvDtype = (options.kvDtype ??
        (['fp32', 'fp16', 'bf16'].includes(options.dtype) ? options.dtype : 'bf16')) as CacheType;
      const context = sizes.context ?? report.model.contextLength ?? 2048n;
      const kv = layout
        ? {
            dtype: kvDtype,
            cache: kvCache(layout, report.bindings, {
              dtype: kvDtype,
              context,
              batch: sizes.batch,
              ...(sizes.source !== undefined ? { source: sizes.source } : {}),
            }),
          }
        : undefined;
      const training = options.training
        ? await trainingFigures(report, options, { context, batch: sizes.batch })
        : undefined;
      const figures = { weights, ...(kv ? { kv } : {}), ...(training ? { training } : {}) };
      process.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify(memoryJson(report, figures), null, 2)}\n`
          : memoryText(report, figures),
      );
    });
}
