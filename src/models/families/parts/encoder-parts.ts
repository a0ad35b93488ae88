import type { Expr } from '../../../expr/nodes.js';
import type { LinearSpec, ModuleSpec, Role } from '../../spec/model-spec.js';

/** `nn.Linear(in, out)`, biased unless said: the projections of the BERT-like encoders. */
export const linear = (
  key: string,
  label: string,
  inDim: Expr,
  outDim: Expr,
  bias = true,
): LinearSpec => ({ kind: 'linear', key, label, in: inDim, out: outDim, bias });

/** A biased `nn.Linear` that states its role when given one (a head's, an attention's). */
export const dense = (
  key: string,
  label: string,
  inDim: Expr,
  outDim: Expr,
  role?: Role,
): LinearSpec => ({ ...linear(key, label, inDim, outDim), ...(role ? { role } : {}) });

/**
 * A masked-LM head's decoder: nothing of its own when tied to the word embeddings (the same
 * matrix, counted once), else a weight of `shape` (BERT writes it [d, V], ALBERT and DeBERTa [V, E]).
 */
export function mlmDecoder(tied: boolean, shape: readonly Expr[]): ModuleSpec {
  return tied
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
        shape,
      };
}

/** The masked-LM head's output bias, one a word: never tied. */
export const mlmOutputBias = (vocab: Expr): ModuleSpec => ({
  kind: 'tensor',
  key: 'bias',
  name: 'output bias',
  label: 'bias',
  role: 'unembedding',
  shape: [vocab],
});

/** The word embeddings of BERT's lineage: `V` rows of `width` (the model's, or a smaller E). */
export const wordEmbeddings = (vocab: Expr, width: Expr): ModuleSpec => ({
  kind: 'embedding',
  key: 'word_embeddings',
  name: 'word embeddings',
  label: 'word',
  role: 'token-embedding',
  rows: vocab,
  dim: width,
});

/** Learned absolute positions: `rows` positions of `width`. */
export const positionEmbeddings = (rows: Expr, width: Expr): ModuleSpec => ({
  kind: 'embedding',
  key: 'position_embeddings',
  name: 'position embeddings',
  label: 'pos',
  role: 'position-embedding',
  rows,
  dim: width,
});

/** Token-type (segment) embeddings: `rows` types of `width`. */
export const tokenTypeEmbeddings = (rows: Expr, width: Expr): ModuleSpec => ({
  kind: 'embedding',
  key: 'token_type_embeddings',
  name: 'token type embeddings',
  label: 'type',
  role: 'embedding',
  rows,
  dim: width,
});
