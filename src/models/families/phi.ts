import { sym } from '../../expr/nodes.js';
import { headDimFromWidth } from './llama-like.js';
import { requireMultiple } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import { decoderBase, decoderOnlyClass, lmHeadModule, SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';

/**
 * Phi-1/1.5/2 (modeling_phi.py): attention and MLP in parallel after one LayerNorm; Q, K, V and
 * `dense` all biased; optional per-head LayerNorms on Q and K (`qk_layernorm`); fc1/fc2 with biases;
 * `final_layernorm`; an LM head with a bias, untied by default. Partial rotary adds no parameters.
 */
export const phi: Family = {
  modelTypes: ['phi'],
  defaults: {
    vocab_size: 51200,
    hidden_size: 2048,
    intermediate_size: 8192,
    num_hidden_layers: 24,
    num_attention_heads: 32,
    num_key_value_heads: null,
    qk_layernorm: false,
    tie_word_embeddings: false,
  },
  classes: [
    'PhiForCausalLM',
    'PhiModel',
    'PhiForSequenceClassification',
    'PhiForTokenClassification',
  ],
  build(config, className) {
    const sizes = new SizeBook();
    const hidden = config.size('hidden_size');
    const heads = config.size('num_attention_heads');
    const kvHeads = config.optionalSize('num_key_value_heads') ?? heads;
    requireMultiple('num_attention_heads', heads, 'num_key_value_heads', kvHeads);
    const d = sizes.bind('d_model', hidden);
    const vocab = sizes.bind('V', config.size('vocab_size'));
    const headDim = sizes.bind('d_h', headDimFromWidth(hidden, heads));
    const layer: ModuleSpec = {
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label: 'layer',
      children: [
        {
          kind: 'attention',
          key: 'self_attn',
          d,
          role: 'attention',
          heads: sizes.bind('n_h', heads),
          kvHeads: kvHeads === heads ? sizes.bind('n_h', heads) : sizes.bind('n_kv', kvHeads),
          headDim,
          bias: { q: true, k: true, v: true, o: true },
          keys: { o: 'dense' },
          ...(config.flag('qk_layernorm')
            ? { qkNorm: { type: 'layernorm' as const, qDim: headDim, kDim: headDim } }
            : {}),
        },
        {
          kind: 'mlp',
          key: 'mlp',
          d,
          dFF: sizes.bind('d_ff', config.size('intermediate_size')),
          gated: false,
          bias: true,
          keys: { up: 'fc1', down: 'fc2' },
          role: 'mlp',
        },
        {
          kind: 'norm',
          type: 'layernorm',
          key: 'input_layernorm',
          label: 'LN',
          dim: d,
          role: 'norm',
        },
      ],
    };
    const base = decoderBase({
      key: 'model',
      name: 'PhiModel',
      embeddingKey: 'embed_tokens',
      layersKey: 'layers',
      vocab,
      d,
      count: sizes.bind('L', config.size('num_hidden_layers')),
      layer,
      finalNorm: {
        kind: 'norm',
        type: 'layernorm',
        key: 'final_layernorm',
        label: 'final',
        dim: d,
        role: 'norm',
      },
    });
    const tied = config.flag('tie_word_embeddings');
    return {
      name: className,
      sizes: sizes.sizes,
      kvCache: selfCache(
        sym('L'),
        keysAndValues(kvHeads === heads ? sym('n_h') : sym('n_kv'), headDim),
      ),
      modules: decoderOnlyClass(className, base, {
        d,
        config,
        sizes,
        causalLm: () => lmHeadModule(tied, d, vocab, { bias: true }),
      }),
    };
  },
};
