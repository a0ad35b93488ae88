import { add, mul, num, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { LinearSpec, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { SizeBook, widthAndVocab, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';

/**
 * ModernBERT (modeling_modernbert.py): token embeddings and a LayerNorm; L pre-norm layers of a
 * fused `Wqkv` (d → 3d) and `Wo`, and a GLU MLP (`Wi` d → 2·d_ff, `Wo` d_ff → d); a final norm.
 * Every LayerNorm has a bias only when `norm_bias`. Layer 0's attention norm is the identity (the
 * embedding norm precedes it), so L layers hold L − 1 attention norms. The MLM head is a dense layer
 * and a norm, then a decoder tied to the token embeddings with a bias when `decoder_bias`.
 */
export const modernbert: Family = {
  modelTypes: ['modernbert'],
  defaults: {
    vocab_size: 50368,
    hidden_size: 768,
    intermediate_size: 1152,
    num_hidden_layers: 22,
    num_attention_heads: 12,
    norm_bias: false,
    attention_bias: false,
    mlp_bias: false,
    classifier_bias: false,
    decoder_bias: true,
    tie_word_embeddings: true,
  },
  classes: [
    'ModernBertForMaskedLM',
    'ModernBertModel',
    'ModernBertForSequenceClassification',
    'ModernBertForTokenClassification',
    'ModernBertForQuestionAnswering',
  ],
  build: buildModernBert,
};

function buildModernBert(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab } = widthAndVocab(config, sizes);
  const normBias = config.flag('norm_bias');
  // Norms are `P_{LN,…}`: a bare `attn` or `emb` would name the attention's or embeddings' count.
  const norm = (key: string, label: string): ModuleSpec => ({
    kind: 'norm',
    type: 'layernorm',
    key,
    label: `LN,${label}`,
    dim: d,
    bias: normBias,
    role: 'norm',
  });
  const linear = (
    key: string,
    label: string,
    inDim: Expr,
    outDim: Expr,
    bias: boolean,
  ): LinearSpec => ({ kind: 'linear', key, label, in: inDim, out: outDim, bias });
  const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
  const attentionBias = config.flag('attention_bias');
  const mlpBias = config.flag('mlp_bias');
  const layers = sizes.bind('L', config.size('num_hidden_layers'));
  const layer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'encoder layer',
    label: 'layer',
    children: [
      {
        kind: 'group',
        key: 'attn',
        name: 'attention',
        label: 'attn',
        role: 'attention',
        children: [
          linear('Wqkv', 'QKV', d, mul(num(3), d), attentionBias),
          linear('Wo', 'O', d, d, attentionBias),
        ],
      },
      norm('mlp_norm', 'mlp'),
      {
        kind: 'group',
        key: 'mlp',
        name: 'GLU feed-forward',
        label: 'MLP',
        role: 'mlp',
        children: [
          linear('Wi', 'in', d, mul(num(2), dFF), mlpBias),
          linear('Wo', 'out', dFF, d, mlpBias),
        ],
      },
    ],
  };
  const base: ModuleSpec[] = [
    {
      kind: 'group',
      key: 'embeddings',
      name: 'embeddings',
      label: 'emb',
      children: [tokenEmbeddings('tok_embeddings', vocab, d), norm('norm', 'emb')],
    },
    {
      kind: 'repeat',
      key: 'layers',
      name: 'encoder layers',
      label: 'layers',
      count: layers,
      child: layer,
    },
    {
      kind: 'repeat',
      key: 'attn_norm',
      name: 'attention norms of layers 1 … L − 1',
      label: 'attn norms',
      count: add(layers, num(-1)),
      child: norm('attn_norm', 'attn'),
      note: 'layer 0 has no attention norm of its own (nn.Identity: the embedding norm comes just before)',
      indexAs: { key: 'layers', from: num(1), within: 'attn_norm' },
    },
    norm('final_norm', 'final'),
  ];
  if (className === 'ModernBertModel')
    return { name: className, sizes: sizes.sizes, modules: base };
  const model: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'ModernBertModel',
    label: 'base',
    children: base,
  };
  const head: ModuleSpec = {
    kind: 'group',
    key: 'head',
    name: 'prediction head',
    label: 'head',
    role: 'head',
    children: [linear('dense', 'head', d, d, config.flag('classifier_bias')), norm('norm', 'head')],
  };
  if (className === 'ModernBertForMaskedLM') {
    const tied = config.flag('tie_word_embeddings');
    const decoder: ModuleSpec = {
      kind: 'group',
      key: 'decoder',
      name: 'decoder',
      label: 'dec',
      role: 'unembedding',
      children: [
        tied
          ? {
              kind: 'shared',
              key: 'weight',
              name: 'decoder weight (tied)',
              label: 'dec',
              reason: 'tied to the token embeddings: the same matrix, counted once',
            }
          : {
              kind: 'tensor',
              key: 'weight',
              name: 'decoder weight',
              label: 'dec',
              shape: [vocab, d],
            },
        ...(config.flag('decoder_bias')
          ? [
              {
                kind: 'tensor',
                key: 'bias',
                name: 'decoder bias',
                label: 'bias',
                shape: [vocab],
              } as ModuleSpec,
            ]
          : []),
      ],
    };
    return { name: className, sizes: sizes.sizes, modules: [model, head, decoder] };
  }
  const classifier: ModuleSpec = {
    ...linear('classifier', 'cls', d, sizes.bind('n_labels', config.numLabels()), true),
    role: 'head',
  };
  return { name: className, sizes: sizes.sizes, modules: [model, head, classifier] };
}
