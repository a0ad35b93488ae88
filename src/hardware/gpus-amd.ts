import type { GpuSpec } from './gpu-spec.js';

/**
 * AMD Instinct accelerators, from AMD's data sheets, which print the dense matrix figures beside
 * the sparse ones. 192 GB and 256 GB are read as 10⁹ bytes, the smaller reading.
 */

/** CDNA 3 matrix cores, dense: FP32 163.4, TF32 653.7, FP16/BF16 1,307.4, FP8 and INT8 2,614.9. */
const cdna3 = { fp32: 163.4, tf32: 653.7, fp16: 1307.4, bf16: 1307.4, fp8: 2614.9, int8: 2614.9 };

export const amdInstinct: readonly GpuSpec[] = [
  {
    name: 'MI300X',
    aliases: ['Instinct MI300X'],
    memory: { value: 192, unit: 'GB' },
    bandwidthGBps: 5300,
    tflops: cdna3,
    source: {
      title: 'AMD Instinct MI300X Accelerator data sheet',
      url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/data-sheets/amd-instinct-mi300x-data-sheet.pdf',
    },
  },
  {
    name: 'MI325X',
    aliases: ['Instinct MI325X'],
    memory: { value: 256, unit: 'GB' },
    bandwidthGBps: 6000,
    tflops: cdna3,
    source: {
      title: 'AMD Instinct MI325X Accelerator data sheet',
      url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/product-briefs/instinct-mi325x-datasheet.pdf',
    },
  },
];
