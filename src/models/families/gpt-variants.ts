import { add, mul, num, sym } from '../../expr/nodes.js';
import { keysAndValues } from './kv-cache-layout.js';
import { gptAliases, gptFields, gptStyleFamily, linear } from './gpt-style.js';

/** GPT-J: rotary (no learned positions), one LayerNorm a block, bias-free Q/K/V/O, an untied LM head with a bias. */
export const gptj = gptStyleFamily(
  {
    prefix: 'GPTJ',
    baseKey: 'transformer',
    fields: gptFields,
    singleNorm: true,
    headBias: true,
    mlpKeys: { up: 'fc_in', down: 'fc_out' },
    attention: (_c, _s, d) => ({
      kind: 'attention',
      key: 'attn',
      d,
      bias: { q: false, k: false, v: false, o: false },
      keys: { o: 'out_proj' },
      role: 'attention',
    }),
  },
  {
    modelTypes: ['gptj'],
    defaults: {
      vocab_size: 50400,
      n_positions: 2048,
      n_embd: 4096,
      n_layer: 28,
      n_head: 16,
      n_inner: null, // gpt-j-6b leaves it out: 4 × n_embd
      tie_word_embeddings: false,
    },
    aliases: gptAliases,
  },
);

/** GPT-Neo: learned positions, Q/K/V without bias and an output projection with one; tied head. */
export const gptNeo = gptStyleFamily(
  {
    prefix: 'GPTNeo',
    baseKey: 'transformer',
    fields: {
      hidden: 'hidden_size',
      heads: 'num_heads',
      layers: 'num_layers',
      positions: 'max_position_embeddings',
      inner: 'intermediate_size',
    },
    mlpKeys: { up: 'c_fc', down: 'c_proj' },
    // GPTNeoAttention wraps its GPTNeoSelfAttention as `attention`: parameters are attn.attention.q_proj, ….
    attention: (_c, _s, d) => ({
      kind: 'attention',
      key: 'attn',
      path: 'attn.attention',
      d,
      bias: { q: false, k: false, v: false, o: true },
      keys: { o: 'out_proj' },
      role: 'attention',
    }),
  },
  {
    modelTypes: ['gpt_neo'],
    defaults: {
      vocab_size: 50257,
      max_position_embeddings: 2048,
      hidden_size: 2048,
      num_layers: 24,
      num_heads: 16,
      intermediate_size: null, // gpt-neo-125m leaves it out: 4 × hidden_size
      tie_word_embeddings: true, // gpt-neo-125m leaves it out
    },
    aliases: { num_heads: ['num_attention_heads'], num_layers: ['num_hidden_layers'] },
  },
);

/** GPT-BigCode (StarCoder, SantaCoder): GPT-2 with multi-query attention, `c_attn` of d + 2·d_h. */
export const gptBigcode = gptStyleFamily(
  {
    prefix: 'GPTBigCode',
    baseKey: 'transformer',
    fields: { ...gptFields, positions: 'n_positions' },
    mlpKeys: { up: 'c_fc', down: 'c_proj' },
    attention: (config, sizes, d, heads, hidden) => {
      const kv = config.flag('multi_query') ? sizes.bind('d_h', hidden / heads) : d;
      return {
        kind: 'group',
        key: 'attn',
        name: 'attention',
        label: 'attn',
        role: 'attention',
        children: [
          linear('c_attn', 'QKV', d, add(d, mul(num(2), kv)), true),
          linear('c_proj', 'O', d, d, true),
        ],
      };
    },
    // Multi-query: one key and one value head (d_h wide) shared by every query head.
    kvPerToken: (config, d) =>
      config.flag('multi_query') ? keysAndValues(sym('d_h')) : keysAndValues(d),
  },
  {
    modelTypes: ['gpt_bigcode'],
    defaults: {
      vocab_size: 50257,
      n_positions: 1024,
      n_embd: 768,
      n_layer: 12,
      n_head: 12,
      n_inner: null, // none: 4 × n_embd
      multi_query: true, // one key/value head shared by every query head
      tie_word_embeddings: true,
    },
    aliases: gptAliases,
  },
);

/** BLOOM: ALiBi (no learned positions), a LayerNorm after the word embeddings, fused biased QKV; tied head. */
export const bloom = gptStyleFamily(
  {
    prefix: 'Bloom',
    baseKey: 'transformer',
    fields: { hidden: 'hidden_size', heads: 'n_head', layers: 'n_layer' },
    normKeys: ['input_layernorm', 'post_attention_layernorm'],
    embeddingNorm: true,
    mlpKeys: { up: 'dense_h_to_4h', down: 'dense_4h_to_h' },
    attention: (_c, _s, d) => ({
      kind: 'group',
      key: 'self_attention',
      name: 'attention',
      label: 'attn',
      role: 'attention',
      children: [
        linear('query_key_value', 'QKV', d, mul(num(3), d), true),
        linear('dense', 'O', d, d, true),
      ],
    }),
  },
  {
    modelTypes: ['bloom'],
    // BloomConfig's defaults are a tiny test model; `n_embed` is the name real configs use for the width.
    defaults: {
      vocab_size: 250880,
      hidden_size: 64,
      n_layer: 2,
      n_head: 8,
      tie_word_embeddings: true, // bloom-560m leaves it out
    },
    aliases: {
      hidden_size: ['n_embed'],
      n_layer: ['num_hidden_layers'],
      n_head: ['num_attention_heads'],
    },
    classes: [
      'BloomForCausalLM',
      'BloomModel',
      'BloomForSequenceClassification',
      'BloomForTokenClassification',
      'BloomForQuestionAnswering',
    ],
  },
);
