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

// EXAONE 4.0 (modular_exaone4.py). No fixture and no exact published count exists (the card says
// 32B), so the totals below are the sums of the tensor shapes written here by hand from the
// modeling code: embed_tokens [V, d]; per layer unbiased q/k/v/o_proj, q_norm and k_norm over d_h,
// the unbiased SwiGLU MLP, post_attention_layernorm and post_feedforward_layernorm (OLMo 2's
// layer: no input_layernorm); norm [d]; an untied lm_head [V, d].

/** A 32B-sized EXAONE 4.0: d 5120, 40 heads of 128, 8 key/value heads, d_ff 27392, 64 layers. */
const config = {
  architectures: ['Exaone4ForCausalLM'],
  model_type: 'exaone4',
  vocab_size: 102400,
  hidden_size: 5120,
  intermediate_size: 27392,
  num_hidden_layers: 64,
  num_attention_heads: 40,
  num_key_value_heads: 8,
  head_dim: 128,
  sliding_window: 4096,
  sliding_window_pattern: 'LLLG',
  layer_types: Array.from({ length: 64 }, (_, i) =>
    (i + 1) % 4 ? 'sliding_attention' : 'full_attention',
  ),
  tie_word_embeddings: false,
};

/** Exaone4ForCausalLM's state_dict: n_h·d_h 5120, n_kv·d_h 1024. */
const tensors: Tensors = decoderTensors(
  [
    ['model.embed_tokens.weight', [102400, 5120]],
    ['model.norm.weight', [5120]],
    ['lm_head.weight', [102400, 5120]],
  ],
  64,
  () => [
    ['self_attn.q_proj.weight', [5120, 5120]],
    ['self_attn.k_proj.weight', [1024, 5120]],
    ['self_attn.v_proj.weight', [1024, 5120]],
    ['self_attn.o_proj.weight', [5120, 5120]],
    ['self_attn.q_norm.weight', [128]],
    ['self_attn.k_norm.weight', [128]],
    ['mlp.gate_proj.weight', [27392, 5120]],
    ['mlp.up_proj.weight', [27392, 5120]],
    ['mlp.down_proj.weight', [5120, 27392]],
    ['post_attention_layernorm.weight', [5120]],
    ['post_feedforward_layernorm.weight', [5120]],
  ],
);

describe('exaone4 (EXAONE 4.0)', () => {
  it("matches a 32B EXAONE 4.0's header by every tensor name and shape", () => {
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
    expect(deriveModel({ config, source: 'exaone4' })).toHaveParams(elementsOf(tensors));
  });

  it('reads the sliding layers from layer_types, else one global layer in four', () => {
    const listed = deriveModel({ config, source: 'exaone4' }).model!.kvCache!;
    expect([listed.sizes.L_local, listed.sizes.L_global]).toEqual([48n, 16n]);
    const { layer_types: _, sliding_window_pattern: __, ...unlisted } = config;
    const derived = deriveModel({ config: unlisted, source: 'exaone4' }).model!.kvCache!;
    expect([derived.sizes.L_local, derived.sizes.L_global]).toEqual([48n, 16n]);
  });

  it('is one of the model types tparams list shows', () => {
    expect(runCli(['list']).stdout).toMatch(/\bexaone4\b/);
  });
});
