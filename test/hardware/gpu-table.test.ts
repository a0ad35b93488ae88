import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandwidthBytes,
  memoryBytes,
  peakFlops,
  scaledDecimal,
} from '../../src/hardware/gpu-spec.js';
import { findGpu, gpuTable, normalGpuName, parseGpu } from '../../src/hardware/gpu-table.js';
import { UserError } from '../../src/errors/user-error.js';

describe('the GPU table', () => {
  it('finds names as people write them: case, spaces, hyphens and brand words ignored', () => {
    for (const [typed, name] of [
      ['rtx-4090', 'RTX 4090'],
      ['RTX 4090', 'RTX 4090'],
      ['NVIDIA GeForce RTX 4090', 'RTX 4090'],
      ['h100-sxm', 'H100 SXM'],
      ['H100', 'H100 SXM'],
      ['v100-pcie-16gb', 'V100 PCIe 16GB'],
      ['a100-80gb', 'A100 SXM 80GB'],
      ['mi300x', 'MI300X'],
      ['Apple M2 Ultra', 'M2 Ultra'],
      ['rtx_3090_ti', 'RTX 3090 Ti'],
    ] as const)
      expect(findGpu(typed)?.name, typed).toBe(name);
  });

  it('has no two rows under one name', () => {
    const names = gpuTable.flatMap((g) => [g.name, ...(g.aliases ?? [])].map(normalGpuName));
    const owners = new Map<string, string>();
    for (const g of gpuTable)
      for (const n of [g.name, ...(g.aliases ?? [])].map(normalGpuName)) {
        expect(owners.get(n) ?? g.name, n).toBe(g.name);
        owners.set(n, g.name);
      }
    expect(names.length).toBeGreaterThan(gpuTable.length);
  });

  it('gives every row a source with an address, and a bandwidth', () => {
    for (const g of gpuTable) {
      expect(g.source.url, g.name).toMatch(/^https:\/\//);
      expect(g.bandwidthGBps, g.name).toBeGreaterThan(0);
    }
  });

  it('reads xN after or before a name, any name with any case and spacing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...gpuTable),
        fc.integer({ min: 1, max: 512 }),
        fc.constantFrom('x', ' x ', '×', 'X'),
        fc.boolean(),
        fc.boolean(),
        (spec, count, times, upper, before) => {
          const name = upper ? spec.name.toUpperCase() : spec.name.toLowerCase().replace(/ /g, '-');
          const raw = before ? `${count}${times}${name}` : `${name}${times}${count}`;
          const parsed = parseGpu(raw);
          expect(parsed.spec.name).toBe(spec.name);
          expect(parsed.count).toBe(BigInt(count));
        },
      ),
    );
  });

  it('takes a name ending in x for itself, and x2 after it as a count', () => {
    expect(parseGpu('mi300x')).toMatchObject({ count: 1n });
    expect(parseGpu('mi300xx2').spec.name).toBe('MI300X');
    expect(parseGpu('mi300x x 2').count).toBe(2n);
  });

  it('says an unknown name in one line, with the nearest names', () => {
    const error = (() => {
      try {
        parseGpu('rtx 4080');
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).not.toContain('\n');
    expect(error!.message).toContain('--gpu rtx 4080');
    expect(error!.message).toMatch(/nearest: .*RTX 4090/);
  });

  it('refuses 0 GPUs', () => {
    expect(() => parseGpu('h100x0')).toThrow(/expected 1 to/);
  });

  it('converts the vendors’ units exactly: GB/s, TFLOPS, GiB and GB', () => {
    const rtx4090 = findGpu('rtx-4090')!;
    // NVIDIA Ada GPU Architecture whitepaper: 1,008 GB/s, 24 GB GDDR6X, FP16 tensor 330.3 TFLOPS (FP16 accumulate).
    expect(bandwidthBytes(rtx4090)).toBe(1_008_000_000_000n);
    expect(memoryBytes(rtx4090)).toBe(24n * 2n ** 30n);
    expect(peakFlops(rtx4090, 'fp16')).toBe(330_300_000_000_000n);
    // NVIDIA's H200 specifications: 141 GB, read as 10⁹ bytes.
    expect(memoryBytes(findGpu('h200')!)).toBe(141_000_000_000n);
    expect(scaledDecimal(362.05, 12)).toBe(362_050_000_000_000n);
  });

  it('halves the H100 datasheet’s sparse figures for its dense ones (FP16 1,979 with sparsity)', () => {
    const h100 = findGpu('h100-sxm')!;
    expect(2 * h100.tflops.fp16!).toBe(1979);
    expect(2 * h100.tflops.fp8!).toBe(3958);
    expect(peakFlops(findGpu('v100-pcie-16gb')!, 'bf16')).toBeUndefined();
  });
});
