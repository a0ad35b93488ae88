import { label, type Expr } from '../expr/nodes.js';
import { layerNorm } from './norms.js';
import { countLabel, sum, tensor, type Role, type SumPart, type TensorPart } from './part.js';

/** `nn.Embedding(rows, dim)`: one learned vector of `dim` per row. */
export function embeddingTable(
  identity: { key: string; name: string; tag: string; role?: Role },
  rows: Expr,
  dim: Expr,
): TensorPart {
  return tensor(
    {
      key: identity.key,
      name: identity.name,
      label: label('E', identity.tag),
      ...(identity.role ? { role: identity.role } : {}),
      storage: { suffix: 'weight' },
    },
    [rows, dim],
  );
}

/** The tables and norm of BERT-style embeddings. */
export interface BertEmbeddingOptions {
  vocab: Expr;
  positions: Expr;
  d: Expr;
  /** Rows of the token-type (segment) table; BERT has 2. Zero leaves the table out. */
  tokenTypes: Expr | null;
  layerNorm?: boolean;
}

/** BERT-style embeddings: word `V·d` + token type `2·d` + position `P·d` + LayerNorm `2d`. */
export function bertEmbeddings(o: BertEmbeddingOptions): SumPart {
  const parts = [
    embeddingTable(
      { key: 'word_embeddings', name: 'word embeddings', tag: 'word', role: 'token-embedding' },
      o.vocab,
      o.d,
    ),
    ...(o.tokenTypes
      ? [
          embeddingTable(
            {
              key: 'token_type_embeddings',
              name: 'token type embeddings',
              tag: 'type',
              role: 'embedding',
            },
            o.tokenTypes,
            o.d,
          ),
        ]
      : []),
    embeddingTable(
      {
        key: 'position_embeddings',
        name: 'position embeddings',
        tag: 'pos',
        role: 'position-embedding',
      },
      o.positions,
      o.d,
    ),
    ...(o.layerNorm === false ? [] : [layerNorm({ key: 'LayerNorm', tag: 'LN' }, o.d)]),
  ];
  return sum(
    { key: 'embeddings', name: 'embeddings', label: countLabel('emb'), role: 'embedding' },
    parts,
  );
}
