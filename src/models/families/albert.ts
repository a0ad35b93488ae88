import { num } from '../../expr/nodes.js';
import { requireMultiple, type ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { bertEmbeddings } from './parts/bert-encoder.js';
import { normFactory, SizeBook, widthAndVocab } from './building-blocks.js';
import type { Family } from './family.js';
import { dense, mlmDecoder, mlmOutputBias } from './parts/encoder-parts.js';

/**
 * ALBERT (modeling_albert.py): a factorized embedding (tables `embedding_size` wide, then
 * `embedding_hidden_mapping_in` E → d) and cross-layer sharing: `num_hidden_groups` groups of
 * `inner_group_num` layers hold all the weights, and the L layers run through them in turn, so
 * `parameters()` counts n_groups · n_inner layers however large L is. The MLM head projects back
 * to E (dense d → E, LayerNorm, a decoder tied to the word embeddings, and its bias).
 */
export const albert: Family = {
  modelTypes: ['albert'],
  // AlbertConfig's defaults are ALBERT-xxlarge's shapes.
  defaults: {
    vocab_size: 30000,
    embedding_size: 128,
    hidden_size: 4096,
    num_hidden_layers: 12,
    num_hidden_groups: 1, // one group of layers holds every layer's weights
    num_attention_heads: 64,
    intermediate_size: 16384,
    inner_group_num: 1, // one layer per group
    max_position_embeddings: 512,
    type_vocab_size: 2,
    tie_word_embeddings: true, // albert-base-v2 leaves it out
  },
  classes: [
    'AlbertForMaskedLM',
    'AlbertModel',
    'AlbertForPreTraining',
    'AlbertForSequenceClassification',
    'AlbertForTokenClassification',
    'AlbertForQuestionAnswering',
    'AlbertForMultipleChoice',
  ],
  build: buildAlbert,
};

/** Which classes keep the pooler and what they put on top. */
const heads: Record<
  string,
  { pooler: boolean; head: 'none' | 'mlm' | 'pretraining' | 'labels' | 'choice' | 'qa' }
> = {
  AlbertModel: { pooler: true, head: 'none' },
  AlbertForMaskedLM: { pooler: false, head: 'mlm' },
  AlbertForPreTraining: { pooler: true, head: 'pretraining' },
  AlbertForSequenceClassification: { pooler: true, head: 'labels' },
  AlbertForTokenClassification: { pooler: false, head: 'labels' },
  AlbertForQuestionAnswering: { pooler: false, head: 'qa' },
  AlbertForMultipleChoice: { pooler: true, head: 'choice' },
};

function buildAlbert(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab } = widthAndVocab(config, sizes);
  const width = sizes.bind('d_emb', config.size('embedding_size'));
  const layers = config.size('num_hidden_layers');
  const groups = config.size('num_hidden_groups');
  const inner = config.size('inner_group_num');
  requireMultiple('num_hidden_layers', layers, 'num_hidden_groups', groups);
  sizes.bind('L', layers);
  const ln = normFactory('layernorm', d);
  const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
  const layer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'encoder layer',
    label: 'layer',
    children: [
      ln('full_layer_layer_norm', 'LN2'),
      {
        kind: 'group',
        key: 'attention',
        name: 'attention',
        label: 'attn',
        children: [
          dense('query', 'Q', d, d, 'attention'),
          dense('key', 'K', d, d, 'attention'),
          dense('value', 'V', d, d, 'attention'),
          dense('dense', 'O', d, d, 'attention'),
          ln('LayerNorm', 'LN1'),
        ],
      },
      dense('ffn', 'up', d, dFF, 'mlp'),
      dense('ffn_output', 'down', dFF, d, 'mlp'),
    ],
  };
  const shared = `L = ${layers} layers run through n_groups = ${groups} group(s) of n_inner = ${inner} layer(s): only those are stored, so L does not appear in the count`;
  const group: ModuleSpec = {
    kind: 'group',
    key: 'group',
    name: 'layer group',
    label: 'group',
    children: [
      {
        kind: 'repeat',
        key: 'albert_layers',
        name: 'layers of a group',
        label: 'inner',
        count: sizes.bind('n_inner', inner),
        child: layer,
      },
    ],
  };
  const encoder: ModuleSpec = {
    kind: 'group',
    key: 'encoder',
    name: 'shared encoder',
    label: 'enc',
    children: [
      { ...dense('embedding_hidden_mapping_in', 'map', width, d), role: 'embedding' },
      {
        kind: 'repeat',
        key: 'albert_layer_groups',
        name: 'stored layer groups',
        label: 'groups',
        count: sizes.bind('n_groups', groups),
        child: group,
        note: shared,
      },
    ],
  };
  const kind = heads[className]!;
  // AlbertModel's pooler is one nn.Linear (`pooler.weight`), not BERT's BertPooler (`pooler.dense.weight`).
  const poolerLayer: ModuleSpec = {
    kind: 'linear',
    key: 'pooler',
    name: 'pooler',
    label: 'pool',
    role: 'head',
    in: d,
    out: d,
    bias: true,
  };
  const base: ModuleSpec[] = [
    bertEmbeddings(config, sizes, vocab, width),
    encoder,
    ...(kind.pooler ? [poolerLayer] : []),
  ];
  if (className === 'AlbertModel')
    return { name: className, sizes: sizes.sizes, shape: 'shared-layers', modules: base };

  const tied = config.flag('tie_word_embeddings');
  const mlm: ModuleSpec = {
    kind: 'group',
    key: 'predictions',
    name: 'masked-LM head',
    label: 'MLM',
    role: 'head',
    children: [
      { kind: 'norm', type: 'layernorm', key: 'LayerNorm', label: 'LN,MLM', dim: width },
      mlmOutputBias(vocab),
      dense('dense', 'MLM', d, width),
      mlmDecoder(tied, [vocab, width]),
    ],
  };
  const labels = () => sizes.bind('n_labels', config.numLabels());
  const top: Record<typeof kind.head, () => ModuleSpec[]> = {
    none: () => [],
    mlm: () => [mlm],
    pretraining: () => [
      mlm,
      {
        kind: 'group',
        key: 'sop_classifier',
        name: 'sentence-order head',
        label: 'SOP',
        role: 'head',
        children: [dense('classifier', 'SOP', d, labels())],
      },
    ],
    labels: () => [dense('classifier', 'cls', d, labels(), 'head')],
    qa: () => [dense('qa_outputs', 'qa', d, labels(), 'head')],
    choice: () => [dense('classifier', 'cls', d, num(1), 'head')],
  };
  const modules = [
    {
      kind: 'group',
      key: 'albert',
      name: 'AlbertModel',
      label: 'base',
      children: base,
    } as ModuleSpec,
    ...top[kind.head](),
  ];
  return { name: className, sizes: sizes.sizes, shape: 'shared-layers', modules };
}
