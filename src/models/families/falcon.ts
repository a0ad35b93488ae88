import { add, mul, num, sym, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import {
  decoderBase,
  decoderOnlyClass,
  normFactory,
  SizeBook,
  widthAndVocab,
} from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';
import { fusedAttention } from './parts/attention-kinds.js';

/**
 * Falcon (modeling_falcon.py). The fused `query_key_value` projection has three layouts:
 * `new_decoder_architecture`: (2·n_kv + n_h)·d_h outputs; `multi_query`: d + 2·d_h (one shared K/V
 * head); otherwise 3d. `bias` (default false) applies to every linear layer. Norms: two per layer
 * without `parallel_attn`; with it, `ln_attn` and `ln_mlp` when `num_ln_in_parallel_attn` is 2 (the
 * default for the new architecture), else one `input_layernorm`. The head is tied by default.
 */
export const falcon: Family = {
  modelTypes: ['falcon', 'RefinedWeb', 'RefinedWebModel'],
  defaults: {
    vocab_size: 65024,
    hidden_size: 4544,
    num_hidden_layers: 32,
    num_attention_heads: 71,
    num_kv_heads: null, // falcon-7b leaves it out; only new_decoder_architecture reads it
    multi_query: true,
    parallel_attn: true,
    bias: false,
    new_decoder_architecture: false,
    num_ln_in_parallel_attn: null, // falcon-7b leaves it out: 2 with the new architecture, else 1
    ffn_hidden_size: null, // falcon-7b leaves it out: 4 × hidden_size
    tie_word_embeddings: true, // falcon-7b leaves it out
  },
  aliases: {
    num_hidden_layers: ['n_layer'],
    num_attention_heads: ['n_head'],
    num_kv_heads: ['n_head_kv'],
  },
  classes: [
    'FalconForCausalLM',
    'FalconModel',
    'FalconForSequenceClassification',
    'FalconForTokenClassification',
    'FalconForQuestionAnswering',
  ],
  build(config, className) {
    const sizes = new SizeBook();
    const { hidden, heads, d, vocab } = widthAndVocab(config, sizes);
    const bias = config.flag('bias');
    const ffn = config.optionalSize('ffn_hidden_size');
    const dFF = ffn === undefined ? mul(num(4), d) : sizes.bind('d_ff', ffn);
    const ln = normFactory('layernorm', d);
    const layer: ModuleSpec = {
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label: 'layer',
      children: [
        fusedAttention({
          key: 'self_attention',
          names: { qkv: 'query_key_value', out: 'dense' },
          d,
          qkvWidth: fusedQkvWidth(config, sizes, d, heads, hidden / heads),
          outIn: d,
          bias: { qkv: bias, out: bias },
        }),
        {
          kind: 'mlp',
          key: 'mlp',
          d,
          dFF,
          gated: false,
          bias,
          keys: { up: 'dense_h_to_4h', down: 'dense_4h_to_h' },
          role: 'mlp',
        },
        ...layerNorms(config).map(([key, label]) => ln(key, label)),
      ],
    };
    const base = decoderBase({
      key: 'transformer',
      name: 'FalconModel',
      embeddingKey: 'word_embeddings',
      layersKey: 'h',
      vocab,
      d,
      count: sizes.bind('L', config.size('num_hidden_layers')),
      layer,
      finalNorm: ln('ln_f', 'final'),
    });
    const tied = config.flag('tie_word_embeddings');
    return {
      name: className,
      sizes: sizes.sizes,
      kvCache: selfCache(sym('L'), falconCachePerToken(config, d)),
      modules: decoderOnlyClass(className, base, {
        d,
        config,
        sizes,
        vocab,
        tied,
      }),
    };
  },
};

/** What a token caches in a layer: `2·n_kv·d_h` (new architecture), one key/value head (multi-query), or `2·d`. */
function falconCachePerToken(config: ConfigFields, d: Expr): Expr {
  if (config.flag('new_decoder_architecture')) return keysAndValues(sym('n_kv'), sym('d_h'));
  if (config.flag('multi_query')) return keysAndValues(sym('d_h'));
  return keysAndValues(d);
}

function fusedQkvWidth(
  config: ConfigFields,
  sizes: SizeBook,
  d: Expr,
  heads: bigint,
  headDim: bigint,
): Expr {
  const dh = () => sizes.bind('d_h', headDim);
  if (config.flag('new_decoder_architecture')) {
    const kvHeads = config.optionalSize('num_kv_heads') ?? heads;
    return mul(add(mul(num(2), sizes.bind('n_kv', kvHeads)), sizes.bind('n_h', heads)), dh());
  }
  if (config.flag('multi_query')) return add(d, mul(num(2), dh()));
  return mul(num(3), d);
}

function layerNorms(config: ConfigFields): Array<[string, string]> {
  if (!config.flag('parallel_attn'))
    return [
      ['input_layernorm', 'LN1'],
      ['post_attention_layernorm', 'LN2'],
    ];
  const declared = config.optionalSize('num_ln_in_parallel_attn');
  const count = declared ?? (config.flag('new_decoder_architecture') ? 2n : undefined);
  return count === 2n
    ? [
        ['ln_attn', 'LN,attn'],
        ['ln_mlp', 'LN,mlp'],
      ]
    : [['input_layernorm', 'LN']];
}
