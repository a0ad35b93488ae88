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

// OLMo 3 (modular_olmo3.py, modeling_olmo3.py). No fixture and no exact published count exists, so
// the totals below are the sums of the tensor shapes written here by hand from the modeling code:
// embed_tokens [V, d]; per layer q/k/v/o_proj, q_norm over n_h·d_h and k_norm over n_kv·d_h, the
// unbiased SwiGLU MLP, post_attention_layernorm and post_feedforward_layernorm (no
// input_layernorm); norm [d]; an untied lm_head [V, d].

/** A 7B-sized OLMo 3 (Olmo3Config's sizes, the vocabulary of 100278 Olmo-3-1025-7B writes). */
const config = {
  architectures: ['Olmo3ForCausalLM'],
  model_type: 'olmo3',
  vocab_size: 100278,
  hidden_size: 4096,
  intermediate_size: 11008,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 32,
  sliding_window: 4096,
  tie_word_embeddings: false,
};

/** Olmo3ForCausalLM's state_dict: d 4096 (n_kv·d_h too), d_ff 11008. */
function tensors(biased: boolean): Tensors {
  const [d, ff, vocab] = [4096, 11008, 100278];
  const bias = (name: string): Tensors => (biased ? [[`${name}.bias`, [d]]] : []);
  return decoderTensors(
    [
      ['model.embed_tokens.weight', [vocab, d]],
      ['model.norm.weight', [d]],
      ['lm_head.weight', [vocab, d]],
    ],
    32,
    () => [
      ...['q', 'k', 'v', 'o'].flatMap(
        (p): Tensors => [[`self_attn.${p}_proj.weight`, [d, d]], ...bias(`self_attn.${p}_proj`)],
      ),
      ['self_attn.q_norm.weight', [d]],
      ['self_attn.k_norm.weight', [d]],
      ['mlp.gate_proj.weight', [ff, d]],
      ['mlp.up_proj.weight', [ff, d]],
      ['mlp.down_proj.weight', [d, ff]],
      ['post_attention_layernorm.weight', [d]],
      ['post_feedforward_layernorm.weight', [d]],
    ],
  );
}

describe('olmo3 (OLMo 3)', () => {
  it("matches a 7B OLMo 3's header by every tensor name and shape", () => {
    const header = tensors(false);
    const run = verifyHeader(config, header);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(header)));
    expect(deriveModel({ config, source: 'olmo3' })).toHaveParams(elementsOf(header));
  });

  it('biases Q, K, V and O alike when attention_bias is on', () => {
    const header = tensors(true);
    const run = verifyHeader({ ...config, attention_bias: true }, header);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(header)));
  });

  it('has no classification or span-head class (the modeling file defines none)', () => {
    const className = 'Olmo3ForSequenceClassification';
    expect(() => deriveModel({ config, source: 'olmo3', className })).toThrow(/Olmo3ForCausalLM/);
    expect(deriveModel({ config, source: 'olmo3', className: 'Olmo3Model' })).toHaveParams(
      elementsOf(tensors(false)) - 100278 * 4096,
    );
  });

  it('caches 24 sliding and 8 global layers of 32 without layer_types, as Olmo3Config lists', () => {
    // Olmo3Config: "sliding_attention" if (i + 1) % 4 != 0, else "full_attention".
    const cache = deriveModel({ config, source: 'olmo3' }).model!.kvCache!;
    expect([cache.sizes.L_local, cache.sizes.L_global]).toEqual([24n, 8n]);
    const allFull = { ...config, layer_types: Array(32).fill('full_attention') };
    expect(deriveModel({ config: allFull, source: 'olmo3' }).model!.kvCache!.entries).toHaveLength(
      1,
    );
  });

  it('is one of the model types tparams list shows', () => {
    expect(runCli(['list']).stdout).toMatch(/\bolmo3\b/);
  });
});
