import { add, mul, num, sym } from '../../expr/nodes.js';
import { requireMultiple } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import {
  decoderBase,
  decoderOnlyClass,
  lmHeadModule,
  normFactory,
  SizeBook,
  widthAndVocab,
} from './building-blocks.js';
import { headDimFromWidth } from './llama-like.js';
import type { Family } from './family.js';
import { decoderCache, keysAndValues } from './kv-cache-layout.js';

/**
 * Phi-3 (modeling_phi3.py): Llama's layout with fused projections and no biases: `qkv_proj`
 * d → (n_h + 2·n_kv)·d_h, `o_proj`, `gate_up_proj` d → 2·d_ff, `down_proj`; RMSNorms; untied head.
 */
export const phi3: Family = {
  modelTypes: ['phi3'],
  defaults: {
    vocab_size: 32064,
    hidden_size: 3072,
    intermediate_size: 8192,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null,
    tie_word_embeddings: false,
  },
  classes: [
    'Phi3ForCausalLM',
    'Phi3Model',
    'Phi3ForSequenceClassification',
    'Phi3ForTokenClassification',
  ],
  build(config, className) {
    const sizes = new SizeBook();
    const { d, vocab, hidden, heads } = widthAndVocab(config, sizes);
    const kvHeads = config.optionalSize('num_key_value_heads') ?? heads;
    requireMultiple('num_attention_heads', heads, 'num_key_value_heads', kvHeads);
    const headDim = sizes.bind('d_h', headDimFromWidth(hidden, heads));
    const nh = sizes.bind('n_h', heads);
    const nkv = kvHeads === heads ? nh : sizes.bind('n_kv', kvHeads);
    const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
    const rms = normFactory('rmsnorm', d);
    const layer: ModuleSpec = {
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label: 'layer',
      children: [
        {
          kind: 'group',
          key: 'self_attn',
          name: 'attention',
          label: 'attn',
          role: 'attention',
          children: [
            {
              kind: 'linear',
              key: 'qkv_proj',
              label: 'QKV',
              in: d,
              out: mul(add(nh, mul(num(2), nkv)), headDim),
              bias: false,
            },
            {
              kind: 'linear',
              key: 'o_proj',
              label: 'O',
              in: mul(nh, headDim),
              out: d,
              bias: false,
            },
          ],
        },
        {
          kind: 'group',
          key: 'mlp',
          name: 'gated feed-forward',
          label: 'FFN',
          role: 'mlp',
          children: [
            {
              kind: 'linear',
              key: 'gate_up_proj',
              label: 'gate,up',
              in: d,
              out: mul(num(2), dFF),
              bias: false,
            },
            { kind: 'linear', key: 'down_proj', label: 'down', in: dFF, out: d, bias: false },
          ],
        },
        rms('input_layernorm', 'in'),
        rms('post_attention_layernorm', 'post'),
      ],
    };
    const base = decoderBase({
      key: 'model',
      name: 'Phi3Model',
      embeddingKey: 'embed_tokens',
      layersKey: 'layers',
      vocab,
      d,
      count: sizes.bind('L', config.size('num_hidden_layers')),
      layer,
      finalNorm: rms('norm', 'final'),
    });
    const tied = config.flag('tie_word_embeddings');
    const kvCache = decoderCache(
      config,
      sym('L'),
      config.size('num_hidden_layers'),
      keysAndValues(nkv, headDim),
      'all-when-set',
    );
    return {
      name: className,
      sizes: sizes.sizes,
      kvCache,
      modules: decoderOnlyClass(className, base, {
        d,
        config,
        sizes,
        causalLm: () => lmHeadModule(tied, d, vocab),
      }),
    };
  },
};
