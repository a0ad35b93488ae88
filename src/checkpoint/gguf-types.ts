/**
 * What each of ggml's element types stores: elements a block and bytes a block (ggml.c's
 * `type_traits`: `blck_size`, `type_size`; @huggingface/gguf computes its bits a weight from the
 * same pairs but does not export them). A tensor of `n` elements takes `n / block · bytes`.
 */
export const ggmlBlockBytes: Readonly<Record<string, readonly [number, number]>> = {
  F32: [1, 4],
  F16: [1, 2],
  BF16: [1, 2],
  F64: [1, 8],
  I8: [1, 1],
  I16: [1, 2],
  I32: [1, 4],
  I64: [1, 8],
  Q4_0: [32, 18],
  Q4_1: [32, 20],
  Q5_0: [32, 22],
  Q5_1: [32, 24],
  Q8_0: [32, 34],
  Q8_1: [32, 36],
  Q2_K: [256, 84],
  Q3_K: [256, 110],
  Q4_K: [256, 144],
  Q5_K: [256, 176],
  Q6_K: [256, 210],
  Q8_K: [256, 292],
  IQ2_XXS: [256, 66],
  IQ2_XS: [256, 74],
  IQ3_XXS: [256, 98],
  IQ1_S: [256, 50],
  IQ4_NL: [32, 18],
  IQ3_S: [256, 110],
  IQ2_S: [256, 82],
  IQ4_XS: [256, 136],
  IQ1_M: [256, 56],
  TQ1_0: [256, 54],
  TQ2_0: [256, 66],
  MXFP4: [32, 17],
};

/** The bytes a tensor of this type and shape takes in a GGUF file, or undefined for a type not listed. */
export function ggufTensorBytes(type: string, shape: readonly bigint[]): number | undefined {
  const traits = ggmlBlockBytes[type];
  if (!traits) return undefined;
  const [block, bytes] = traits;
  const elements = shape.reduce((a, b) => a * b, 1n);
  if (elements % BigInt(block) !== 0n) return undefined;
  const total = (elements / BigInt(block)) * BigInt(bytes);
  return total <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(total) : undefined;
}
