import { mul, sym, type Expr } from '../expr/nodes.js';
import type { KvCacheLayout, KvCacheSpec } from '../models/spec/model-spec.js';
import { UserError } from '../errors/user-error.js';

/** Whose allocation rule a cache follows. */
export type KvEngine = 'transformers' | 'vllm' | 'llama.cpp' | 'sglang';

/** Every engine, in the CLI's order (`--engine`). */
export const kvEngineNames: readonly KvEngine[] = ['transformers', 'vllm', 'llama.cpp', 'sglang'];

/** Each engine as its project writes its name, for prose. */
export const kvEngineTitles: Readonly<Record<KvEngine, string>> = {
  transformers: 'transformers',
  vllm: 'vLLM',
  'llama.cpp': 'llama.cpp',
  sglang: 'SGLang',
};

/** An engine and the settings of its rule that the cache's size depends on. */
export interface KvEngineRequest {
  readonly name: KvEngine;
  /** vLLM: tokens a paged block holds (`--block-size`, default 16). */
  readonly blockSize?: bigint;
  /** vLLM: tokens a scheduler step admits (`max_num_batched_tokens`), for sliding layers' blocks. */
  readonly batchedTokens?: bigint;
  /** llama.cpp: one pool of cells for all sequences (`kv_unified`, the default), or a stream each. */
  readonly unified?: boolean;
}

/** vLLM's `CacheConfig.block_size` default. */
export const vllmBlockSize = 16n;
/** vLLM's `SchedulerConfig` `DEFAULT_MAX_NUM_BATCHED_TOKENS`. */
export const vllmBatchedTokens = 2048n;
/** llama.cpp pads `n_ctx` and the SWA cache to 256 cells (src/llama-context.cpp, llama-kv-cache-iswa.cpp). */
export const llamaCppPad = 256n;
/** llama.cpp's default micro-batch (`n_ubatch`), which its SWA cache keeps room for. */
export const llamaCppUbatch = 512n;

/** How many tokens (or cells) one kind of layer keeps, as a term of the derivation, and its sizes. */
export interface TokensTerm {
  readonly tokens: Expr;
  readonly sizes: Readonly<Record<string, bigint>>;
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const padTo = (a: bigint, b: bigint) => ceilDiv(a, b) * b;
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * Whether an engine's model code gives a layout's sliding layers a window. vLLM's and llama.cpp's
 * model code gives windows where layers alternate between sliding and global (Gemma 2 and 3,
 * `layer_types` configs: vLLM's `SlidingWindowSpec`, llama.cpp's `llama_kv_cache_iswa`); where every
 * layer slides by the config's `sliding_window` alone (Mistral v0.1, Mixtral, StarCoder2) both
 * allocate the full context (vLLM's `FullAttentionSpec`; llama.cpp's LLaMA graph has no SWA).
 * sglang's `MHATokenToKVPool` keeps every token in every layer.
 */
export function windowsKept(engine: KvEngine, layout: KvCacheLayout): boolean {
  if (engine === 'transformers') return true;
  if (engine === 'sglang') return false;
  return layout.entries.some((e) => e.name !== 'sliding' && e.over !== 'source');
}

/** Whether the engine keeps one pool of cells for all sequences (llama.cpp), not a cache each. */
export const sharedCells = (engine: KvEngine): boolean => engine === 'llama.cpp';

/**
 * The tokens one sequence keeps in a layer of this kind (for llama.cpp: the cells of all `B`
 * sequences together), by the engine's rule:
 * - transformers: `n_ctx`, a sliding layer `n_win = min(n_ctx, window)`, cross-attention `n_src`;
 * - vLLM: whole blocks, `N_blk = ⌈n_ctx/n_page⌉` of `n_page` tokens (`FullAttentionSpec`); a
 *   sliding layer `N_swa = ⌈min(n_ctx, window − 1 + n_sched)/n_page⌉ + 1` blocks
 *   (`SlidingWindowSpec.max_memory_usage_bytes`: the window, a scheduler step, one block for the
 *   window's unaligned start);
 * - llama.cpp: `n_cells = ⌈B·n_ctx/256⌉·256` cells shared by the sequences (unified cache), an SWA
 *   layer `n_cells_swa = ⌈min(n_cells, B·window + n_ubatch)/256⌉·256`; without `kv_unified`, a
 *   stream of `n_cells = ⌈⌊n_cells_all/B⌋/256⌉·256` cells for each sequence (`n_ctx_seq`), an SWA
 *   layer's `⌈min(n_cells, window + n_ubatch)/256⌉·256`, `B` streams;
 * - sglang: `n_ctx` tokens in every layer.
 */
export function tokensTerm(
  engine: KvEngineRequest,
  layout: KvCacheLayout,
  entry: KvCacheSpec,
  request: { readonly context: bigint; readonly batch: bigint; readonly source?: bigint },
): TokensTerm {
  const n = request.context;
  const windowed = entry.window !== undefined && windowsKept(engine.name, layout);
  if (entry.over === 'source') {
    if (engine.name === 'llama.cpp')
      throw new UserError(
        '--engine llama.cpp: llama.cpp runs decoder-only models; this one keeps a cross-attention cache',
        { field: '--engine', received: 'llama.cpp', expected: 'a decoder-only model' },
      );
    const source = request.source ?? layout.sourceLength ?? n;
    if (engine.name !== 'vllm') return { tokens: sym('n_src'), sizes: { n_src: source } };
    const page = engine.blockSize ?? vllmBlockSize;
    return {
      tokens: mul(sym('N_src'), sym('n_page')),
      sizes: { n_src: source, N_src: ceilDiv(source, page), n_page: page },
    };
  }
  switch (engine.name) {
    case 'transformers':
      return windowed
        ? { tokens: sym('n_win'), sizes: { n_win: min(n, entry.window!) } }
        : { tokens: sym('n_ctx'), sizes: {} };
    case 'sglang':
      return { tokens: sym('n_ctx'), sizes: {} };
    case 'vllm': {
      const page = engine.blockSize ?? vllmBlockSize;
      if (!windowed)
        return {
          tokens: mul(sym('N_blk'), sym('n_page')),
          sizes: { N_blk: ceilDiv(n, page), n_page: page },
        };
      const step = engine.batchedTokens ?? vllmBatchedTokens;
      const blocks = ceilDiv(min(n, entry.window! - 1n + step), page) + 1n;
      return {
        tokens: mul(sym('N_swa'), sym('n_page')),
        sizes: { N_swa: blocks, n_page: page, n_sched: step },
      };
    }
    case 'llama.cpp': {
      // llama-server's -c is all sequences' context: B·n_ctx, padded to 256 (llama-context.cpp).
      const all = padTo(n * request.batch, llamaCppPad);
      const unified = engine.unified ?? true;
      const cells = unified ? all : padTo(all / request.batch, llamaCppPad);
      const streams = unified ? [] : [sym('B')];
      if (!windowed) return { tokens: mul(...streams, sym('n_cells')), sizes: { n_cells: cells } };
      const seqs = unified ? request.batch : 1n;
      const swa = padTo(min(cells, entry.window! * seqs + llamaCppUbatch), llamaCppPad);
      return {
        tokens: mul(...streams, sym('n_cells_swa')),
        sizes: { n_cells: cells, n_cells_swa: swa },
      };
    }
  }
}
