import type { Expr } from '../../expr/nodes.js';
import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { LinearSpec, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { normFactory, SizeBook, widthAndVocab } from './building-blocks.js';
import type { Family } from './family.js';

/**
 * BERT and RoBERTa (modeling_bert.py, modeling_roberta.py): embeddings (word, position, token type,
 * LayerNorm), L encoder layers, an optional pooler, and the task heads each class adds.
 * RoBERTa's position offset (padding_idx + 1) is already in its config: max_position_embeddings 514.
 */
interface EncoderDescription {
  modelTypes: string[];
  /** The class-name prefix: `Bert`, `Roberta`, `XLMRoberta`. */
  prefix: string;
  /** RoBERTa's heads (`lm_head`, a two-layer classifier) rather than BERT's (`cls`, one linear). */
  style: 'bert' | 'roberta';
  defaults: RawConfig;
}

/** What each class puts on top of the encoder: whether it keeps the pooler, and its heads. */
type HeadKind =
  | 'mlm'
  | 'nsp'
  | 'pretraining'
  | 'classifier-pooled'
  | 'classifier-tokens'
  | 'qa'
  | 'choice'
  | 'roberta-classifier'
  | 'none';
const classHeads: Record<string, { pooler: boolean; head: HeadKind }> = {
  Model: { pooler: true, head: 'none' },
  ForMaskedLM: { pooler: false, head: 'mlm' },
  ForCausalLM: { pooler: false, head: 'mlm' },
  LMHeadModel: { pooler: false, head: 'mlm' },
  ForPreTraining: { pooler: true, head: 'pretraining' },
  ForNextSentencePrediction: { pooler: true, head: 'nsp' },
  ForSequenceClassification: { pooler: true, head: 'classifier-pooled' },
  ForMultipleChoice: { pooler: true, head: 'choice' },
  ForTokenClassification: { pooler: false, head: 'classifier-tokens' },
  ForQuestionAnswering: { pooler: false, head: 'qa' },
};

function encoderFamily(description: EncoderDescription): Family {
  const classes =
    description.style === 'bert'
      ? [
          'ForMaskedLM',
          'Model',
          'ForPreTraining',
          'LMHeadModel',
          'ForNextSentencePrediction',
          'ForSequenceClassification',
          'ForMultipleChoice',
          'ForTokenClassification',
          'ForQuestionAnswering',
        ]
      : [
          'ForMaskedLM',
          'Model',
          'ForCausalLM',
          'ForSequenceClassification',
          'ForMultipleChoice',
          'ForTokenClassification',
          'ForQuestionAnswering',
        ];
  return {
    modelTypes: description.modelTypes,
    defaults: description.defaults,
    classes: classes.map((c) => description.prefix + c),
    build: (config, className) => buildEncoder(description, config, className),
  };
}

function buildEncoder(
  description: EncoderDescription,
  config: ConfigFields,
  className: string,
): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab } = widthAndVocab(config, sizes);
  const embeddings = bertEmbeddings(config, sizes, vocab, d);
  const layer = bertLayer(
    d,
    sizes.bind('d_ff', config.size('intermediate_size')),
    config.flag('is_decoder') && config.flag('add_cross_attention'),
  );
  const kind = classHeads[className.slice(description.prefix.length)]!;
  const encoderModules: ModuleSpec[] = [
    embeddings,
    {
      kind: 'repeat',
      key: 'encoder',
      listKey: 'layer',
      name: 'encoder layers',
      label: 'layers',
      count: sizes.bind('L', config.size('num_hidden_layers')),
      child: layer,
    },
  ];
  if (kind.pooler) encoderModules.push(pooler(d));
  const base: ModuleSpec = {
    kind: 'group',
    key: description.style,
    name: `${description.prefix}Model`,
    label: 'base',
    children: encoderModules,
  };
  const modules =
    className === `${description.prefix}Model`
      ? encoderModules
      : [base, ...headsOf(kind.head, description.style, config, sizes, d, vocab)];
  return { name: className, sizes: sizes.sizes, modules };
}

const dense = (key: string, label: string, inDim: Expr, outDim: Expr): LinearSpec => ({
  kind: 'linear',
  key,
  label,
  in: inDim,
  out: outDim,
  bias: true,
});

/**
 * BERT's embeddings: word, position and token-type tables of width `width` (the model width, or
 * ALBERT's and ELECTRA's smaller `embedding_size`) and a LayerNorm over that width.
 */
export function bertEmbeddings(
  config: ConfigFields,
  sizes: SizeBook,
  vocab: Expr,
  width: Expr,
): ModuleSpec {
  return {
    kind: 'group',
    key: 'embeddings',
    name: 'embeddings',
    label: 'emb',
    children: [
      {
        kind: 'embedding',
        key: 'word_embeddings',
        name: 'word embeddings',
        label: 'word',
        role: 'token-embedding',
        rows: vocab,
        dim: width,
      },
      {
        kind: 'embedding',
        key: 'position_embeddings',
        name: 'position embeddings',
        label: 'pos',
        role: 'position-embedding',
        rows: sizes.bind('P', config.size('max_position_embeddings')),
        dim: width,
      },
      {
        kind: 'embedding',
        key: 'token_type_embeddings',
        name: 'token type embeddings',
        label: 'type',
        role: 'embedding',
        rows: sizes.bind('n_type', config.size('type_vocab_size')),
        dim: width,
      },
      { kind: 'norm', type: 'layernorm', key: 'LayerNorm', label: 'LN', dim: width, role: 'norm' },
    ],
  };
}

/**
 * BERT's encoder layer: self-attention (query, key, value), attention output (dense + LayerNorm),
 * intermediate, output (dense + LayerNorm); as a decoder with `add_cross_attention`, a second
 * attention of the same shape (`crossattention`) attends to the encoder.
 */
export function bertLayer(d: Expr, dFF: Expr, crossAttention = false): ModuleSpec {
  const layerNorm = normFactory('layernorm', d);
  // Roles sit on the projections, so the LayerNorms inside attention.output and output count as norms.
  const projection = (
    key: string,
    label: string,
    inDim: Expr,
    outDim: Expr,
    role: 'attention' | 'mlp',
  ): LinearSpec => ({ ...dense(key, label, inDim, outDim), role });
  const attention = (key: string, name: string, norm: string): ModuleSpec => ({
    kind: 'group',
    key,
    name,
    label: key === 'attention' ? 'attn' : 'cross',
    children: [
      {
        kind: 'group',
        key: 'self',
        name: 'self-attention',
        label: 'QKV',
        role: 'attention',
        children: [dense('query', 'Q', d, d), dense('key', 'K', d, d), dense('value', 'V', d, d)],
      },
      {
        kind: 'group',
        key: 'output',
        name: 'attention output',
        label: 'attn out',
        children: [projection('dense', 'O', d, d, 'attention'), layerNorm('LayerNorm', norm)],
      },
    ],
  });
  return {
    kind: 'group',
    key: 'layer',
    name: crossAttention ? 'decoder layer' : 'encoder layer',
    label: 'layer',
    children: [
      attention('attention', 'attention', 'LN1'),
      ...(crossAttention ? [attention('crossattention', 'cross-attention', 'LN,cross')] : []),
      {
        kind: 'group',
        key: 'intermediate',
        name: 'feed-forward up',
        label: 'up',
        role: 'mlp',
        children: [dense('dense', 'up', d, dFF)],
      },
      {
        kind: 'group',
        key: 'output',
        name: 'feed-forward down',
        label: 'out',
        children: [projection('dense', 'down', dFF, d, 'mlp'), layerNorm('LayerNorm', 'LN2')],
      },
    ],
  };
}

/** The pooler of `…Model`: a dense d × d (with tanh) over the first token. */
export function pooler(d: Expr): ModuleSpec {
  return {
    kind: 'group',
    key: 'pooler',
    name: 'pooler',
    label: 'pool',
    role: 'head',
    children: [dense('dense', 'pool', d, d)],
  };
}

/** The heads on top: the MLM head's transform, tied decoder and output bias; classifiers; span heads. */
function headsOf(
  kind: HeadKind,
  style: EncoderDescription['style'],
  config: ConfigFields,
  sizes: SizeBook,
  d: Expr,
  vocab: Expr,
): ModuleSpec[] {
  const tied = config.flag('tie_word_embeddings');
  const mlmDecoder: ModuleSpec[] = [
    tied
      ? {
          kind: 'shared',
          key: 'decoder',
          name: 'decoder (tied)',
          label: 'dec',
          role: 'unembedding',
          reason: 'tied to the word embeddings: the same matrix, counted once',
        }
      : {
          kind: 'tensor',
          key: 'decoder',
          name: 'decoder weight',
          label: 'dec',
          role: 'unembedding',
          shape: [d, vocab],
        },
    {
      kind: 'tensor',
      key: 'bias',
      name: 'output bias',
      label: 'bias',
      role: 'unembedding',
      shape: [vocab],
    },
  ];
  const mlm = (key: string): ModuleSpec =>
    style === 'bert'
      ? {
          kind: 'group',
          key,
          name: 'masked-LM head',
          label: 'MLM',
          role: 'head',
          children: [
            {
              kind: 'group',
              key: 'transform',
              name: 'transform',
              label: 'tr',
              children: [
                { kind: 'linear', key: 'dense', label: 'tr', in: d, out: d, bias: true },
                { kind: 'norm', type: 'layernorm', key: 'LayerNorm', label: 'LN,tr', dim: d },
              ],
            },
            ...mlmDecoder,
          ],
        }
      : {
          kind: 'group',
          key,
          name: 'masked-LM head',
          label: 'MLM',
          role: 'head',
          children: [
            { kind: 'linear', key: 'dense', label: 'tr', in: d, out: d, bias: true },
            { kind: 'norm', type: 'layernorm', key: 'layer_norm', label: 'LN,tr', dim: d },
            ...mlmDecoder,
          ],
        };
  const labels = () => sizes.bind('n_labels', config.numLabels());
  const linear = (key: string, label: string, out: Expr): ModuleSpec => ({
    kind: 'linear',
    key,
    label,
    role: 'head',
    in: d,
    out,
    bias: true,
  });
  const two = { kind: 'num', value: 2n } as const;
  const one = { kind: 'num', value: 1n } as const;
  switch (kind) {
    case 'mlm':
      return [
        style === 'bert'
          ? {
              kind: 'group',
              key: 'cls',
              name: 'cls',
              label: 'cls',
              role: 'head',
              children: [mlm('predictions')],
            }
          : mlm('lm_head'),
      ];
    case 'pretraining':
      return [
        {
          kind: 'group',
          key: 'cls',
          name: 'pre-training heads',
          label: 'cls',
          role: 'head',
          children: [mlm('predictions'), linear('seq_relationship', 'NSP', two)],
        },
      ];
    case 'nsp':
      return [
        {
          kind: 'group',
          key: 'cls',
          name: 'next-sentence head',
          label: 'cls',
          role: 'head',
          children: [linear('seq_relationship', 'NSP', two)],
        },
      ];
    case 'classifier-pooled':
      if (style === 'roberta') {
        return [
          {
            kind: 'group',
            key: 'classifier',
            name: 'classification head',
            label: 'cls',
            role: 'head',
            children: [linear('dense', 'cls', d), linear('out_proj', 'out', labels())],
          },
        ];
      }
      return [linear('classifier', 'cls', labels())];
    case 'classifier-tokens':
      return [linear('classifier', 'cls', labels())];
    case 'choice':
      return [linear('classifier', 'cls', one)];
    case 'qa':
      return [linear('qa_outputs', 'qa', labels())];
    default:
      return [];
  }
}

const encoderDefaults = {
  is_decoder: false,
  add_cross_attention: false,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  tie_word_embeddings: true,
};

/** BERT: BertConfig defaults (vocab 30522, 512 positions, 2 token types); the MLM decoder is tied. */
export const bert = encoderFamily({
  modelTypes: ['bert'],
  prefix: 'Bert',
  style: 'bert',
  defaults: { vocab_size: 30522, ...encoderDefaults },
});

/** RoBERTa: BERT's shapes; its config.json carries 514 positions and 1 token type. */
export const roberta = encoderFamily({
  modelTypes: ['roberta'],
  prefix: 'Roberta',
  style: 'roberta',
  defaults: { vocab_size: 50265, ...encoderDefaults },
});

/** XLM-RoBERTa: RoBERTa's modules and heads; XLMRobertaConfig keeps BERT's defaults (its config.json says 250002 words, 514 positions). */
export const xlmRoberta = encoderFamily({
  modelTypes: ['xlm-roberta'],
  prefix: 'XLMRoberta',
  style: 'roberta',
  defaults: { vocab_size: 30522, ...encoderDefaults },
});
