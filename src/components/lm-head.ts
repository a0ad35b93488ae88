import type { Expr } from '../expr/nodes.js';
import { linear } from './linear.js';
import { countLabel, empty, type Part } from './part.js';

/** The output head: its width, vocabulary and whether it is tied to the token embedding. */
export interface LmHeadOptions {
  d: Expr;
  vocab: Expr;
  /** Tied to the word embedding: the same matrix, so it adds nothing. */
  tied?: boolean;
  bias?: boolean;
  key?: string;
}

/** Language-model head: `d·V`, no bias; a tied head is listed as 0 with the reason. */
export function lmHead(o: LmHeadOptions): Part {
  const identity = { key: o.key ?? 'lm_head', name: 'language-model head', tag: 'head' };
  if (o.tied) {
    return empty(
      { key: identity.key, name: identity.name, label: countLabel('head'), role: 'unembedding' },
      'tied to the word embedding: the same matrix, counted once',
    );
  }
  return { ...linear(identity, o.d, o.vocab, o.bias ?? false), role: 'unembedding' };
}
