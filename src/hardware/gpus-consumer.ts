import type { GpuSpec } from './gpu-spec.js';

/**
 * GeForce cards, from NVIDIA's architecture whitepapers (their per-card tables), and Apple's
 * M-series unified memory, from Apple's announcements. GeForce tensor cores run fp16 with fp16
 * accumulate at the rate given here and with fp32 accumulate (what PyTorch asks for) at half;
 * a roofline takes the peak, so the fp16 figure is the fp16-accumulate one, and bf16 (fp32
 * accumulate only) is the lower. Apple gives no peak FLOPS for its GPUs: its rows have bandwidth
 * and memory only (`--tflops` gives a peak), memory the largest configuration sold, in GiB.
 */

const ampere: GpuSpec['source'] = {
  title: 'NVIDIA Ampere GA102 GPU Architecture whitepaper',
  url: 'https://www.nvidia.com/content/PDF/nvidia-ampere-ga-102-gpu-architecture-whitepaper-v2.pdf',
};
const ada: GpuSpec['source'] = {
  title: 'NVIDIA Ada GPU Architecture whitepaper',
  url: 'https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
};
const blackwell: GpuSpec['source'] = {
  title: 'NVIDIA RTX Blackwell GPU Architecture whitepaper',
  url: 'https://images.nvidia.com/aem-dam/Solutions/geforce/blackwell/nvidia-rtx-blackwell-gpu-architecture.pdf',
};

export const geforce: readonly GpuSpec[] = [
  {
    name: 'RTX 3090',
    memory: { value: 24, unit: 'GiB' },
    bandwidthGBps: 936,
    // FP32 35.6; FP16 (FP16 accumulate) 142/284, BF16 (FP32 accumulate) 71/142, TF32 35.6/71, INT8 284/568.
    tflops: { fp32: 35.6, tf32: 35.6, fp16: 142, bf16: 71, int8: 284 },
    source: ampere,
  },
  {
    name: 'RTX 3090 Ti',
    memory: { value: 24, unit: 'GiB' },
    bandwidthGBps: 1008,
    // 40 shader TFLOPS and 320 tensor TFLOPS (fp16, with sparsity); 21 Gbps on a 384-bit bus.
    tflops: { fp32: 40, fp16: 160 },
    source: {
      title: 'GeForce RTX 3090 Ti (NVIDIA GeForce news: "GeForce RTX 3090 Ti Is Here")',
      url: 'https://www.nvidia.com/en-us/geforce/news/geforce-rtx-3090-ti-out-now/',
    },
  },
  {
    name: 'RTX 4090',
    memory: { value: 24, unit: 'GiB' },
    bandwidthGBps: 1008,
    // FP32 82.6; TF32 82.6/165.2; FP16 (FP16 accumulate) 330.3/660.6; BF16 165.2/330.4; FP8 and INT8 660.6/1,321.2.
    tflops: { fp32: 82.6, tf32: 82.6, fp16: 330.3, bf16: 165.2, fp8: 660.6, int8: 660.6 },
    source: ada,
  },
  {
    name: 'RTX 5090',
    memory: { value: 32, unit: 'GiB' },
    bandwidthGBps: 1792,
    // FP32 104.8; FP16 (FP16 accumulate) 419/838; FP8 and INT8 838/1,676.
    tflops: { fp32: 104.8, fp16: 419, fp8: 838, int8: 838 },
    source: blackwell,
  },
];

const apple = (
  name: string,
  gib: number,
  bandwidthGBps: number,
  title: string,
  url: string,
  note?: string,
): GpuSpec => ({
  name,
  aliases: [`Apple ${name}`],
  memory: { value: gib, unit: 'GiB' },
  bandwidthGBps,
  tflops: {},
  ...(note ? { note } : {}),
  source: { title, url },
});

export const appleSilicon: readonly GpuSpec[] = [
  apple(
    'M1 Max',
    64,
    400,
    'Apple Newsroom: Introducing M1 Pro and M1 Max',
    'https://www.apple.com/newsroom/2021/10/introducing-m1-pro-and-m1-max-the-most-powerful-chips-apple-has-ever-built/',
  ),
  apple(
    'M1 Ultra',
    128,
    800,
    'Apple Newsroom: Apple unveils M1 Ultra',
    'https://www.apple.com/newsroom/2022/03/apple-unveils-m1-ultra-the-worlds-most-powerful-chip-for-a-personal-computer/',
  ),
  apple(
    'M2 Max',
    96,
    400,
    'Apple Newsroom: Apple unveils M2 Pro and M2 Max',
    'https://www.apple.com/newsroom/2023/01/apple-unveils-m2-pro-and-m2-max-next-generation-chips-for-next-level-workflows/',
  ),
  apple(
    'M2 Ultra',
    192,
    800,
    'Apple Newsroom: Apple introduces M2 Ultra',
    'https://www.apple.com/newsroom/2023/06/apple-introduces-m2-ultra/',
  ),
  apple(
    'M3 Max',
    128,
    400,
    'Apple Newsroom: Apple unveils M3, M3 Pro, and M3 Max',
    'https://www.apple.com/newsroom/2023/10/apple-unveils-m3-m3-pro-and-m3-max-the-most-advanced-chips-for-a-personal-computer/',
    'the 16-core CPU, 40-core GPU part; the 30-core GPU part has 300 GB/s',
  ),
  apple(
    'M3 Ultra',
    512,
    819,
    'Apple Newsroom: Apple reveals M3 Ultra; Mac Studio (2025) technical specifications',
    'https://www.apple.com/newsroom/2025/03/apple-reveals-m3-ultra-taking-apple-silicon-to-a-new-extreme/',
  ),
  apple(
    'M4 Pro',
    64,
    273,
    'Apple Newsroom: Apple introduces M4 Pro and M4 Max',
    'https://www.apple.com/newsroom/2024/10/apple-introduces-m4-pro-and-m4-max/',
  ),
  apple(
    'M4 Max',
    128,
    546,
    'Apple Newsroom: Apple introduces M4 Pro and M4 Max',
    'https://www.apple.com/newsroom/2024/10/apple-introduces-m4-pro-and-m4-max/',
    'the 16-core CPU, 40-core GPU part; the 32-core GPU part has 410 GB/s',
  ),
];
