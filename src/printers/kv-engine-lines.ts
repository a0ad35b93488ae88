import { cacheTypes, type CacheTypeSpec } from '../analysis/cache-types.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { formatCount } from '../render/numbers.js';
import type { MemoryFigures } from '../requests/memory-request.js';

const words = () => loadLocale('en').memory;

type Kv = NonNullable<MemoryFigures['kv']>;

/** The cache's type in words: one type, or the keys' and the values'. */
export const kvTypesText = (kv: Kv): string =>
  kv.vDtype ? fill(words().kvTypes, { k: kv.dtype, v: kv.vDtype }) : kv.dtype;

/** The engine's rule and the quantized rows, as the bullets under the cache's heading. */
export function kvEngineBullets(kv: Kv): string[] {
  const w = words();
  const s = kv.cache.sizes;
  const n = (v: bigint | undefined) => (v === undefined ? '?' : formatCount(v));
  const window = kv.cache.kinds.find((k) => k.window !== undefined)?.window;
  const lines: string[] = [];
  switch (kv.engine) {
    case 'vllm':
      lines.push(fill(w.engineVllm, { page: n(s.n_page), blocks: n(s.N_blk) }));
      if (s.N_swa !== undefined)
        lines.push(
          fill(w.engineVllmSliding, {
            window: n(window),
            page: n(s.n_page),
            blocks: n(s.N_swa),
            sched: n(s.n_sched),
          }),
        );
      break;
    case 'llama.cpp':
      lines.push(
        fill(kv.streams ? w.engineLlamaCppStreams : w.engineLlamaCpp, { cells: n(s.n_cells) }),
      );
      if (s.n_cells_swa !== undefined)
        lines.push(
          fill(kv.streams ? w.engineLlamaCppSwaStreams : w.engineLlamaCppSwa, {
            window: n(window),
            cells: n(s.n_cells_swa),
          }),
        );
      break;
    case 'sglang':
      lines.push(w.engineSglang);
      break;
    default:
      break;
  }
  if (kv.engine && kv.engine !== 'transformers' && window !== undefined && !windowed(kv))
    lines.push(w.engineNoWindows);
  const rows = kv.cache.rows;
  if (rows)
    for (const type of new Set([kv.dtype, kv.vDtype ?? kv.dtype])) {
      const spec: CacheTypeSpec = cacheTypes[type];
      if (spec.block === 1) continue;
      lines.push(
        fill(w.blockRows, {
          type,
          elements: formatCount(rows.elements),
          blocks: formatCount(rows.blocks),
          bytes: String(spec.bytes),
          holds: spec.holds ?? '',
          block: String(spec.block),
        }),
      );
    }
  return lines;
}

/** Whether the engine kept the sliding windows (its sizes name a window's tokens or cells). */
const windowed = (kv: Kv) => {
  const s = kv.cache.sizes;
  return s.N_swa !== undefined || s.n_cells_swa !== undefined || kv.engine === 'transformers';
};

/** The budget's lines: its tokens, blocks and requests, and how the device's share was split. */
export function kvBudgetLines(kv: Kv, byteSizes: (bytes: bigint) => string): string[] {
  const budget = kv.budget;
  if (!budget) return [];
  const w = words();
  const values = {
    sizes: byteSizes(budget.bytes),
    tokens: formatCount(budget.tokens),
    requests: formatCount(budget.requests),
    context: formatCount(kv.cache.sizes.n_ctx!),
  };
  const lines = [
    budget.blocks !== undefined
      ? fill(w.budgetBlocks, {
          ...values,
          blocks: formatCount(budget.blocks),
          page: formatCount(budget.pageTokens!),
        })
      : fill(w.budget, values),
  ];
  if (budget.device)
    lines.push(
      fill(w.budgetDevice, {
        rule:
          kv.engine === 'sglang'
            ? "sglang's profile_max_num_token"
            : "vLLM's determine_available_memory",
        fraction: budget.device.fraction.text,
        memory: formatCount(budget.device.memory),
        weights: formatCount(budget.device.weights),
        bytes: formatCount(budget.bytes),
      }),
    );
  return lines;
}

/** The engine's JSON keys beside the cache: its name, the values' type, one sequence, the budget. */
export function kvEngineJson(kv: Kv): Record<string, unknown> {
  const budget = kv.budget;
  return {
    kv_cache_engine: kv.engine ?? 'transformers',
    ...(kv.streams ? { kv_cache_unified: false } : {}),
    ...(kv.vDtype ? { kv_cache_v_dtype: kv.vDtype } : {}),
    ...(kv.perSequence !== undefined
      ? { kv_cache_bytes_per_sequence: kv.perSequence.toString() }
      : {}),
    ...(budget
      ? {
          kv_budget_bytes: budget.bytes.toString(),
          kv_budget_tokens: budget.tokens.toString(),
          ...(budget.blocks !== undefined
            ? {
                kv_budget_blocks: budget.blocks.toString(),
                kv_block_size: budget.pageTokens!.toString(),
              }
            : {}),
          kv_budget_requests: budget.requests.toString(),
          ...(budget.device
            ? {
                kv_budget_device_bytes: budget.device.memory.toString(),
                kv_budget_fraction: budget.device.fraction.text,
              }
            : {}),
        }
      : {}),
  };
}
