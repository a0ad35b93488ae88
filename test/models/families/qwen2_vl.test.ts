import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';

// Qwen2-VL: no exact published count of a Qwen2-VL checkpoint was at hand (the model cards say
// "7B"), so the truth here is a header whose every name and shape is written from
// modeling_qwen2_vl.py for a flat config of Qwen2-VL-7B's sizes, and the sum of its shapes.
const config = {
  architectures: ['Qwen2VLForConditionalGeneration'],
  model_type: 'qwen2_vl',
  hidden_size: 3584,
  intermediate_size: 18944,
  num_hidden_layers: 28,
  num_attention_heads: 28,
  num_key_value_heads: 4,
  vocab_size: 152064,
  tie_word_embeddings: false,
  vision_config: {
    depth: 32,
    embed_dim: 1280,
    mlp_ratio: 4,
    num_heads: 16,
    in_chans: 3,
    hidden_size: 3584,
    patch_size: 14,
    spatial_merge_size: 2,
    temporal_patch_size: 2,
  },
};

/** The checkpoint in the Hub's layout: `visual.…`, then the Qwen2 text model and the LM head. */
function checkpoint(layers = 28): Tensors {
  const [d, f, dm, m2, ff, V, kv] = [1280, 5120, 3584, 1280 * 4, 18944, 152064, 512];
  const tensors: Tensors = [['visual.patch_embed.proj.weight', [d, 3, 2, 14, 14]]];
  for (let i = 0; i < 32; i++) {
    const b = `visual.blocks.${i}.`;
    tensors.push(
      [`${b}norm1.weight`, [d]],
      [`${b}norm1.bias`, [d]],
      [`${b}norm2.weight`, [d]],
      [`${b}norm2.bias`, [d]],
      [`${b}attn.qkv.weight`, [3 * d, d]],
      [`${b}attn.qkv.bias`, [3 * d]],
      [`${b}attn.proj.weight`, [d, d]],
      [`${b}attn.proj.bias`, [d]],
      [`${b}mlp.fc1.weight`, [f, d]],
      [`${b}mlp.fc1.bias`, [f]],
      [`${b}mlp.fc2.weight`, [d, f]],
      [`${b}mlp.fc2.bias`, [d]],
    );
  }
  tensors.push(
    ['visual.merger.ln_q.weight', [d]],
    ['visual.merger.ln_q.bias', [d]],
    ['visual.merger.mlp.0.weight', [m2, m2]],
    ['visual.merger.mlp.0.bias', [m2]],
    ['visual.merger.mlp.2.weight', [dm, m2]],
    ['visual.merger.mlp.2.bias', [dm]],
    ['model.embed_tokens.weight', [V, dm]],
  );
  for (let i = 0; i < layers; i++) {
    const l = `model.layers.${i}.`;
    tensors.push(
      [`${l}self_attn.q_proj.weight`, [dm, dm]],
      [`${l}self_attn.q_proj.bias`, [dm]],
      [`${l}self_attn.k_proj.weight`, [kv, dm]],
      [`${l}self_attn.k_proj.bias`, [kv]],
      [`${l}self_attn.v_proj.weight`, [kv, dm]],
      [`${l}self_attn.v_proj.bias`, [kv]],
      [`${l}self_attn.o_proj.weight`, [dm, dm]],
      [`${l}mlp.gate_proj.weight`, [ff, dm]],
      [`${l}mlp.up_proj.weight`, [ff, dm]],
      [`${l}mlp.down_proj.weight`, [dm, ff]],
      [`${l}input_layernorm.weight`, [dm]],
      [`${l}post_attention_layernorm.weight`, [dm]],
    );
  }
  tensors.push(['model.norm.weight', [dm]], ['lm_head.weight', [V, dm]]);
  return tensors;
}

describe('qwen2_vl (Qwen2-VL)', () => {
  const total = elementsOf(checkpoint());

  it('counts the header written from the modeling code', () => {
    const report = deriveModel({ config, source: 'Qwen2-VL-7B sizes' });
    expect(report.model?.className).toBe('Qwen2VLForConditionalGeneration');
    expect(report.total).toBe(BigInt(total));
  });

  it("matches the Hub layout's header name by name", () => {
    const run = verifyHeader(config, checkpoint());
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(total));
  });

  it('reads mlp_ratio as int(embed_dim · mlp_ratio)', () => {
    const ratio = { ...config, vision_config: { ...config.vision_config, mlp_ratio: 2.5 } };
    // fc1/fc2 shrink from 1280×5120 to 1280×3200 in each of the 32 blocks (weights and fc1's bias).
    const fewer = 32 * (2 * 1280 * (5120 - 3200) + (5120 - 3200));
    expect(deriveModel({ config: ratio, source: 'ratio' }).total).toBe(BigInt(total - fewer));
  });

  it('the vision tower and the text model share nothing: the base class lacks only lm_head', () => {
    const report = deriveModel({ config, source: 'base', className: 'Qwen2VLModel' });
    expect(report.total).toBe(BigInt(total - 152064 * 3584));
  });
});
