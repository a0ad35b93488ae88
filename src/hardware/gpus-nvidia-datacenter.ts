import type { GpuSpec } from './gpu-spec.js';

/**
 * NVIDIA's data-center GPUs, from their datasheets. The datasheets print the tensor-core figures
 * "with sparsity" (2:4 structured sparsity doubles them); the dense figures here are those halved,
 * or the dense column where the datasheet has one (A100's "156 | 312"). Memory of the 16–80 GB
 * parts is in GiB (whole HBM stacks); 94 GB, 141 GB and 180 GB are read as 10⁹ bytes, the smaller
 * reading of a figure that is not a binary size.
 */

const h100: GpuSpec['source'] = {
  title: 'NVIDIA H100 Tensor Core GPU Datasheet',
  url: 'https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet',
};
const h200: GpuSpec['source'] = {
  title: 'NVIDIA H200 Tensor Core GPU (specifications)',
  url: 'https://www.nvidia.com/en-us/data-center/h200/',
};
const a100: GpuSpec['source'] = {
  title: 'NVIDIA A100 Tensor Core GPU Datasheet',
  url: 'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
};
const v100: GpuSpec['source'] = {
  title: 'NVIDIA Tesla V100 GPU Accelerator Datasheet',
  url: 'https://images.nvidia.com/content/technologies/volta/pdf/volta-v100-datasheet-update-us-1165301-r5.pdf',
};

/** Hopper SXM: FP32 67, TF32 989*, FP16/BF16 1,979*, FP8 and INT8 3,958* (* with sparsity). */
const hopperSxm = { fp32: 67, tf32: 494.5, fp16: 989.5, bf16: 989.5, fp8: 1979, int8: 1979 };
/** Hopper NVL: FP32 60, TF32 835*, FP16/BF16 1,671*, FP8 and INT8 3,341*. */
const hopperNvl = { fp32: 60, tf32: 417.5, fp16: 835.5, bf16: 835.5, fp8: 1670.5, int8: 1670.5 };
/** Ampere A100, dense column: FP32 19.5, TF32 156, FP16/BF16 312, INT8 624; no FP8. */
const ampere = { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624 };

export const nvidiaDatacenter: readonly GpuSpec[] = [
  {
    name: 'H100 SXM',
    aliases: ['H100', 'H100 SXM5', 'H100 80GB', 'H100 SXM 80GB', 'H100 80GB HBM3'],
    memory: { value: 80, unit: 'GiB' },
    bandwidthGBps: 3350,
    tflops: hopperSxm,
    source: h100,
  },
  {
    name: 'H100 PCIe',
    aliases: ['H100 PCIe 80GB'],
    memory: { value: 80, unit: 'GiB' },
    bandwidthGBps: 2000,
    // FP32 51, TF32 756*, FP16/BF16 1,513*, FP8 and INT8 3,026*.
    tflops: { fp32: 51, tf32: 378, fp16: 756.5, bf16: 756.5, fp8: 1513, int8: 1513 },
    source: h100,
  },
  {
    name: 'H100 NVL',
    memory: { value: 94, unit: 'GB' },
    bandwidthGBps: 3900,
    tflops: hopperNvl,
    source: h100,
  },
  {
    name: 'H200',
    aliases: ['H200 SXM', 'H200 SXM 141GB'],
    memory: { value: 141, unit: 'GB' },
    bandwidthGBps: 4800,
    tflops: hopperSxm,
    source: h200,
  },
  {
    name: 'H200 NVL',
    memory: { value: 141, unit: 'GB' },
    bandwidthGBps: 4800,
    tflops: hopperNvl,
    source: h200,
  },
  {
    name: 'B200',
    aliases: ['HGX B200'],
    memory: { value: 180, unit: 'GB' },
    bandwidthGBps: 7700,
    // One HGX B200 GPU: FP8 and INT8 9*, FP16/BF16 4.5*, TF32 2.2* PFLOPS, FP32 75 TFLOPS; 180 GB, 7.7 TB/s.
    tflops: { fp32: 75, tf32: 1100, fp16: 2250, bf16: 2250, fp8: 4500, int8: 4500 },
    source: {
      title: 'NVIDIA GB200 NVL72 (technical specifications: HGX B200, individual Blackwell GPU)',
      url: 'https://www.nvidia.com/en-us/data-center/gb200-nvl72/',
    },
  },
  // The four A100s differ only in memory and bandwidth (the datasheet's SXM and PCIe columns).
  ...(
    [
      ['A100 SXM 80GB', ['A100 80GB', 'A100 SXM4 80GB', 'A100 80GB SXM'], 80, 2039],
      ['A100 SXM 40GB', ['A100 40GB', 'A100 SXM4 40GB', 'A100 40GB SXM'], 40, 1555],
      ['A100 PCIe 80GB', ['A100 80GB PCIe'], 80, 1935],
      ['A100 PCIe 40GB', ['A100 40GB PCIe'], 40, 1555],
    ] as const
  ).map(
    ([name, aliases, gib, bandwidthGBps]): GpuSpec => ({
      name,
      aliases,
      memory: { value: gib, unit: 'GiB' },
      bandwidthGBps,
      tflops: ampere,
      source: a100,
    }),
  ),
  {
    name: 'L4',
    memory: { value: 24, unit: 'GiB' },
    bandwidthGBps: 300,
    // FP32 30.3, TF32 120*, FP16/BF16 242*, FP8 and INT8 485*.
    tflops: { fp32: 30.3, tf32: 60, fp16: 121, bf16: 121, fp8: 242.5, int8: 242.5 },
    source: {
      title: 'NVIDIA L4 Tensor Core GPU Datasheet',
      url: 'https://resources.nvidia.com/en-us-data-center-overview/l4-gpu-datasheet',
    },
  },
  {
    name: 'L40S',
    memory: { value: 48, unit: 'GiB' },
    bandwidthGBps: 864,
    // FP32 91.6, TF32 183 | 366*, FP16/BF16 362.05 | 733*, FP8 and INT8 733 | 1,466* (* sparse).
    tflops: { fp32: 91.6, tf32: 183, fp16: 362.05, bf16: 362.05, fp8: 733, int8: 733 },
    source: {
      title: 'NVIDIA L40S GPU Datasheet',
      url: 'https://resources.nvidia.com/en-us-l40s/l40s-datasheet-28413',
    },
  },
  ...(
    [
      ['V100 SXM2 16GB', ['V100 SXM 16GB', 'V100 16GB SXM2'], 16],
      ['V100 SXM2 32GB', ['V100 SXM 32GB', 'V100 32GB SXM2'], 32],
    ] as const
  ).map(
    ([name, aliases, gib]): GpuSpec => ({
      name,
      aliases,
      memory: { value: gib, unit: 'GiB' },
      bandwidthGBps: 900,
      // "Deep learning 125 TFLOPS" is the tensor cores' fp16 (Volta has no sparsity, no bf16).
      tflops: { fp32: 15.7, fp16: 125 },
      source: v100,
    }),
  ),
  ...(
    [
      ['V100 PCIe 16GB', ['V100 16GB PCIe', 'V100 16GB'], 16],
      ['V100 PCIe 32GB', ['V100 32GB PCIe', 'V100 32GB'], 32],
    ] as const
  ).map(
    ([name, aliases, gib]): GpuSpec => ({
      name,
      aliases,
      memory: { value: gib, unit: 'GiB' },
      bandwidthGBps: 900,
      tflops: { fp32: 14, fp16: 112 },
      source: v100,
    }),
  ),
  {
    name: 'V100S PCIe',
    aliases: ['V100S', 'V100S 32GB'],
    memory: { value: 32, unit: 'GiB' },
    bandwidthGBps: 1134,
    tflops: { fp32: 16.4, fp16: 130 },
    source: v100,
  },
];
