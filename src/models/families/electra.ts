import { num, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { bertEmbeddings, bertLayer } from './parts/bert-encoder.js';
import { SizeBook, widthAndVocab } from './building-blocks.js';
import type { Family } from './family.js';
import { dense } from './parts/encoder-parts.js';

/**
 * ELECTRA (modeling_electra.py): BERT's embeddings at `embedding_size`, projected to the model
 * width by `embeddings_project` only when the two differ, BERT's encoder layers, and no pooler. The
 * discriminator head (dense d × d, then d → 1) scores replaced tokens; the generator head (dense
 * d → E, LayerNorm, an LM head tied to the word embeddings with its own bias) predicts them.
 */
export const electra: Family = {
  modelTypes: ['electra'],
  // ElectraConfig's defaults are ELECTRA-small's discriminator.
  defaults: {
    vocab_size: 30522,
    embedding_size: 128,
    hidden_size: 256,
    num_hidden_layers: 12,
    num_attention_heads: 4,
    intermediate_size: 1024,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    tie_word_embeddings: true, // electra-base-discriminator leaves it out
  },
  classes: [
    'ElectraForPreTraining',
    'ElectraModel',
    'ElectraForMaskedLM',
    'ElectraForCausalLM',
    'ElectraForSequenceClassification',
    'ElectraForTokenClassification',
    'ElectraForQuestionAnswering',
  ],
  build: buildElectra,
};

function buildElectra(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { hidden, d, vocab } = widthAndVocab(config, sizes);
  const embeddingSize = config.size('embedding_size');
  const width: Expr = embeddingSize === hidden ? d : sizes.bind('d_emb', embeddingSize);
  const base: ModuleSpec[] = [
    bertEmbeddings(config, sizes, vocab, width),
    ...(width === d ? [] : [dense('embeddings_project', 'proj', width, d, 'embedding')]),
    {
      kind: 'repeat',
      key: 'encoder',
      listKey: 'layer',
      name: 'encoder layers',
      label: 'layers',
      count: sizes.bind('L', config.size('num_hidden_layers')),
      child: bertLayer(d, sizes.bind('d_ff', config.size('intermediate_size'))),
    },
  ];
  if (className === 'ElectraModel') return { name: className, sizes: sizes.sizes, modules: base };

  const tied = config.flag('tie_word_embeddings');
  const labels = () => sizes.bind('n_labels', config.numLabels());
  const generator = (): ModuleSpec[] => [
    {
      kind: 'group',
      key: 'generator_predictions',
      name: 'generator head',
      label: 'gen',
      role: 'head',
      children: [
        { kind: 'norm', type: 'layernorm', key: 'LayerNorm', label: 'LN,gen', dim: width },
        dense('dense', 'gen', d, width),
      ],
    },
    {
      kind: 'group',
      key: 'generator_lm_head',
      name: 'generator LM head',
      label: 'LM',
      role: 'unembedding',
      children: [
        tied
          ? {
              kind: 'shared',
              key: 'weight',
              name: 'LM head weight (tied)',
              label: 'dec',
              reason: 'tied to the word embeddings: the same matrix, counted once',
            }
          : {
              kind: 'tensor',
              key: 'weight',
              name: 'LM head weight',
              label: 'dec',
              shape: [vocab, width],
            },
        { kind: 'tensor', key: 'bias', name: 'LM head bias', label: 'bias', shape: [vocab] },
      ],
    },
  ];
  const heads: Record<string, () => ModuleSpec[]> = {
    ElectraForPreTraining: () => [
      {
        kind: 'group',
        key: 'discriminator_predictions',
        name: 'discriminator head',
        label: 'disc',
        role: 'head',
        children: [dense('dense', 'disc', d, d), dense('dense_prediction', 'pred', d, num(1))],
      },
    ],
    ElectraForMaskedLM: generator,
    ElectraForCausalLM: generator,
    ElectraForSequenceClassification: () => [
      {
        kind: 'group',
        key: 'classifier',
        name: 'classification head',
        label: 'cls',
        role: 'head',
        children: [dense('dense', 'cls', d, d), dense('out_proj', 'out', d, labels())],
      },
    ],
    ElectraForTokenClassification: () => [dense('classifier', 'cls', d, labels(), 'head')],
    ElectraForQuestionAnswering: () => [dense('qa_outputs', 'qa', d, labels(), 'head')],
  };
  const modules = [
    {
      kind: 'group',
      key: 'electra',
      name: 'ElectraModel',
      label: 'base',
      children: base,
    } as ModuleSpec,
    ...heads[className]!(),
  ];
  return { name: className, sizes: sizes.sizes, modules };
}
