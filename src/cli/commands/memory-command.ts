import { type Command, Option } from 'commander';
import { UserError } from '../../errors/user-error.js';
import type { deriveRequested } from '../resolve-subject.js';
import type { WeightType } from '../../analysis/memory.js';
import type { CacheType } from '../../analysis/kv-cache.js';
import type { Optimizer, Recompute, TrainingRequest } from '../../analysis/training.js';
import { cacheTypeNames, defaultWeightType, weightTypeNames } from '../../requests/defaults.js';
import type { MemoryFigures, MemoryRequest } from '../../requests/memory-request.js';
import { onDemand } from '../on-demand.js';
import { derivedModel, modelCommand, type ModelOptions } from '../model-options.js';
import { addLoraMemoryOptions, type LoraMemoryOptions } from '../lora-options.js';
import { addKvEngineOptions, type KvEngineOptions } from '../kv-engine-options.js';
import { writeStandardOutput } from '../standard-output.js';

export interface MemoryOptions extends ModelOptions, LoraMemoryOptions, KvEngineOptions {
  training: boolean;
  optimizer: string;
  zero: string;
  gpus: string;
  tp: string;
  pp: string;
  ep: string;
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
  gpu?: string;
}

function groupSizeOf(raw: string, size: bigint): number {
  if (size > BigInt(Number.MAX_SAFE_INTEGER))
    throw new UserError(
      `--group-size ${raw}: expected at most ${Number.MAX_SAFE_INTEGER} (groups of 32 to 1024 inputs are usual)`,
      { field: '--group-size', received: raw },
    );
  return Number(size);
}

/** `--also-quantize embeddings,head` as a set; whether the type allows it is the request's rule. */
function alsoQuantized(
  raw: string | undefined,
): { embeddings: boolean; head: boolean } | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  for (const p of parts)
    if (p !== 'embeddings' && p !== 'head')
      throw new UserError(
        `--also-quantize ${raw}: expected embeddings, head or both, comma-separated`,
        { field: '--also-quantize', received: raw, expected: 'embeddings,head' },
      );
  return { embeddings: parts.includes('embeddings'), head: parts.includes('head') };
}

/** `tparams memory`: memory as derivations: weights by type, the KV cache, training with ZeRO and activations. */
export function memoryCommand(program: Command): void {
  // LoRA's options come first, as their own block (tparams lora for the count alone).
  const command = addLoraMemoryOptions(
    modelCommand(
      program,
      'memory',
      'memory as derivations: the weights by data type, the KV cache, or training memory per GPU',
      { spec: true },
    ),
  )
    .addOption(
      new Option(
        '--dtype <dtype>',
        'weight data type (fp8, int8, int4 narrow the linear weight matrices; the rest stays 16-bit)',
      )
        .choices(weightTypeNames)
        .default(defaultWeightType),
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
      "tensor-parallel degree: inference per GPU in vLLM's layout; with --training it divides --gpus, the heads and the width",
      '1',
    )
    .option(
      '--pp <n>',
      "pipeline stages: vLLM's get_pp_indices split for inference, Megatron-LM's even split with --training",
      '1',
    )
    .option(
      '--ep <n>',
      'expert parallelism: GPUs the routed experts are spread over (whole for inference, split by --tp in training)',
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
        "KV cache data type, llama.cpp's block types too (default: the weights' when 16 or 32 bits, else bf16)",
      ).choices(cacheTypeNames),
    );
  addKvEngineOptions(command)
    // What fits on GPUs from the table (tparams speed takes the same names).
    .option(
      '--gpu <name>',
      'what fits on a GPU from the table, NAME[xN] for several: the longest context, the largest batch, the widest weight type',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (target: string | undefined, options: MemoryOptions) => {
      const request = await memoryRequestOf(options);
      const report = await derivedModel('memory', target, options);
      const { memoryFigures } = await onDemand.memoryRequest();
      const figures = memoryFigures(report, request);
      if (figures.lora) return writeLoraMemory(report, figures.lora, options.format);
      const gpu =
        options.gpu === undefined ? undefined : (await onDemand.gpuTable()).parseGpu(options.gpu);
      const fits = gpu && (await onDemand.fits()).fitsOn(report, request, gpu);
      const { memoryText, memoryJson } = await onDemand.memoryReport();
      writeStandardOutput(
        options.format === 'json'
          ? `${JSON.stringify(memoryJson(report, figures, fits), null, 2)}\n`
          : memoryText(report, figures, undefined, fits),
      );
    });
}

/** The command's options as a typed request: every count parsed, each named by its option. */
export async function memoryRequestOf(options: MemoryOptions): Promise<MemoryRequest> {
  const { parseCount } = await onDemand.counts();
  const count = (flag: string, raw: string | undefined, kind?: 'context') =>
    raw === undefined ? undefined : parseCount(flag, raw, kind);
  const groupSize = count('--group-size', options.groupSize);
  const also = alsoQuantized(options.alsoQuantize);
  const context = count('--context', options.context, 'context');
  const source = count('--source', options.source, 'context');
  const training: MemoryRequest['training'] = options.training
    ? {
        optimizer: options.optimizer as Optimizer,
        zero: Number(options.zero) as TrainingRequest['zero'],
        gpus: parseCount('--gpus', options.gpus),
        tensorParallel: parseCount('--tp', options.tp),
        pipelineParallel: parseCount('--pp', options.pp ?? '1'),
        expertParallel: parseCount('--ep', options.ep ?? '1'),
        sequenceParallel: options.sequenceParallel,
        recompute: options.recompute as Recompute,
      }
    : undefined;
  const lora = (await onDemand.loraParse()).loraMemoryRequestOf(options);
  const parallel = {
    tp: parseCount('--tp', options.tp ?? '1'),
    pp: parseCount('--pp', options.pp ?? '1'),
    ep: parseCount('--ep', options.ep ?? '1'),
  };
  return {
    ...(lora ? { lora } : {}),
    weights: {
      dtype: options.dtype as WeightType,
      ...(groupSize !== undefined ? { groupSize: groupSizeOf(options.groupSize!, groupSize) } : {}),
      ...(also ? { also } : {}),
    },
    ...(options.kvDtype !== undefined ? { kvDtype: options.kvDtype as CacheType } : {}),
    ...(context !== undefined ? { context } : {}),
    batch: parseCount('--batch', options.batch),
    ...(source !== undefined ? { source } : {}),
    ...(training ? { training } : {}),
    ...(training ? {} : { parallel }),
    ...(await onDemand.kvEngineParse()).kvEngineRequestOf(options),
  };
}

/** `--lora`'s figures, as text or JSON (src/printers/lora-memory-report.ts). */
async function writeLoraMemory(
  report: Awaited<ReturnType<typeof deriveRequested>>,
  figures: NonNullable<MemoryFigures['lora']>,
  format: 'text' | 'json',
): Promise<void> {
  const { loraMemoryText, loraMemoryJson } = await onDemand.loraMemoryReport();
  writeStandardOutput(
    format === 'json'
      ? `${JSON.stringify(loraMemoryJson(report, figures), null, 2)}\n`
      : loraMemoryText(report, figures),
  );
}
