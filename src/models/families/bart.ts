import { add, num } from '../../expr/nodes.js';
import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { lmHeadModule, normFactory, SizeBook, tokenEmbeddings } from './building-blocks.js';
import { seq2seqLayers } from './seq2seq-layers.js';
import type { Family } from './family.js';
import { keysAndValues, seq2seqCache } from './kv-cache-layout.js';

/**
 * BART, mBART and Marian (modeling_bart.py, modeling_mbart.py, modeling_marian.py): a `shared`
 * token embedding that encoder, decoder and the tied LM head all use (counted once); each stack has
 * its position table, its layers (self-attention with biased q/k/v/out, fc1/fc2, LayerNorms; the
 * decoder adds cross-attention) and what the lineage adds. `final_logits_bias` is a buffer, not a
 * parameter. What differs between the three is data:
 */
interface Seq2SeqDescription {
  modelTypes: string[];
  prefix: string;
  defaults: RawConfig;
  /**
   * Position tables: learned with BART's offset of 2 rows (`max_position_embeddings + 2`), or
   * Marian's sinusoids, an `nn.Embedding` whose frozen weight is still a parameter.
   */
  positions: 'learned-offset' | 'sinusoidal';
  /** `layernorm_embedding` after the embeddings of each stack (BART, mBART). */
  embeddingNorm: boolean;
  /** A final `layer_norm` at the end of each stack (mBART's pre-norm layers). */
  finalNorm: boolean;
  /** The conditional-generation class name (`BartForConditionalGeneration`, `MarianMTModel`). */
  generationClass: string;
  /** Whether the family has sequence-classification and question-answering heads. */
  taskHeads: boolean;
}

function seq2seqFamily(o: Seq2SeqDescription): Family {
  const p = o.prefix;
  return {
    modelTypes: o.modelTypes,
    defaults: o.defaults,
    aliases: { d_model: ['hidden_size'], encoder_attention_heads: ['num_attention_heads'] },
    classes: [
      o.generationClass,
      `${p}Model`,
      `${p}ForCausalLM`,
      ...(o.taskHeads ? [`${p}ForSequenceClassification`, `${p}ForQuestionAnswering`] : []),
    ],
    build: (config, className) => buildSeq2Seq(o, config, className),
  };
}

function buildSeq2Seq(o: Seq2SeqDescription, config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const d = sizes.bind('d_model', config.size('d_model'));
  const vocab = sizes.bind('V', config.size('vocab_size'));
  const maxPositions = config.size('max_position_embeddings');
  const positions =
    o.positions === 'learned-offset'
      ? add(sizes.bind('P', maxPositions), num(2))
      : sizes.bind('P', maxPositions);
  const layer = seq2seqLayers(config, sizes, d, { keyBias: true });
  const ln = normFactory('layernorm', d);
  const positionTable = (decoder: boolean): ModuleSpec => ({
    kind: 'embedding',
    key: 'embed_positions',
    name:
      o.positions === 'sinusoidal'
        ? 'sinusoidal positions (frozen, still a parameter)'
        : 'position embeddings (2 offset rows)',
    label: decoder ? 'pos,dec' : 'pos,enc',
    role: 'position-embedding',
    rows: positions,
    dim: d,
  });
  const stack = (decoder: boolean, tokens: ModuleSpec): ModuleSpec => ({
    kind: 'group',
    key: decoder ? 'decoder' : 'encoder',
    name: decoder ? 'decoder' : 'encoder',
    label: decoder ? 'dec' : 'enc',
    children: [
      tokens,
      positionTable(decoder),
      {
        kind: 'repeat',
        key: 'layers',
        name: decoder ? 'decoder layers' : 'encoder layers',
        label: decoder ? 'dec layers' : 'enc layers',
        count: sizes.bind(
          decoder ? 'L_dec' : 'L_enc',
          config.size(decoder ? 'decoder_layers' : 'encoder_layers'),
        ),
        child: layer(decoder),
      },
      ...(o.embeddingNorm ? [ln('layernorm_embedding', decoder ? 'emb,dec' : 'emb,enc')] : []),
      ...(o.finalNorm ? [ln('layer_norm', decoder ? 'final,dec' : 'final,enc')] : []),
    ],
  });
  const sharedToken = (decoder: boolean): ModuleSpec => ({
    kind: 'shared',
    key: 'embed_tokens',
    name: 'token embeddings (shared)',
    label: decoder ? 'tok,dec' : 'tok,enc',
    reason: 'the shared embedding, counted once',
  });
  const tokenTable: ModuleSpec = tokenEmbeddings('embed_tokens', vocab, d);
  const tied = config.flag('tie_word_embeddings');
  const kvCache = seq2seqCache(keysAndValues(d), { cross: true });

  if (className === `${o.prefix}ForCausalLM`) {
    // The decoder alone, with its own token table, and an LM head tied to it.
    const decoder: ModuleSpec = {
      kind: 'group',
      key: 'model',
      name: 'decoder wrapper',
      label: 'base',
      children: [stack(true, tokenTable)],
    };
    return {
      name: className,
      sizes: sizes.sizes,
      kvCache: seq2seqCache(keysAndValues(d), { cross: false }),
      modules: [decoder, lmHeadModule(tied, d, vocab)],
    };
  }
  const model: ModuleSpec[] = [
    {
      kind: 'embedding',
      key: 'shared',
      name: 'shared token embeddings',
      label: 'tok',
      role: 'token-embedding',
      rows: vocab,
      dim: d,
    },
    stack(false, sharedToken(false)),
    stack(true, sharedToken(true)),
  ];
  if (o.positions === 'sinusoidal' && !config.flag('share_encoder_decoder_embeddings')) {
    // Marian with separate vocabularies: each stack its own table, the head tied to the decoder's.
    const decoderVocab = sizes.bind(
      'V_dec',
      config.optionalSize('decoder_vocab_size') ?? config.size('vocab_size'),
    );
    model.splice(
      0,
      3,
      stack(false, tokenTable),
      stack(true, { ...tokenTable, rows: decoderVocab, label: 'tok,dec' } as ModuleSpec),
    );
    if (className === o.generationClass) {
      const base: ModuleSpec = {
        kind: 'group',
        key: 'model',
        name: `${o.prefix}Model`,
        label: 'base',
        children: model,
      };
      return {
        name: className,
        sizes: sizes.sizes,
        kvCache,
        modules: [base, lmHeadModule(tied, d, decoderVocab)],
      };
    }
  }
  if (className === `${o.prefix}Model`)
    return { name: className, sizes: sizes.sizes, kvCache, modules: model };
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: `${o.prefix}Model`,
    label: 'base',
    children: model,
  };
  const heads: Record<string, () => ModuleSpec[]> = {
    [o.generationClass]: () => [lmHeadModule(tied, d, vocab)],
    [`${o.prefix}ForSequenceClassification`]: () => [
      {
        kind: 'group',
        key: 'classification_head',
        name: 'classification head',
        label: 'cls',
        role: 'head',
        children: [
          { kind: 'linear', key: 'dense', label: 'cls', in: d, out: d, bias: true },
          {
            kind: 'linear',
            key: 'out_proj',
            label: 'out',
            in: d,
            out: sizes.bind('n_labels', config.numLabels()),
            bias: true,
          },
        ],
      },
    ],
    [`${o.prefix}ForQuestionAnswering`]: () => [
      {
        kind: 'linear',
        key: 'qa_outputs',
        name: 'span head',
        label: 'qa',
        role: 'head',
        in: d,
        out: num(2),
        bias: true,
      } as ModuleSpec,
    ],
  };
  const top = heads[className]!();
  return { name: className, sizes: sizes.sizes, kvCache, modules: [base, ...top] };
}

const bartDefaults = {
  vocab_size: 50265,
  max_position_embeddings: 1024,
  d_model: 1024,
  encoder_layers: 12,
  encoder_ffn_dim: 4096,
  encoder_attention_heads: 16,
  decoder_layers: 12,
  decoder_ffn_dim: 4096,
  decoder_attention_heads: 16,
  tie_word_embeddings: true, // bart-base, bart-large leave it out
};

/** BART: learned positions with 2 offset rows, `layernorm_embedding` in each stack, no final norms. */
export const bart = seq2seqFamily({
  modelTypes: ['bart'],
  prefix: 'Bart',
  defaults: bartDefaults,
  positions: 'learned-offset',
  embeddingNorm: true,
  finalNorm: false,
  generationClass: 'BartForConditionalGeneration',
  taskHeads: true,
});

/** mBART: BART's tables with pre-norm layers, so each stack ends in its own `layer_norm`. */
export const mbart = seq2seqFamily({
  modelTypes: ['mbart'],
  prefix: 'MBart',
  defaults: bartDefaults,
  positions: 'learned-offset',
  embeddingNorm: true,
  finalNorm: true,
  generationClass: 'MBartForConditionalGeneration',
  taskHeads: true,
});

/** Marian (opus-mt): sinusoidal position tables, no embedding norm, no final norms; MarianConfig defaults to a 58,101-token vocabulary. */
export const marian = seq2seqFamily({
  modelTypes: ['marian'],
  prefix: 'Marian',
  defaults: {
    ...bartDefaults,
    vocab_size: 58101,
    decoder_vocab_size: null, // none: vocab_size
    share_encoder_decoder_embeddings: true,
  },
  positions: 'sinusoidal',
  embeddingNorm: false,
  finalNorm: false,
  generationClass: 'MarianMTModel',
  taskHeads: false,
});
