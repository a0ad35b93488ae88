import type { RawConfig } from '../models/config/config-fields.js';

/**
 * llama.cpp's metadata keys (`<arch>.<key>`, gguf-py's `constants.py`) and the config.json field
 * each one is, for any architecture: what names the dimensions of a GGUF file's header when no
 * family rebuilds its config.
 */
const sizeKeys: ReadonlyArray<readonly [string, string]> = [
  ['embedding_length', 'hidden_size'],
  ['feed_forward_length', 'intermediate_size'],
  ['block_count', 'num_hidden_layers'],
  ['context_length', 'max_position_embeddings'],
  ['attention.head_count', 'num_attention_heads'],
  ['attention.head_count_kv', 'num_key_value_heads'],
  ['attention.key_length', 'head_dim'],
  ['attention.q_lora_rank', 'q_lora_rank'],
  ['attention.kv_lora_rank', 'kv_lora_rank'],
  ['expert_count', 'num_experts'],
  ['expert_used_count', 'num_experts_per_tok'],
  ['expert_feed_forward_length', 'moe_intermediate_size'],
  ['expert_shared_feed_forward_length', 'shared_expert_intermediate_size'],
  ['vocab_size', 'vocab_size'],
  ['ssm.state_size', 'state_size'],
  ['ssm.conv_kernel', 'conv_kernel'],
  ['ssm.time_step_rank', 'time_step_rank'],
  ['ssm.group_count', 'n_groups'],
];

/**
 * The sizes a GGUF file's metadata gives, under config.json's names, for an architecture no family
 * rebuilds (`general.architecture` as its model_type): a header derivation names its dimensions
 * from them. A head count given per layer (an array) names nothing.
 */
export function ggufSizes(
  arch: string,
  metadata: Record<string, unknown>,
  vocabulary: number | undefined,
): RawConfig {
  const config: Record<string, unknown> = { model_type: arch };
  for (const [key, field] of sizeKeys) {
    const value = metadata[`${arch}.${key}`];
    const n = typeof value === 'bigint' ? Number(value) : value;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n > 0) config[field] = n;
  }
  if (config.vocab_size === undefined && vocabulary) config.vocab_size = vocabulary;
  return config as RawConfig;
}
