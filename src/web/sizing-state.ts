import type { CacheType } from '../analysis/kv-cache.js';
import { kvEngineNames, type KvEngine } from '../analysis/kv-engines.js';
import type { TargetModules } from '../analysis/lora-match.js';
import { findGpu } from '../hardware/gpu-table.js';
import { cacheTypeNames } from '../requests/defaults.js';
import type { FigureOptions } from '../requests/model-figures.js';
import { defaultFigureLora } from '../requests/sizing-figures.js';

/**
 * The sizing knobs of the page's state, in the URL under the CLI's option names:
 * `?gpu=RTX+4090&gpus=2&kv-dtype=fp8&lora-rank=16&target-modules=q_proj,v_proj`.
 */
export interface SizingState {
  /** A GPU's name in the table (`RTX 4090`); with it, the roofline's bounds and what fits. */
  readonly gpu?: string;
  /** How many of that GPU, as a positive whole number; default 1. */
  readonly gpus?: string;
  /** The KV cache's type apart from the weights' (`--kv-dtype`); default the weights'. */
  readonly kvDtype?: CacheType;
  /** Whose cache allocation the figures follow (`--engine`); default transformers'. */
  readonly engine?: KvEngine;
  /** LoRA's rank; default 8, PEFT's. */
  readonly loraRank?: string;
  /** The modules LoRA adapts, comma-separated, or `all-linear`; default PEFT's for the model_type. */
  readonly targetModules?: string;
}

/** The URL's key for each knob: the CLI's option names. */
const keys = {
  gpu: 'gpu',
  gpus: 'gpus',
  kvDtype: 'kv-dtype',
  engine: 'engine',
  loraRank: 'lora-rank',
  targetModules: 'target-modules',
} as const satisfies Record<keyof SizingState, string>;

/** At most this many GPUs of a kind, as `--gpu NAME[xN]` takes. */
const maxGpus = 100_000;

/** A positive whole number of at most `max` (or of any size): the rank and the GPU count. */
const positive = (text: string, max = Number.MAX_SAFE_INTEGER) =>
  /^[1-9]\d{0,15}$/.test(text) && Number(text) <= max;

/** Names separated by commas, none empty, or `all-linear`. */
const targetsPattern = /^(all-linear|[\w.]+(,[\w.]+)*)$/i;

/** Writes the knobs that differ from their defaults into a query, in a fixed order. */
export function writeSizing(state: SizingState, query: URLSearchParams): void {
  for (const key of Object.keys(keys) as (keyof SizingState)[]) {
    const value = state[key];
    if (value !== undefined) query.set(keys[key], value);
  }
}

/** Reads the knobs from a query; what it cannot read is one problem each, and left at its default. */
export function readSizing(query: URLSearchParams, problems: string[]): SizingState {
  const read = (key: keyof SizingState, ok: (v: string) => boolean, expected: string) => {
    const raw = query.get(keys[key])?.trim();
    if (raw === undefined || raw === '') return {};
    if (ok(raw)) return { [key]: raw };
    problems.push(`${keys[key]}=${raw.length > 40 ? `${raw.slice(0, 37)}…` : raw}: ${expected}`);
    return {};
  };
  const gpuName = query.get(keys.gpu)?.trim();
  const gpu = gpuName ? findGpu(gpuName) : undefined;
  if (gpuName && !gpu) problems.push(`gpu=${gpuName.slice(0, 40)}: not a GPU in the table`);
  return {
    ...(gpu ? { gpu: gpu.name } : {}),
    ...read('gpus', (v) => positive(v, maxGpus), `expected 1 to ${maxGpus} GPUs`),
    ...read(
      'kvDtype',
      (v) => (cacheTypeNames as readonly string[]).includes(v),
      `expected one of ${cacheTypeNames.join(', ')}`,
    ),
    ...read(
      'engine',
      (v) => v !== 'transformers' && (kvEngineNames as readonly string[]).includes(v),
      `expected one of ${kvEngineNames.filter((e) => e !== 'transformers').join(', ')}`,
    ),
    ...read('loraRank', (v) => positive(v), "expected a positive whole number (PEFT's r)"),
    ...read(
      'targetModules',
      (v) => targetsPattern.test(v),
      'expected module names separated by commas, or all-linear',
    ),
  };
}

/** The targets a text names: `all-linear` (any case, as PEFT reads it) or a list. */
function targetsOf(text: string): TargetModules {
  return text.toLowerCase() === 'all-linear'
    ? { kind: 'all-linear' }
    : { kind: 'names', names: text.split(',').map((n) => n.trim()) };
}

/** The figure options the knobs ask for: the GPUs, the cache's type, LoRA's rank and targets. */
export function sizingOptions(state: SizingState): FigureOptions {
  const spec = state.gpu ? findGpu(state.gpu) : undefined;
  const lora = state.loraRank !== undefined || state.targetModules !== undefined;
  return {
    ...(spec ? { gpu: { spec, count: BigInt(state.gpus ?? '1') } } : {}),
    ...(state.kvDtype ? { kvDtype: state.kvDtype } : {}),
    ...(state.engine ? { engine: state.engine } : {}),
    ...(lora
      ? {
          lora: {
            rank: state.loraRank ? BigInt(state.loraRank) : defaultFigureLora.rank,
            ...(state.targetModules ? { targetModules: targetsOf(state.targetModules) } : {}),
          },
        }
      : {}),
  };
}
