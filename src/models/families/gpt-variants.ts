import { add, mul, num, sym, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { LinearSpec, ModuleSpec } from '../spec/model-spec.js';
import {
  decoderOnlyClass,
  lmHeadModule,
  normFactory,
  SizeBook,
  widthAndVocab,
} from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';

// GPT-2's descendants: a token embedding (and learned positions for some), blocks of LayerNorm →
// attention → (LayerNorm →) MLP, a final LayerNorm, and an LM head. Each family below says only
// what differs, following its modeling file in transformers.

const linear = (
  key: string,
  label: string,
  inDim: Expr,
  outDim: Expr,
  bias: boolean,
): LinearSpec => ({ kind: 'linear', key, label, in: inDim, out: outDim, bias });

interface GptStyle {
  prefix: string;
  /** Module name of the base model in the class (`transformer`). */
  baseKey: string;
  /** Config field names; without `positions` there are no learned positions, without `inner` the MLP is 4d wide. */
  fields: { hidden: string; heads: string; layers: string; positions?: string; inner?: string };
  /** Module names of a block's two LayerNorms (default ln_1, ln_2). */
  normKeys?: [string, string];
  attention(
    config: ConfigFields,
    sizes: SizeBook,
    d: Expr,
    heads: bigint,
    hidden: bigint,
  ): ModuleSpec;
  mlpKeys: { up: string; down: string };
  /** One LayerNorm a block (GPT-J's parallel attention and MLP) instead of two. */
  singleNorm?: boolean;
  /** BLOOM's LayerNorm right after the word embeddings. */
  embeddingNorm?: boolean;
  headBias?: boolean;
  /** Elements a token caches in one layer (default `2·d`: a key and a value as wide as the model). */
  kvPerToken?(config: ConfigFields, d: Expr): Expr;
}

function gptStyleFamily(
  style: GptStyle,
  family: Omit<Family, 'build' | 'classes'> & { classes?: string[] },
): Family {
  const p = style.prefix;
  return {
    ...family,
    classes: family.classes ?? [
      `${p}ForCausalLM`,
      `${p}Model`,
      `${p}ForSequenceClassification`,
      `${p}ForTokenClassification`,
      `${p}ForQuestionAnswering`,
    ],
    build(config, className) {
      const sizes = new SizeBook();
      const { d, vocab, hidden, heads } = widthAndVocab(config, sizes, {
        hidden: style.fields.hidden,
        heads: style.fields.heads,
      });
      const inner = style.fields.inner ? config.optionalSize(style.fields.inner) : undefined;
      const [firstNorm, secondNorm] = style.normKeys ?? ['ln_1', 'ln_2'];
      const dFF = inner === undefined ? mul(num(4), d) : sizes.bind('d_ff', inner);
      const ln = normFactory('layernorm', d);
      const block: ModuleSpec = {
        kind: 'group',
        key: 'h',
        name: 'transformer block',
        label: 'block',
        children: [
          ln(firstNorm, 'LN1'),
          style.attention(config, sizes, d, heads, hidden),
          ...(style.singleNorm ? [] : [ln(secondNorm, 'LN2')]),
          {
            kind: 'mlp',
            key: 'mlp',
            name: 'MLP',
            d,
            dFF,
            gated: false,
            bias: true,
            keys: style.mlpKeys,
            role: 'mlp',
          },
        ],
      };
      const positions: ModuleSpec[] = style.fields.positions
        ? [
            {
              kind: 'embedding',
              key: 'wpe',
              name: 'position embeddings',
              label: 'pos',
              role: 'position-embedding',
              rows: sizes.bind('P', config.size(style.fields.positions)),
              dim: d,
            },
          ]
        : [];
      const base: ModuleSpec = {
        kind: 'group',
        key: style.baseKey,
        name: `${style.prefix}Model`,
        label: 'base',
        children: [
          {
            kind: 'embedding',
            key: style.embeddingNorm ? 'word_embeddings' : 'wte',
            name: 'token embeddings',
            label: 'tok',
            role: 'token-embedding',
            rows: vocab,
            dim: d,
          },
          ...positions,
          ...(style.embeddingNorm ? [ln('word_embeddings_layernorm', 'LN,emb')] : []),
          {
            kind: 'repeat',
            key: 'h',
            name: 'blocks',
            label: 'layers',
            count: sizes.bind('L', config.size(style.fields.layers)),
            child: block,
          },
          ln('ln_f', 'final'),
        ],
      };
      const tied = config.flag('tie_word_embeddings');
      const kvCache = selfCache(sym('L'), style.kvPerToken?.(config, d) ?? keysAndValues(d));
      return {
        name: className,
        sizes: sizes.sizes,
        kvCache,
        modules: decoderOnlyClass(className, base, {
          d,
          config,
          sizes,
          causalLm: () => lmHeadModule(tied, d, vocab, { bias: style.headBias ?? false }),
        }),
      };
    },
  };
}

const gptFields = { hidden: 'n_embd', heads: 'n_head', layers: 'n_layer', inner: 'n_inner' };
const gptAliases = {
  n_embd: ['hidden_size'],
  n_layer: ['num_hidden_layers'],
  n_head: ['num_attention_heads'],
  n_positions: ['max_position_embeddings'],
};

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
      n_inner: null,
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
      intermediate_size: null,
      tie_word_embeddings: true,
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
      n_inner: null,
      multi_query: true,
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
      tie_word_embeddings: true,
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
