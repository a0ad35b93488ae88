import type { Expr } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { LinearSpec, ModuleSpec } from '../../spec/model-spec.js';
import { normFactory, type SizeBook } from '../building-blocks.js';
import {
  linear,
  positionEmbeddings,
  tokenTypeEmbeddings,
  wordEmbeddings,
} from './encoder-parts.js';

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
      wordEmbeddings(vocab, width),
      positionEmbeddings(sizes.bind('P', config.size('max_position_embeddings')), width),
      tokenTypeEmbeddings(sizes.bind('n_type', config.size('type_vocab_size')), width),
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
  ): LinearSpec => ({ ...linear(key, label, inDim, outDim), role });
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
        children: [
          linear('query', 'Q', d, d),
          linear('key', 'K', d, d),
          linear('value', 'V', d, d),
        ],
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
        children: [linear('dense', 'up', d, dFF)],
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
    children: [linear('dense', 'pool', d, d)],
  };
}
