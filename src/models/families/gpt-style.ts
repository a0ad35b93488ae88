import { mul, num, sym, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { LinearSpec, ModuleSpec } from '../spec/model-spec.js';
import {
  decoderOnlyClass,
  lmHeadModule,
  normFactory,
  SizeBook,
  widthAndVocab,
  tokenEmbeddings,
} from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';

// GPT-2's descendants: a token embedding (and learned positions for some), blocks of LayerNorm →
// attention → (LayerNorm →) MLP, a final LayerNorm, and an LM head. Each family below says only
// what differs, following its modeling file in transformers.

/** `nn.Linear(in, out, bias)`. */
export const linear = (
  key: string,
  label: string,
  inDim: Expr,
  outDim: Expr,
  bias: boolean,
): LinearSpec => ({ kind: 'linear', key, label, in: inDim, out: outDim, bias });

/** What a GPT-2 descendant says of itself: its names, its attention, its norms and head. */
export interface GptStyle {
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

/** Declares a GPT-2 descendant from what differs. */
export function gptStyleFamily(
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
          tokenEmbeddings(style.embeddingNorm ? 'word_embeddings' : 'wte', vocab, d),
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

/** The config field names of GPT-2's lineage. */
export const gptFields = { hidden: 'n_embd', heads: 'n_head', layers: 'n_layer', inner: 'n_inner' };
/** transformers' `attribute_map` of GPT-2's lineage. */
export const gptAliases = {
  n_embd: ['hidden_size'],
  n_layer: ['num_hidden_layers'],
  n_head: ['num_attention_heads'],
  n_positions: ['max_position_embeddings'],
};
