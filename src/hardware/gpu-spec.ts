/**
 * What a GPU's datasheet says, as a row of data: memory, bandwidth and dense peak throughput per
 * element type, each in the vendor's own unit, with the document it comes from. Conversions to
 * bytes and FLOP/s are exact (bigint), so every figure built on them is too.
 */

/** Element types a peak is given for: the tensor (matrix) units', and plain fp32. */
export type ElementType = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8';

/** Every element type, in the order a table prints them. */
export const elementTypes: readonly ElementType[] = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8'];

/** Where a row's figures come from: the vendor document's title and address. */
export interface GpuSource {
  readonly title: string;
  readonly url: string;
}

/** One GPU as its vendor describes it. */
export interface GpuSpec {
  /** The name as people write it (`RTX 4090`, `H100 SXM`). */
  readonly name: string;
  /** Other names people write for it (`H100`, `A100 80GB`); case, spaces and hyphens ignored. */
  readonly aliases?: readonly string[];
  /**
   * Memory as sold: `GiB` where the number counts binary-sized chips (24 GB of GDDR6X is 24 GiB),
   * `GB` (10⁹) where it does not, or where the datasheet's figure is not a binary size (141 GB).
   */
  readonly memory: { readonly value: number; readonly unit: 'GiB' | 'GB' };
  /** Peak memory bandwidth in GB/s (10⁹ bytes a second), as the datasheet prints it. */
  readonly bandwidthGBps: number;
  /**
   * Dense peak TFLOPS (TOPS for int8) per element type: a datasheet's "with sparsity" figure halved.
   * A type the vendor gives no figure for is absent (V100 has no bf16 units).
   */
  readonly tflops: Partial<Record<ElementType, number>>;
  /** What a reader should know about the row's figures (which accumulate, which divisions). */
  readonly note?: string;
  readonly source: GpuSource;
}

/** Bytes of memory one GPU has, by the row's unit. */
export function memoryBytes(spec: GpuSpec): bigint {
  const unit = spec.memory.unit === 'GiB' ? 2n ** 30n : 10n ** 9n;
  return BigInt(spec.memory.value) * unit;
}

/** A decimal figure with at most three decimals, times 10^`exponent`, exactly (989.4 TFLOPS → FLOP/s). */
export function scaledDecimal(value: number, exponent: number): bigint {
  const thousandths = BigInt(Math.round(value * 1000));
  return (thousandths * 10n ** BigInt(exponent)) / 1000n;
}

/** Peak bandwidth in bytes a second. */
export const bandwidthBytes = (spec: GpuSpec): bigint => scaledDecimal(spec.bandwidthGBps, 9);

/** Dense peak FLOP/s (operations a second for int8) for an element type, when the vendor gives one. */
export function peakFlops(spec: GpuSpec, type: ElementType): bigint | undefined {
  const tflops = spec.tflops[type];
  return tflops === undefined ? undefined : scaledDecimal(tflops, 12);
}
