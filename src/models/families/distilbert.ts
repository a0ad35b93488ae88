import { num } from '../../expr/nodes.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { normFactory, SizeBook, widthAndVocab } from './building-blocks.js';
import type { Family } from './family.js';
import { dense } from './parts/encoder-parts.js';

/**
 * DistilBERT (modeling_distilbert.py): word and position embeddings (no token types; sinusoidal
 * positions are still an nn.Embedding, frozen but counted) with a LayerNorm; layers of q/k/v/out
 * linears, a LayerNorm, lin1/lin2 and a LayerNorm; no pooler. Heads: the MLM head's transform,
 * LayerNorm and output bias (its matrix tied), `pre_classifier` + `classifier`, `qa_outputs`.
 */
export const distilbert: Family = {
  modelTypes: ['distilbert'],
  defaults: {
    vocab_size: 30522,
    max_position_embeddings: 512,
    n_layers: 6,
    n_heads: 12,
    dim: 768,
    hidden_dim: 3072,
    tie_word_embeddings: true, // distilbert-base-uncased leaves it out
  },
  aliases: {
    dim: ['hidden_size'],
    n_heads: ['num_attention_heads'],
    n_layers: ['num_hidden_layers'],
  },
  classes: [
    'DistilBertForMaskedLM',
    'DistilBertModel',
    'DistilBertForSequenceClassification',
    'DistilBertForMultipleChoice',
    'DistilBertForTokenClassification',
    'DistilBertForQuestionAnswering',
  ],
  build(config, className): ModelSpec {
    const sizes = new SizeBook();
    const { d, vocab } = widthAndVocab(config, sizes, { hidden: 'dim', heads: 'n_heads' });
    const dFF = sizes.bind('d_ff', config.size('hidden_dim'));
    const ln = normFactory('layernorm', d);
    const layer: ModuleSpec = {
      kind: 'group',
      key: 'layer',
      name: 'transformer block',
      label: 'layer',
      children: [
        {
          kind: 'attention',
          key: 'attention',
          d,
          bias: { q: true, k: true, v: true, o: true },
          keys: { q: 'q_lin', k: 'k_lin', v: 'v_lin', o: 'out_lin' },
          role: 'attention',
        },
        ln('sa_layer_norm', 'LN1'),
        {
          kind: 'mlp',
          key: 'ffn',
          name: 'feed-forward',
          d,
          dFF,
          gated: false,
          bias: true,
          keys: { up: 'lin1', down: 'lin2' },
          role: 'mlp',
        },
        ln('output_layer_norm', 'LN2'),
      ],
    };
    const backbone: ModuleSpec[] = [
      {
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
            dim: d,
          },
          {
            kind: 'embedding',
            key: 'position_embeddings',
            name: 'position embeddings',
            label: 'pos',
            role: 'position-embedding',
            rows: sizes.bind('P', config.size('max_position_embeddings')),
            dim: d,
          },
          ln('LayerNorm', 'LN'),
        ],
      },
      {
        kind: 'repeat',
        key: 'transformer',
        listKey: 'layer',
        name: 'transformer blocks',
        label: 'layers',
        count: sizes.bind('L', config.size('n_layers')),
        child: layer,
      },
    ];
    if (className === 'DistilBertModel')
      return { name: className, sizes: sizes.sizes, modules: backbone };
    const base: ModuleSpec = {
      kind: 'group',
      key: 'distilbert',
      name: 'DistilBertModel',
      label: 'base',
      children: backbone,
    };
    const labels = () => sizes.bind('n_labels', config.numLabels());
    const heads: Record<string, ModuleSpec[]> = {
      DistilBertForMaskedLM: [
        dense('vocab_transform', 'tr', d, d, 'head'),
        { ...ln('vocab_layer_norm', 'LN,tr'), role: 'head' },
        config.flag('tie_word_embeddings')
          ? {
              kind: 'shared',
              key: 'vocab_projector.weight',
              name: 'output matrix (tied)',
              label: 'proj',
              role: 'unembedding',
              reason: 'tied to the word embeddings: the same matrix, counted once',
            }
          : {
              kind: 'tensor',
              key: 'vocab_projector.weight',
              name: 'output matrix',
              label: 'proj',
              role: 'unembedding',
              shape: [d, vocab],
            },
        {
          kind: 'tensor',
          key: 'vocab_projector.bias',
          name: 'output bias',
          label: 'bias',
          role: 'unembedding',
          shape: [vocab],
        },
      ],
      DistilBertForSequenceClassification: [
        dense('pre_classifier', 'pre', d, d, 'head'),
        dense('classifier', 'cls', d, labels(), 'head'),
      ],
      DistilBertForMultipleChoice: [
        dense('pre_classifier', 'pre', d, d, 'head'),
        dense('classifier', 'cls', d, num(1), 'head'),
      ],
      DistilBertForTokenClassification: [dense('classifier', 'cls', d, labels(), 'head')],
      DistilBertForQuestionAnswering: [dense('qa_outputs', 'qa', d, num(2), 'head')],
    };
    return { name: className, sizes: sizes.sizes, modules: [base, ...heads[className]!] };
  },
};
