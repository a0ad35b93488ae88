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

// SmolLM3 (modeling_smollm3.py). No fixture and no exact published count exists for SmolLM3-3B
// (its card says "3B"), so the totals below are the sums of the tensor shapes written here by hand
// from the modeling code: embed_tokens [V, d]; per layer q/k/v/o_proj (k, v over n_kv·d_h), the
// SwiGLU MLP and two RMSNorms; norm [d]; lm_head tied to the embedding, so never saved.

/** SmolLM3-3B's sizes (HuggingFaceTB/SmolLM3-3B config.json; SmolLM3Config's defaults too). */
const config = {
  architectures: ['SmolLM3ForCausalLM'],
  model_type: 'smollm3',
  vocab_size: 128256,
  hidden_size: 2048,
  intermediate_size: 11008,
  num_hidden_layers: 36,
  num_attention_heads: 16,
  num_key_value_heads: 4,
  no_rope_layer_interval: 4,
  use_sliding_window: false,
  sliding_window: null,
  tie_word_embeddings: true,
};

/** SmolLM3ForCausalLM's state_dict: d 2048, d_h 128, n_kv·d_h 512, d_ff 11008. */
function tensors(biased: boolean): Tensors {
  const [d, kv, ff, vocab] = [2048, 512, 11008, 128256];
  const bias = (name: string, n: number): Tensors => (biased ? [[`${name}.bias`, [n]]] : []);
  return decoderTensors(
    [
      ['model.embed_tokens.weight', [vocab, d]],
      ['model.norm.weight', [d]],
    ],
    36,
    () => [
      ['self_attn.q_proj.weight', [d, d]],
      ...bias('self_attn.q_proj', d),
      ['self_attn.k_proj.weight', [kv, d]],
      ...bias('self_attn.k_proj', kv),
      ['self_attn.v_proj.weight', [kv, d]],
      ...bias('self_attn.v_proj', kv),
      ['self_attn.o_proj.weight', [d, d]],
      ...bias('self_attn.o_proj', d),
      ['mlp.gate_proj.weight', [ff, d]],
      ['mlp.up_proj.weight', [ff, d]],
      ['mlp.down_proj.weight', [d, ff]],
      ['input_layernorm.weight', [d]],
      ['post_attention_layernorm.weight', [d]],
    ],
  );
}

describe('smollm3 (SmolLM3)', () => {
  it("matches SmolLM3-3B's header by every tensor name and shape", () => {
    const header = tensors(false);
    const run = verifyHeader(config, header);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(header)));
  });

  it('counts the sum of those shapes, NoPE layers changing none', () => {
    const noRope = { ...config, no_rope_layers: Array.from({ length: 36 }, (_, i) => i % 2) };
    expect(deriveModel({ config, source: 'SmolLM3-3B' })).toHaveParams(elementsOf(tensors(false)));
    expect(deriveModel({ config: noRope, source: 'x' })).toHaveParams(elementsOf(tensors(false)));
  });

  it('biases Q, K, V and O alike when attention_bias is on', () => {
    const biased = { ...config, attention_bias: true };
    const header = tensors(true);
    const run = verifyHeader(biased, header);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(header)));
  });

  it('is one of the model types tparams list shows', () => {
    expect(runCli(['list']).stdout).toMatch(/\bsmollm3\b/);
  });
});
