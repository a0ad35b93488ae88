import { humanFactored, type FactoringRules } from '../expr/human-factor.js';
import { add, label, mul, num, ref, sym, type Expr } from '../expr/nodes.js';
import type { Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import type { Part } from '../components/part.js';
import { activeTree } from './active.js';
import { embeddingRoles } from './role-totals.js';

/** Compute figures of a model, each a derivation with its convention named. */
export interface ComputeFigures {
  /** Kaplan et al. 2020, Table 1: C_forward ≈ 2N + 2·n_layer·n_ctx·d_attn a token (N: non-embedding, active for MoE). */
  readonly forward: Derivation;
  /** Training compute C ≈ 6·N·D (Kaplan et al. 2020; N non-embedding, active for MoE), with `D` tokens. */
  readonly training?: Derivation;
  /** Chinchilla's compute-optimal tokens, D ≈ 20·N (Hoffmann et al. 2022; N all parameters). */
  readonly chinchillaTokens: Derivation;
}

/** The non-embedding count as a formula: the tree without token/position tables and the untied output matrix. */
function nonEmbeddingFormula(part: Part): Expr {
  if (part.role && embeddingRoles.includes(part.role)) return num(0);
  switch (part.kind) {
    case 'tensor':
      return mul(...part.shape);
    case 'sum':
      return add(...part.children.map(nonEmbeddingFormula));
    case 'repeat':
      return mul(part.count, nonEmbeddingFormula(part.child));
    case 'empty':
      return num(0);
  }
}

/** Layer count: the sum of the model's stacks (`L`, or `L_enc + L_dec`, or `L_dense + …`). */
function layerCount(bindings: Bindings): Expr {
  const stacks = ['L', 'L_enc', 'L_dec', 'L_text', 'L_vis'].filter((s) => bindings[s] !== undefined);
  return stacks.length ? add(...stacks.map(sym)) : sym('L');
}

/**
 * FLOPs of a model as derivations over its symbols: the forward pass a token (with `n_ctx` tokens of
 * context), training on `tokens` tokens, and the compute-optimal token count.
 */
export function computeFigures(part: Part, total: Expr, bindings: Bindings, context: bigint, tokens: bigint | undefined, rules: FactoringRules): ComputeFigures {
  const token = activeTree(part) ?? part;
  const nonEmbedding = ref(label('N', 'N'), humanFactored(nonEmbeddingFormula(token), rules));
  const width = bindings.n_h !== undefined && bindings.d_h !== undefined ? mul(sym('n_h'), sym('d_h')) : sym('d_model');
  const sizes = { ...bindings, n_ctx: context, ...(tokens !== undefined ? { D: tokens } : {}) };
  const forward = deriveFigure(label('C_{\\text{fwd}}', 'C_fwd'), add(mul(num(2), nonEmbedding), mul(num(2), layerCount(bindings), sym('n_ctx'), width)), sizes);
  const training = tokens === undefined ? undefined : deriveFigure(label('C_{\\text{train}}', 'C_train'), mul(num(6), nonEmbedding, sym('D')), sizes);
  const chinchillaTokens = deriveFigure(label('D_{\\text{opt}}', 'D_opt'), mul(num(20), ref(label('P_{\\text{model}}', 'P_model'), total)), sizes);
  return { forward, ...(training ? { training } : {}), chinchillaTokens };
}
