import { UserError } from '../errors/user-error.js';

/**
 * How a cache type stores its elements: `bytes` for every `block` elements along a row. Byte-wide
 * types keep one element a block; llama.cpp's quantized types keep 32 (ggml's `QK4_0`, `QK8_0`,
 * `QK4_NL`), each block with its own fp16 scale (and a minimum for the `_1` types), as
 * `ggml/src/ggml-common.h` lays out `block_q8_0` and the others.
 */
export interface CacheTypeSpec {
  readonly block: number;
  readonly bytes: number;
  /** What a block holds, for the reader (quantized types only). */
  readonly holds?: string;
  /** The name this one is another spelling of (llama.cpp's `f16`, `f32`). */
  readonly aliasOf?: string;
}

/** Every cache type `--kv-dtype` and `--v-dtype` take, in the CLI's order. */
export const cacheTypes = {
  fp32: { block: 1, bytes: 4 },
  fp16: { block: 1, bytes: 2 },
  bf16: { block: 1, bytes: 2 },
  // fp8 and int8 caches as vLLM's `kv_cache_dtype` keeps them: one byte an element.
  fp8: { block: 1, bytes: 1 },
  int8: { block: 1, bytes: 1 },
  // llama.cpp's names for the same (`--cache-type-k f16`).
  f32: { block: 1, bytes: 4, aliasOf: 'fp32' },
  f16: { block: 1, bytes: 2, aliasOf: 'fp16' },
  q8_0: { block: 32, bytes: 34, holds: '32 8-bit integers and an fp16 scale' },
  q5_1: { block: 32, bytes: 24, holds: '32 5-bit integers, an fp16 scale and an fp16 minimum' },
  q5_0: { block: 32, bytes: 22, holds: '32 5-bit integers and an fp16 scale' },
  q4_1: { block: 32, bytes: 20, holds: '32 4-bit integers, an fp16 scale and an fp16 minimum' },
  q4_0: { block: 32, bytes: 18, holds: '32 4-bit integers and an fp16 scale' },
  iq4_nl: {
    block: 32,
    bytes: 18,
    holds: '32 4-bit indices into a non-linear table and an fp16 scale',
  },
} as const satisfies Record<string, CacheTypeSpec>;

export type CacheType = keyof typeof cacheTypes;

/** Whether a type keeps whole bytes an element (no blocks). */
export const isByteWide = (type: CacheType): boolean => cacheTypes[type].block === 1;

/** Bytes an element of a byte-wide type; a block type has no whole width, so this refuses one. */
export function elementBytes(type: CacheType): bigint {
  const spec: CacheTypeSpec = cacheTypes[type];
  if (spec.block !== 1) throw new Error(`${type} stores blocks of ${spec.block}, not elements`);
  return BigInt(spec.bytes);
}

/**
 * llama.cpp refuses a quantized cache whose blocks do not divide a head (`llama_init_from_model`,
 * src/llama-context.cpp: "K cache type %s with block size %u does not divide n_embd_head_k=%u", the
 * same for V): a block never spans two heads. The head width here is the model's `d_h`.
 */
export function checkBlocks(type: CacheType, headWidth: bigint | undefined, flag: string): void {
  const { block } = cacheTypes[type];
  if (block === 1 || headWidth === undefined) return;
  if (headWidth % BigInt(block) !== 0n)
    throw new UserError(
      `${flag} ${type}: its blocks of ${block} do not divide the head width d_h = ${headWidth} (llama.cpp refuses it too)`,
      { field: flag, received: type, expected: `a head width that is a multiple of ${block}` },
    );
}
