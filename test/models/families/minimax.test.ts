import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import {
  decoderTensors,
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// MiniMax (MiniMax-Text-01). No exact published count was found (the model card: "456B total"),
// so the totals here are the sums of checkpoint headers written by hand from modeling_minimax.py,
// under the names MiniMax-Text-01-hf's checkpoint holds (Mixtral's block_sparse_moe.experts.N.w1/w3/w2).
const config = {
  architectures: ['MiniMaxForCausalLM'],
  model_type: 'minimax',
  hidden_size: 64,
  intermediate_size: 32,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 16,
  vocab_size: 100,
  num_local_experts: 3,
  num_experts_per_tok: 2,
};

/**
 * d = 64, 4 heads of 16 (64 wide), 2 key/value heads (32 wide); lightning layers: qkv_proj 64 → 192,
 * norm [64], output_gate 64 → 64, out_proj 64 → 64; 3 experts of 32 and a router 3 × 64.
 */
function tensors(isAttention: (i: number) => boolean): Tensors {
  const lightning: Tensors = [
    ['self_attn.qkv_proj.weight', [192, 64]],
    ['self_attn.norm.weight', [64]],
    ['self_attn.output_gate.weight', [64, 64]],
    ['self_attn.out_proj.weight', [64, 64]],
  ];
  const attention: Tensors = [
    ['self_attn.q_proj.weight', [64, 64]],
    ['self_attn.k_proj.weight', [32, 64]],
    ['self_attn.v_proj.weight', [32, 64]],
    ['self_attn.o_proj.weight', [64, 64]],
  ];
  const experts: Tensors = [
    ['block_sparse_moe.gate.weight', [3, 64]],
    ...[0, 1, 2].flatMap(
      (e): Tensors => [
        [`block_sparse_moe.experts.${e}.w1.weight`, [32, 64]],
        [`block_sparse_moe.experts.${e}.w3.weight`, [32, 64]],
        [`block_sparse_moe.experts.${e}.w2.weight`, [64, 32]],
      ],
    ),
  ];
  return decoderTensors(
    [
      ['model.embed_tokens.weight', [100, 64]],
      ['model.norm.weight', [64]],
      ['lm_head.weight', [100, 64]],
    ],
    4,
    (i) => [
      ...(isAttention(i) ? attention : lightning),
      ...experts,
      ['input_layernorm.weight', [64]],
      ['post_attention_layernorm.weight', [64]],
    ],
  );
}

describe('minimax (MiniMax-Text-01)', () => {
  it('matches a checkpoint with the default layers: full attention at even indices', () => {
    const entries = tensors((i) => i % 2 === 0);
    const run = verifyHeader(config, entries);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(entries)));
  });

  it('reads layer_types, and the original attn_type_list (1 full, 0 lightning)', () => {
    const entries = tensors((i) => i === 3);
    const types = ['linear_attention', 'linear_attention', 'linear_attention', 'full_attention'];
    const listed = verifyHeader({ ...config, layer_types: types }, entries);
    expect(listed.json).toMatchObject(exactMatch(elementsOf(entries)));
    const legacy = deriveModel({
      config: { ...config, attn_type_list: [0, 0, 0, 1] },
      source: 'minimax',
    });
    expect(legacy).toHaveParams(elementsOf(entries));
    expect(legacy.bindings).toMatchObject({ L_lin: 3n, L_attn: 1n });
  });

  it('refuses an attn_type_list that is not one 0 or 1 a layer', () => {
    expect(() =>
      deriveModel({ config: { ...config, attn_type_list: [0, 2, 0, 1] }, source: 'minimax' }),
    ).toThrow(/attn_type_list\[1\]/);
  });

  it('keeps a KV cache in the attention layers and K^T·V in the lightning layers', () => {
    // 1024 tokens, bf16, batch 1: 2 attention layers cache 2·2·16 = 64 elements a token,
    // 2·64·1024·2 bytes = 262,144; MiniMaxCache's linear_cache is [1, 4, 16, 16] in each of the
    // 2 lightning layers: 2·1024·2 bytes = 4,096.
    const dir = mkdtempSync(join(tmpdir(), 'minimax-'));
    try {
      writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
      const run = runCli([
        'memory',
        '--config',
        join(dir, 'config.json'),
        '--context',
        '1024',
        '--format',
        'json',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const json = JSON.parse(run.stdout);
      expect(json.kv_cache_bytes).toBe('262144');
      expect(json.recurrent_state_bytes).toBe('4096');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has the causal LM, the base model and the three task heads', () => {
    for (const className of [
      'MiniMaxModel',
      'MiniMaxForSequenceClassification',
      'MiniMaxForTokenClassification',
      'MiniMaxForQuestionAnswering',
    ])
      expect(() => deriveModel({ config, source: 'minimax', className })).not.toThrow();
  });
});
