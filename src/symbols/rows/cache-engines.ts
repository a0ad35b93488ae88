import type { SymbolRow } from '../symbol-row.js';

/**
 * The sizes an engine's cache rule names (src/analysis/kv-engines.ts): vLLM's paged blocks,
 * llama.cpp's cells, and the blocks of 32 a quantized row is stored in.
 */
export const cacheEngineRows: readonly SymbolRow[] = [
  {
    name: 'n_q',
    class: 'vocabulary',
    meaning:
      "blocks of 32 a quantized cache row holds: a layer's keys (or values) for a token / 32",
    fields: ['--kv-dtype', '--v-dtype'],
  },
  {
    name: 'N_blk',
    class: 'count',
    meaning: "vLLM: paged blocks a sequence's full-attention layers hold, ⌈n_ctx / n_page⌉",
    fields: ['--engine vllm'],
  },
  {
    name: 'N_swa',
    class: 'count',
    meaning:
      'vLLM: blocks a sliding-window layer holds, ⌈min(n_ctx, window − 1 + n_sched) / n_page⌉ + 1',
    fields: ['--engine vllm', 'sliding_window'],
  },
  {
    name: 'N_src',
    class: 'count',
    meaning:
      "vLLM: blocks a cross-attention layer holds for the encoder's tokens, ⌈n_src / n_page⌉",
    fields: ['--engine vllm', '--source'],
  },
  {
    name: 'n_page',
    class: 'vocabulary',
    meaning: 'vLLM: tokens a paged block holds',
    fields: ['--block-size'],
  },
  {
    name: 'n_sched',
    class: 'vocabulary',
    meaning: 'vLLM: tokens a scheduler step admits (max_num_batched_tokens)',
    fields: ['--max-num-batched-tokens'],
  },
  {
    name: 'n_cells',
    class: 'vocabulary',
    meaning: "llama.cpp: cells of the unified cache, all sequences' tokens, padded to 256",
    fields: ['--engine llama.cpp', '--context', '--batch'],
  },
  {
    name: 'n_cells_swa',
    class: 'vocabulary',
    tex: 'n_{\\text{cells,swa}}',
    meaning:
      "llama.cpp: cells of the SWA layers' cache, ⌈min(n_cells, B·window + n_ubatch) / 256⌉·256",
    fields: ['--engine llama.cpp', 'sliding_window'],
  },
];
