import { mul, num, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { normFactory, SizeBook, widthAndVocab } from './building-blocks.js';
import type { Family } from './family.js';
import {
  linear,
  mlmDecoder,
  mlmOutputBias,
  positionEmbeddings,
  tokenTypeEmbeddings,
  wordEmbeddings,
} from './parts/encoder-parts.js';

/**
 * DeBERTa-v2 and v3 (modeling_deberta_v2.py, model_type `deberta-v2`). Embeddings: words at
 * `embedding_size` (default the width), an absolute position table only when
 * `position_biased_input`, token types only when `type_vocab_size` > 0, `embed_proj` (no bias) when
 * the embedding is narrower, a LayerNorm. Disentangled attention adds, when `relative_attention`:
 * one shared table of 2·k relative positions (k = `position_buckets`, else `max_relative_positions`,
 * else `max_position_embeddings`), its LayerNorm when `norm_rel_ebd` says `layer_norm`, and in every
 * layer `pos_key_proj` (c2p) and `pos_query_proj` (p2c) unless `share_att_key`. An optional Conv1d
 * layer (`conv_kernel_size`). No pooler in the model; classifiers pool with a dense layer.
 */
export const debertaV2: Family = {
  modelTypes: ['deberta-v2'],
  // DebertaV2Config's defaults are DeBERTa-v2-xlarge's shapes; the other fields are read with getattr defaults.
  defaults: {
    vocab_size: 128100,
    hidden_size: 1536,
    num_hidden_layers: 24,
    num_attention_heads: 24,
    intermediate_size: 6144,
    max_position_embeddings: 512,
    type_vocab_size: 0,
    relative_attention: false,
    max_relative_positions: -1, // below 1: max_position_embeddings
    position_buckets: -1, // below 1: no buckets, max_relative_positions decides
    position_biased_input: true,
    pos_att_type: null,
    share_att_key: false,
    norm_rel_ebd: 'none', // no LayerNorm on the relative embeddings
    conv_kernel_size: 0, // deberta-v3-base leaves it out: no convolution layer
    conv_groups: 1, // deberta-v3-base leaves it out
    embedding_size: null, // deberta-v3-base leaves it out: the width
    pooler_hidden_size: null, // deberta-v3-base leaves it out: the width
    tie_word_embeddings: true, // deberta-v3-base leaves it out
  },
  classes: [
    'DebertaV2Model',
    'DebertaV2ForMaskedLM',
    'DebertaV2ForSequenceClassification',
    'DebertaV2ForTokenClassification',
    'DebertaV2ForQuestionAnswering',
    'DebertaV2ForMultipleChoice',
  ],
  build: buildDeberta,
};

/** A whole number field that may be negative or absent (DeBERTa's `-1` means "not set"). */
function integer(config: ConfigFields, name: string): number {
  const value = config.value(name);
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : -1;
}

function buildDeberta(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { hidden, d, vocab } = widthAndVocab(config, sizes);
  const embeddingSize = config.optionalSize('embedding_size') ?? hidden;
  const width: Expr = embeddingSize === hidden ? d : sizes.bind('d_emb', embeddingSize);
  const ln = normFactory('layernorm', d);
  const types = config.count('type_vocab_size');
  const embeddings: ModuleSpec = {
    kind: 'group',
    key: 'embeddings',
    name: 'embeddings',
    label: 'emb',
    children: [
      wordEmbeddings(vocab, width),
      ...(config.flag('position_biased_input')
        ? [positionEmbeddings(sizes.bind('P', config.size('max_position_embeddings')), width)]
        : []),
      ...(types > 0n ? [tokenTypeEmbeddings(sizes.bind('n_type', types), width)] : []),
      ...(width === d
        ? []
        : [{ ...linear('embed_proj', 'proj', width, d, false), role: 'embedding' } as ModuleSpec]),
      ln('LayerNorm', 'LN'),
    ],
  };

  const relative = config.flag('relative_attention');
  const rawTypes = config.value('pos_att_type');
  const positionTypes =
    typeof rawTypes === 'string'
      ? rawTypes
          .toLowerCase()
          .split('|')
          .map((t) => t.trim())
      : Array.isArray(rawTypes)
        ? (rawTypes as string[])
        : [];
  const separateKeys = relative && !config.flag('share_att_key');
  const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
  const attention: ModuleSpec[] = [
    linear('query_proj', 'Q', d, d),
    linear('key_proj', 'K', d, d),
    linear('value_proj', 'V', d, d),
    ...(separateKeys && positionTypes.includes('c2p')
      ? [linear('pos_key_proj', 'posK', d, d)]
      : []),
    ...(separateKeys && positionTypes.includes('p2c')
      ? [linear('pos_query_proj', 'posQ', d, d)]
      : []),
  ];
  const layer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'encoder layer',
    label: 'layer',
    children: [
      {
        kind: 'group',
        key: 'attention',
        name: 'disentangled attention',
        label: 'attn',
        children: [
          {
            kind: 'group',
            key: 'self',
            name: 'self-attention',
            label: 'QKV',
            role: 'attention',
            children: attention,
          },
          {
            kind: 'group',
            key: 'output',
            name: 'attention output',
            label: 'attn out',
            children: [
              { ...linear('dense', 'O', d, d), role: 'attention' },
              ln('LayerNorm', 'LN1'),
            ],
          },
        ],
      },
      {
        kind: 'group',
        key: 'intermediate',
        name: 'feed-forward up',
        label: 'up',
        role: 'mlp',
        children: [linear('dense', 'up', d, dFF)],
      },
      {
        kind: 'group',
        key: 'output',
        name: 'feed-forward down',
        label: 'out',
        children: [{ ...linear('dense', 'down', dFF, d), role: 'mlp' }, ln('LayerNorm', 'LN2')],
      },
    ],
  };
  const encoder: ModuleSpec[] = [
    {
      kind: 'repeat',
      key: 'layer',
      name: 'encoder layers',
      label: 'layers',
      count: sizes.bind('L', config.size('num_hidden_layers')),
      child: layer,
    },
  ];
  if (relative) {
    const buckets = integer(config, 'position_buckets');
    const maxRelative = integer(config, 'max_relative_positions');
    const span =
      buckets > 0
        ? sizes.bind('n_bkt', BigInt(buckets))
        : sizes.bind(
            'P_rel',
            maxRelative >= 1 ? BigInt(maxRelative) : config.size('max_position_embeddings'),
          );
    encoder.push({
      kind: 'embedding',
      key: 'rel_embeddings',
      name: 'relative position embeddings',
      label: 'rel',
      role: 'position-embedding',
      rows: mul(num(2), span),
      dim: d,
    });
  }
  const relNorms = String(config.value('norm_rel_ebd') ?? 'none')
    .toLowerCase()
    .split('|')
    .map((t) => t.trim());
  if (relNorms.includes('layer_norm')) encoder.push(ln('LayerNorm', 'LN,rel'));
  const kernel = integer(config, 'conv_kernel_size');
  if (kernel > 0) {
    const groups = BigInt(Math.max(1, integer(config, 'conv_groups')));
    encoder.push({
      kind: 'group',
      key: 'conv',
      name: 'convolution layer',
      label: 'conv',
      children: [
        {
          kind: 'conv',
          key: 'conv',
          label: 'conv',
          in: groups === 1n ? d : sizes.bind('C_g', hidden / groups),
          out: d,
          kernel: [sizes.bind('k', BigInt(kernel))],
          bias: true,
        },
        ln('LayerNorm', 'LN,conv'),
      ],
    });
  }
  const base: ModuleSpec[] = [
    embeddings,
    { kind: 'group', key: 'encoder', name: 'encoder', label: 'enc', children: encoder },
  ];
  if (className === 'DebertaV2Model') return { name: className, sizes: sizes.sizes, modules: base };

  const model: ModuleSpec = {
    kind: 'group',
    key: 'deberta',
    name: 'DebertaV2Model',
    label: 'base',
    children: base,
  };
  const labels = () => sizes.bind('n_labels', config.numLabels());
  const poolerWidth = config.optionalSize('pooler_hidden_size');
  const pool =
    poolerWidth === undefined || poolerWidth === hidden ? d : sizes.bind('d_out', poolerWidth);
  const pooler: ModuleSpec = {
    kind: 'group',
    key: 'pooler',
    name: 'context pooler',
    label: 'pool',
    role: 'head',
    children: [linear('dense', 'pool', pool, pool)],
  };
  const tied = config.flag('tie_word_embeddings');
  const heads: Record<string, () => ModuleSpec[]> = {
    // The MLM head: transform (dense d → E, LayerNorm over E), a decoder tied to the word embeddings, and its bias.
    DebertaV2ForMaskedLM: () => [
      {
        kind: 'group',
        key: 'cls',
        name: 'masked-LM head',
        label: 'MLM',
        role: 'head',
        children: [
          linear('dense', 'tr', d, width),
          { kind: 'norm', type: 'layernorm', key: 'LayerNorm', label: 'LN,tr', dim: width },
          mlmDecoder(tied, [vocab, width]),
          mlmOutputBias(vocab),
        ],
      },
    ],
    DebertaV2ForSequenceClassification: () => [
      pooler,
      { ...linear('classifier', 'cls', pool, labels()), role: 'head' },
    ],
    DebertaV2ForMultipleChoice: () => [
      pooler,
      { ...linear('classifier', 'cls', pool, num(1)), role: 'head' },
    ],
    DebertaV2ForTokenClassification: () => [
      { ...linear('classifier', 'cls', d, labels()), role: 'head' },
    ],
    DebertaV2ForQuestionAnswering: () => [
      { ...linear('qa_outputs', 'qa', d, labels()), role: 'head' },
    ],
  };
  return { name: className, sizes: sizes.sizes, modules: [model, ...heads[className]!()] };
}
