import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decoderTensors,
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// Qwen3.5's dense text model. No exact published count of a text-only class was at hand (the
// Qwen3.5 model cards give rounded sizes of the composites with their vision towers), so the
// totals are sums of a header written by hand from modeling_qwen3_5.py for a small config.
const config = {
  architectures: ['Qwen3_5ForCausalLM'],
  model_type: 'qwen3_5_text',
  hidden_size: 64,
  intermediate_size: 96,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 16,
  vocab_size: 100,
  linear_num_key_heads: 2,
  linear_key_head_dim: 8,
  linear_num_value_heads: 4,
  linear_value_head_dim: 12,
  linear_conv_kernel_dim: 3,
  full_attention_interval: 2,
  tie_word_embeddings: true,
};

/**
 * key_dim 2·8 = 16, value_dim 4·12 = 48: in_proj_qkv 2·16 + 48 = 80, in_proj_z 48, in_proj_b and
 * in_proj_a 4, conv [80, 1, 3]; attention q_proj 2·4·16 = 128, k/v 2·16 = 32; full attention at
 * layers 1 and 3 (interval 2); SwiGLU of 96; tied head.
 */
function tensors(o: { bias: boolean }): Tensors {
  const deltaNet: Tensors = [
    ['linear_attn.in_proj_qkv.weight', [80, 64]],
    ['linear_attn.in_proj_z.weight', [48, 64]],
    ['linear_attn.in_proj_b.weight', [4, 64]],
    ['linear_attn.in_proj_a.weight', [4, 64]],
    ['linear_attn.conv1d.weight', [80, 1, 3]],
    ['linear_attn.dt_bias', [4]],
    ['linear_attn.A_log', [4]],
    ['linear_attn.norm.weight', [12]],
    ['linear_attn.out_proj.weight', [64, 48]],
  ];
  const attention: Tensors = [
    ['self_attn.q_proj.weight', [128, 64]],
    ['self_attn.k_proj.weight', [32, 64]],
    ['self_attn.v_proj.weight', [32, 64]],
    ['self_attn.o_proj.weight', [64, 64]],
    ['self_attn.q_norm.weight', [16]],
    ['self_attn.k_norm.weight', [16]],
  ];
  if (o.bias)
    attention.push(
      ['self_attn.q_proj.bias', [128]],
      ['self_attn.k_proj.bias', [32]],
      ['self_attn.v_proj.bias', [32]],
      ['self_attn.o_proj.bias', [64]],
    );
  return decoderTensors(
    [
      ['model.embed_tokens.weight', [100, 64]],
      ['model.norm.weight', [64]],
    ],
    4,
    (i) => [
      ...(i % 2 === 1 ? attention : deltaNet),
      ['mlp.gate_proj.weight', [96, 64]],
      ['mlp.up_proj.weight', [96, 64]],
      ['mlp.down_proj.weight', [64, 96]],
      ['input_layernorm.weight', [64]],
      ['post_attention_layernorm.weight', [64]],
    ],
  );
}

describe('qwen3_5_text (Qwen3.5 dense)', () => {
  it('matches a checkpoint by every tensor name and shape', () => {
    const entries = tensors({ bias: false });
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('biases the attention with attention_bias', () => {
    const entries = tensors({ bias: true });
    const run = verifyHeader({ ...config, attention_bias: true }, entries);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('keeps a KV cache in the attention layers and the DeltaNet state in the others', () => {
    // 1024 tokens, bf16, batch 1: 2 attention layers cache 2·2·16 = 64 elements a token,
    // 2·64·1024·2 bytes = 262,144; 2 DeltaNet layers keep conv [1, 80, 3] and recurrent
    // [1, 4, 8, 12]: 2·(240 + 384)·2 bytes = 2,496.
    const dir = mkdtempSync(join(tmpdir(), 'qwen35-'));
    try {
      writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
      const path = join(dir, 'config.json');
      const run = runCli(['memory', '--config', path, '--context', '1024', '--format', 'json']);
      expect(run.code, run.stderr).toBe(0);
      const json = JSON.parse(run.stdout);
      expect(json.kv_cache_bytes).toBe('262144');
      expect(json.recurrent_state_bytes).toBe('2496');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has the causal LM, the text model and its sequence classifier', () => {
    const source = 'qwen3_5_text';
    const className = 'Qwen3_5TextForSequenceClassification';
    const report = deriveModel({ config: { ...config, num_labels: 3 }, source, className });
    // The score head d → 3 without bias replaces the tied head (which adds nothing).
    expect(report).toHaveParams(elementsOf(tensors({ bias: false })) + 64 * 3);
    expect(() => deriveModel({ config, source, className: 'Qwen3_5TextModel' })).not.toThrow();
  });
});
