import { ggmlBlockBytes } from '../checkpoint/gguf-types.js';

/**
 * ggml's element types that llama.cpp's file types store tensors in, as `ggml_type_name` writes
 * them (`q4_K`, not `Q4_K`): the base type of each file type, and the wider ones its rules pick.
 */
export type GgmlType =
  | 'f32'
  | 'f16'
  | 'q8_0'
  | 'q6_K'
  | 'q5_K'
  | 'q5_1'
  | 'q5_0'
  | 'q4_K'
  | 'q4_1'
  | 'q4_0'
  | 'iq4_nl'
  | 'iq4_xs'
  | 'q3_K'
  | 'q2_K';

/** A ggml type's block: how many elements it packs and in how many bytes (1 and 4 for f32). */
export interface GgmlBlock {
  readonly elements: bigint;
  readonly bytes: bigint;
}

/** The block of a ggml type, from ggml.c's `type_traits` (`blck_size`, `type_size`) as the GGUF reader keeps them. */
export function ggmlBlock(type: GgmlType): GgmlBlock {
  const [elements, bytes] = ggmlBlockBytes[type.toUpperCase()]!;
  return { elements: BigInt(elements), bytes: BigInt(bytes) };
}

/** Bits a weight, exactly: `8·bytes / elements` as a decimal (a block is a power of two, so it ends): q6_K's 210 bytes a 256 are 6.5625. */
export function bitsPerWeight(type: GgmlType): string {
  const { elements, bytes } = ggmlBlock(type);
  let numerator = 8n * bytes;
  let digits = '';
  const whole = numerator / elements;
  numerator %= elements;
  while (numerator !== 0n) {
    numerator *= 10n;
    digits += String(numerator / elements);
    numerator %= elements;
  }
  return digits ? `${whole}.${digits}` : String(whole);
}

/** One of llama.cpp's file types (`LLAMA_FTYPE_MOSTLY_*`): its name in llama-quantize and the type it stores most tensors in. */
export interface LlamaFileType {
  /** As `llama-quantize` and llama-bench name it: `Q4_K_M`. */
  readonly name: string;
  /** `llama_ftype_get_default_type`: the type a tensor takes when no rule names another. */
  readonly base: GgmlType;
}

/**
 * The file types offered as `--dtype` (lower case, as people write them: `q4_k_m`). Each base is
 * `llama_ftype_get_default_type` in llama.cpp's `src/llama-quant.cpp`; the types that need an
 * importance matrix (IQ1–IQ3, Q2_K_S) are left out, for their rules depend on it. `f16` is llama.cpp's
 * F16 file: every matrix in f16, the 1-D tensors and norms in f32 as `convert_hf_to_gguf.py` writes
 * them (its BF16 and F32 files are ours `bf16` and `fp32` but for those few 1-D tensors).
 */
export const llamaFileTypes = {
  f16: { name: 'F16', base: 'f16' },
  q8_0: { name: 'Q8_0', base: 'q8_0' },
  q6_k: { name: 'Q6_K', base: 'q6_K' },
  q5_k_m: { name: 'Q5_K_M', base: 'q5_K' },
  q5_k_s: { name: 'Q5_K_S', base: 'q5_K' },
  q5_1: { name: 'Q5_1', base: 'q5_1' },
  q5_0: { name: 'Q5_0', base: 'q5_0' },
  q4_k_m: { name: 'Q4_K_M', base: 'q4_K' },
  q4_k_s: { name: 'Q4_K_S', base: 'q4_K' },
  q4_1: { name: 'Q4_1', base: 'q4_1' },
  q4_0: { name: 'Q4_0', base: 'q4_0' },
  iq4_xs: { name: 'IQ4_XS', base: 'iq4_xs' },
  iq4_nl: { name: 'IQ4_NL', base: 'iq4_nl' },
  q3_k_l: { name: 'Q3_K_L', base: 'q3_K' },
  q3_k_m: { name: 'Q3_K_M', base: 'q3_K' },
  q3_k_s: { name: 'Q3_K_S', base: 'q3_K' },
  q2_k: { name: 'Q2_K', base: 'q2_K' },
} as const satisfies Record<string, LlamaFileType>;

export type LlamaFileTypeName = keyof typeof llamaFileTypes;

/**
 * The file types widest first, as their sizes fall for a Llama (llama-quantize's QUANT_OPTIONS list
 * them by size too): what `--gpu` tries when the asked type is one of them.
 */
export const llamaWidestFirst: readonly LlamaFileTypeName[] = [
  'f16',
  'q8_0',
  'q6_k',
  'q5_1',
  'q5_k_m',
  'q5_k_s',
  'q5_0',
  'q4_1',
  'q4_k_m',
  'q4_k_s',
  'iq4_nl',
  'q4_0',
  'iq4_xs',
  'q3_k_l',
  'q3_k_m',
  'q3_k_s',
  'q2_k',
];

/** Whether a `--dtype` is one of llama.cpp's file types. */
export const isLlamaFileType = (dtype: string): dtype is LlamaFileTypeName =>
  Object.hasOwn(llamaFileTypes, dtype);

/** The weight-type rows the file types add to `weightTypes`: `bits` is the base type's, a weight. */
export const llamaWeightTypes = Object.fromEntries(
  Object.entries(llamaFileTypes).map(([key, t]) => [
    key,
    { bits: Number(bitsPerWeight(t.base)), llama: key as LlamaFileTypeName },
  ]),
) as { readonly [K in LlamaFileTypeName]: { readonly bits: number; readonly llama: K } };
