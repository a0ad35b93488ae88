import { type Command, Option } from 'commander';
import { kvEngineNames } from '../analysis/kv-engines.js';
import { cacheTypeNames } from '../requests/defaults.js';

/** The cache engine's options as commander hands them over. */
export interface KvEngineOptions {
  vDtype?: string;
  engine: string;
  blockSize?: string;
  maxNumBatchedTokens?: string;
  gpuMemoryUtilization?: string;
  memFractionStatic?: string;
  kvBudget?: string;
  deviceMemory?: string;
  kvUnified?: boolean;
  gpu?: string;
}

/** Adds `--v-dtype`, `--engine` and its settings, `--kv-budget` and `--device-memory`. */
export function addKvEngineOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--v-dtype <dtype>',
        "the values' cache type when not the keys' (llama.cpp's -ctv)",
      ).choices(cacheTypeNames),
    )
    .addOption(
      new Option('--engine <name>', 'whose cache allocation the figures follow')
        .choices([...kvEngineNames])
        .default('transformers'),
    )
    .option('--block-size <n>', 'with --engine vllm: tokens a paged block holds (default 16)')
    .option(
      '--max-num-batched-tokens <n>',
      "with --engine vllm: tokens a scheduler step admits, for sliding layers' blocks (default 2048)",
    )
    .option(
      '--no-kv-unified',
      'with --engine llama.cpp: a cache stream for each sequence (llama-server with --parallel N), not one shared pool',
    )
    .option(
      '--gpu-memory-utilization <u>',
      "with --engine vllm: the device's share for weights and cache (default 0.9)",
    )
    .option(
      '--mem-fraction-static <f>',
      "with --engine sglang: the device's share for weights and the token pool",
    )
    .option(
      '--kv-budget <size>',
      'bytes for the KV cache (4GiB, 4GB, 512MiB, 512MB or bytes): the tokens, blocks and requests it holds',
    )
    .option(
      '--device-memory <size>',
      "with --engine vllm or sglang: the device's memory, as --kv-budget, for the budget the engine leaves",
    );
}
