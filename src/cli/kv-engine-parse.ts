import type { KvEngine } from '../analysis/kv-engines.js';
import type { CacheType } from '../analysis/cache-types.js';
import { UserError } from '../errors/user-error.js';
import { memoryBytes } from '../hardware/gpu-spec.js';
import { parseGpu } from '../hardware/gpu-table.js';
import type { Fraction } from '../requests/kv-budget.js';
import type { EngineSettings, MemoryRequest } from '../requests/memory-request.js';
import { parseCount } from './counts.js';
import type { KvEngineOptions } from './kv-engine-options.js';

const units: ReadonlyMap<string, bigint> = new Map([
  ['', 1n],
  ['b', 1n],
  ['kib', 2n ** 10n],
  ['mib', 2n ** 20n],
  ['gib', 2n ** 30n],
  ['tib', 2n ** 40n],
  ['kb', 10n ** 3n],
  ['mb', 10n ** 6n],
  ['gb', 10n ** 9n],
  ['tb', 10n ** 12n],
]);

/** `4GiB`, `4.5GB`, `512MiB`, `1073741824`: bytes, exactly; anything else names the option. */
export function parseBytes(flag: string, raw: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?\s*([a-zA-Z]*)$/.exec(raw.trim());
  const scale = match ? units.get(match[3]!.toLowerCase()) : undefined;
  if (!match || scale === undefined)
    throw new UserError(
      `${flag} ${raw}: expected a size such as 4GiB, 4GB, 512MiB, 512MB or bytes`,
      {
        field: flag,
        received: raw,
        expected: 'a size in GiB, GB, MiB, MB or bytes',
      },
    );
  const fraction = match[2] ?? '';
  const bytes = (BigInt(match[1]! + fraction) * scale) / 10n ** BigInt(fraction.length);
  if (bytes === 0n || match[1]!.length + fraction.length > 30)
    throw new UserError(`${flag} ${raw}: expected a positive size`, { field: flag, received: raw });
  return bytes;
}

/** `0.9`: a share in (0, 1], exactly. */
export function parseFraction(flag: string, raw: string): Fraction {
  const match = /^(\d*)(?:\.(\d{1,12}))?$/.exec(raw.trim());
  const digits = match ? `${match[1] ?? ''}${match[2] ?? ''}` : '';
  const numerator = digits ? BigInt(digits) : 0n;
  const denominator = 10n ** BigInt(match?.[2]?.length ?? 0);
  if (!match || numerator === 0n || numerator > denominator)
    throw new UserError(
      `${flag} ${raw}: expected a share of the device between 0 and 1, such as 0.9`,
      {
        field: flag,
        received: raw,
        expected: 'a number in (0, 1]',
      },
    );
  return { numerator, denominator, text: raw.trim() };
}

/** Each engine's own options, refused without it. */
const engineOf: ReadonlyArray<readonly [keyof KvEngineOptions, string, readonly KvEngine[]]> = [
  ['blockSize', '--block-size', ['vllm']],
  ['maxNumBatchedTokens', '--max-num-batched-tokens', ['vllm']],
  ['gpuMemoryUtilization', '--gpu-memory-utilization', ['vllm']],
  ['memFractionStatic', '--mem-fraction-static', ['sglang']],
  ['deviceMemory', '--device-memory', ['vllm', 'sglang']],
];

/** The engine's part of a memory request: types, engine settings, the budget or the device. */
export function kvEngineRequestOf(options: KvEngineOptions): Partial<MemoryRequest> {
  const engine = options.engine as KvEngine;
  for (const [key, flag, engines] of engineOf)
    if (options[key] !== undefined && !engines.includes(engine))
      throw new UserError(`${flag} applies to --engine ${engines.join(' or ')}, not ${engine}`, {
        field: flag,
        received: String(options[key]),
        expected: `with --engine ${engines.join(' or ')}`,
      });
  if (options.kvUnified === false && engine !== 'llama.cpp')
    throw new UserError(`--no-kv-unified applies to --engine llama.cpp, not ${engine}`, {
      field: '--no-kv-unified',
      expected: 'with --engine llama.cpp',
    });
  const fractionText = options.gpuMemoryUtilization ?? options.memFractionStatic;
  const fractionFlag = options.gpuMemoryUtilization
    ? '--gpu-memory-utilization'
    : '--mem-fraction-static';
  const settings: EngineSettings = {
    name: engine,
    ...(options.blockSize ? { blockSize: parseCount('--block-size', options.blockSize) } : {}),
    ...(options.maxNumBatchedTokens
      ? { batchedTokens: parseCount('--max-num-batched-tokens', options.maxNumBatchedTokens) }
      : {}),
    ...(fractionText ? { fraction: parseFraction(fractionFlag, fractionText) } : {}),
    ...(options.kvUnified === false ? { unified: false } : {}),
  };
  const kvBudget = options.kvBudget ? parseBytes('--kv-budget', options.kvBudget) : undefined;
  const deviceMemory = kvBudget !== undefined ? undefined : deviceMemoryOf(options, engine);
  return {
    ...(options.vDtype ? { vDtype: options.vDtype as CacheType } : {}),
    ...(engine !== 'transformers' ? { engine: settings } : {}),
    ...(kvBudget !== undefined ? { kvBudget } : {}),
    ...(deviceMemory !== undefined ? { deviceMemory } : {}),
  };
}

/** vLLM's and sglang's budget come from the device: `--device-memory`, else `--gpu`'s memory. */
function deviceMemoryOf(options: KvEngineOptions, engine: KvEngine): bigint | undefined {
  if (engine === 'sglang' && !options.memFractionStatic) {
    // sglang picks its default share per GPU (server_args), so there is none to assume.
    if (options.deviceMemory)
      throw new UserError(
        '--device-memory with --engine sglang needs --mem-fraction-static (sglang picks its default per GPU)',
        {
          field: '--device-memory',
          received: options.deviceMemory,
          expected: 'with --mem-fraction-static',
        },
      );
    return undefined;
  }
  if (options.deviceMemory) return parseBytes('--device-memory', options.deviceMemory);
  if ((engine === 'vllm' || engine === 'sglang') && options.gpu) {
    const gpu = parseGpu(options.gpu);
    return memoryBytes(gpu.spec) * gpu.count;
  }
  return undefined;
}
