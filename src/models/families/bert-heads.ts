import type { Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import type { SizeBook } from './building-blocks.js';
import { mlmDecoder, mlmOutputBias } from './parts/encoder-parts.js';

/** BERT's heads (`cls`, one linear classifier) or RoBERTa's (`lm_head`, a two-layer classifier). */
export type EncoderStyle = 'bert' | 'roberta';

/** What each class puts on top of the encoder: whether it keeps the pooler, and its heads. */
export type HeadKind =
  | 'mlm'
  | 'nsp'
  | 'pretraining'
  | 'classifier-pooled'
  | 'classifier-tokens'
  | 'qa'
  | 'choice'
  | 'roberta-classifier'
  | 'none';
export const classHeads: Record<string, { pooler: boolean; head: HeadKind }> = {
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

/** The heads on top: the MLM head's transform, tied decoder and output bias; classifiers; span heads. */
export function headsOf(
  kind: HeadKind,
  style: EncoderStyle,
  model: {
    readonly config: ConfigFields;
    readonly sizes: SizeBook;
    readonly d: Expr;
    readonly vocab: Expr;
  },
): ModuleSpec[] {
  const { config, sizes, d, vocab } = model;
  const tied = config.flag('tie_word_embeddings');
  const decoder = [mlmDecoder(tied, [d, vocab]), mlmOutputBias(vocab)];
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
            ...decoder,
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
            ...decoder,
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
