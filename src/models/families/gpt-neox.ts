import { mul, num, sym } from '../../expr/nodes.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import {
  decoderBase,
  decoderOnlyClass,
  lmHeadModule,
  normFactory,
  SizeBook,
  widthAndVocab,
} from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';
import { fusedAttention } from './parts/attention-kinds.js';

/**
 * GPT-NeoX / Pythia (modeling_gpt_neox.py): `embed_in`; each layer has two LayerNorms, a fused
 * `query_key_value` (d → 3d) and `dense`, with biases when `attention_bias` (default true), and an MLP
 * `dense_h_to_4h`/`dense_4h_to_h`; `final_layer_norm`; an untied `embed_out` by default.
 * Parallel residuals and partial rotary change the computation, not the parameters.
 */
export const gptNeox: Family = {
  modelTypes: ['gpt_neox'],
  defaults: {
    vocab_size: 50432,
    hidden_size: 6144,
    num_hidden_layers: 44,
    num_attention_heads: 64,
    intermediate_size: 24576,
    attention_bias: true, // pythia-160m, pythia-1.4b leave it out
    tie_word_embeddings: false,
  },
  classes: [
    'GPTNeoXForCausalLM',
    'GPTNeoXModel',
    'GPTNeoXForSequenceClassification',
    'GPTNeoXForTokenClassification',
    'GPTNeoXForQuestionAnswering',
  ],
  build(config, className) {
    const sizes = new SizeBook();
    const { d, vocab } = widthAndVocab(config, sizes);
    const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
    const bias = config.flag('attention_bias');
    const ln = normFactory('layernorm', d);
    const layer: ModuleSpec = {
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label: 'layer',
      children: [
        ln('input_layernorm', 'LN1'),
        ln('post_attention_layernorm', 'LN2'),
        fusedAttention({
          key: 'attention',
          names: { qkv: 'query_key_value', out: 'dense' },
          d,
          qkvWidth: mul(num(3), d),
          outIn: d,
          bias: { qkv: bias, out: bias },
        }),
        {
          kind: 'mlp',
          key: 'mlp',
          d,
          dFF,
          gated: false,
          bias: true,
          keys: { up: 'dense_h_to_4h', down: 'dense_4h_to_h' },
          role: 'mlp',
        },
      ],
    };
    const base = decoderBase({
      key: 'gpt_neox',
      name: 'GPTNeoXModel',
      embeddingKey: 'embed_in',
      layersKey: 'layers',
      vocab,
      d,
      count: sizes.bind('L', config.size('num_hidden_layers')),
      layer,
      finalNorm: ln('final_layer_norm', 'final'),
    });
    const tied = config.flag('tie_word_embeddings');
    return {
      name: className,
      sizes: sizes.sizes,
      kvCache: selfCache(sym('L'), keysAndValues(d)),
      modules: decoderOnlyClass(className, base, {
        d,
        config,
        sizes,
        causalLm: () => lmHeadModule(tied, d, vocab, { key: 'embed_out' }),
      }),
    };
  },
};
