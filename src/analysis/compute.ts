import { humanFactored } from '../expr/human-factor.js';
import { add, label, mul, num, pow, ref, sym, type Expr } from '../expr/nodes.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import { formulaOf, type Part } from '../components/part.js';
import { factoringRules } from '../derive/notation-rules.js';
import { closedFormOf, type CountedModel } from './counted-model.js';
import { layerCount } from './layer-count.js';
import { activeTree } from './active.js';
import { embeddingRoles } from './role-totals.js';
import type { ImageTowerSpec } from '../models/spec/model-spec.js';

/** Chinchilla's compute-optimal tokens a parameter (Hoffmann et al. 2022: D ≈ 20·N). */
export const chinchillaTokensPerParameter = 20;

/** Compute figures of a model, each a derivation with its convention named. */
export interface ComputeFigures {
  /** Kaplan et al. 2020, Table 1: C_forward ≈ 2N + 2·n_layer·n_ctx·d_attn a token (N: non-embedding, active for MoE). */
  readonly forward?: Derivation;
  /** Training compute C ≈ 6·N·D (Kaplan et al. 2020; N non-embedding, active for MoE), with `D` tokens. */
  readonly training?: Derivation;
  /** Chinchilla's compute-optimal tokens, D ≈ 20·N (Hoffmann et al. 2022; N all parameters). */
  readonly chinchillaTokens: Derivation;
  /** PaLM's training FLOPs a token with attention, 6·N + 12·L·H·Q·T (Chowdhery et al. 2022, Appendix B). */
  readonly palmPerToken?: Derivation;
  /** Why the per-token forms (Kaplan, PaLM) are absent: they take one stack of one attention width. */
  readonly perTokenWhy?: string;
  /** PaLM's form over `D` tokens, when given. */
  readonly palmTraining?: Derivation;
  /** A composite's vision tower and projector on one image: Kaplan's form over its patch tokens. */
  readonly perImage?: Derivation;
  /** Megatron's FLOPs an iteration of `B` sequences, with activation recomputation (Narayanan et al. 2021, eq. 3). */
  readonly megatronIteration?: Derivation;
}

/**
 * The non-embedding count as a formula: the tree without token/position tables and the untied
 * output matrix, and without the towers, which run once an image, not once a token.
 */
function nonEmbeddingFormula(part: Part): Expr {
  if (part.role && (embeddingRoles.includes(part.role) || part.role === 'tower')) return num(0);
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

/** What compute figures are asked for: tokens of context, tokens of training, sequences a batch. */
export interface ComputeRequest {
  readonly context: bigint;
  /** Training tokens `D`; without them, no training totals. */
  readonly tokens?: bigint;
  /** Sequences an iteration, for Megatron's form (default 1). */
  readonly batch?: bigint;
  /** What one image costs the vision tower, for the per-image figure. */
  readonly imageTower?: ImageTowerSpec;
  /**
   * The layers that attend, where not all do (Mamba's none, Jamba's `L_attn`), with the sizes
   * their count names: the attention terms count those layers only.
   */
  readonly attentionLayers?: { readonly count: Expr; readonly sizes: Bindings };
}

/**
 * FLOPs of a model as derivations over its symbols: the forward pass a token (with `n_ctx` tokens of
 * context), training on `tokens` tokens, and the compute-optimal token count.
 */
export function computeFigures(model: CountedModel, request: ComputeRequest): ComputeFigures {
  const { part, bindings } = model;
  const { context, tokens, batch = 1n } = request;
  const total = closedFormOf(model);
  const rules = factoringRules();
  const token = activeTree(part) ?? part;
  const nonEmbedding = ref(label('N'), humanFactored(nonEmbeddingFormula(token), rules));
  const width =
    bindings.n_h !== undefined && bindings.d_h !== undefined
      ? mul(sym('n_h'), sym('d_h'))
      : sym('d_model');
  const sizes = {
    ...bindings,
    ...request.attentionLayers?.sizes,
    n_ctx: context,
    ...(tokens !== undefined ? { D: tokens } : {}),
  };
  const attending = request.attentionLayers?.count ?? layerCount(bindings);
  // A model without attention layers (Mamba) has no attention term, not a `+ 2·0·…` one.
  const attends = !(attending.kind === 'num' && attending.value === 0n);
  const attention = (factor: bigint) =>
    attends ? [mul(num(factor), attending, sym('n_ctx'), width)] : [];
  const training =
    tokens === undefined
      ? undefined
      : deriveFigure(label('C', 'train'), mul(num(6), nonEmbedding, sym('D')), sizes);
  const perImage = request.imageTower && imageFigure(part, request.imageTower, sizes, rules);
  const chinchillaTokens = deriveFigure(
    label('D', 'opt'),
    mul(num(chinchillaTokensPerParameter), ref(label('P', 'model'), total)),
    sizes,
  );
  if (
    bindings.d_model === undefined &&
    (bindings.n_h === undefined || bindings.d_h === undefined)
  ) {
    const perTokenWhy =
      "not given: Kaplan's and PaLM's per-token forms take one stack with one attention width d_attn, and this model has none (two towers, or stages, of different widths)";
    return {
      ...(training ? { training } : {}),
      chinchillaTokens,
      perTokenWhy,
      ...(perImage ? { perImage } : {}),
    };
  }
  const forward = deriveFigure(
    label('C', 'fwd'),
    add(mul(num(2), nonEmbedding), ...attention(2n)),
    sizes,
  );
  // PaLM: 6N for the weights' forward and backward passes, and 12·L·H·Q·T for attention's (H·Q = n_h·d_h, T the sequence).
  const palmDefinition = add(mul(num(6), nonEmbedding), ...attention(12n));
  const palmPerToken = deriveFigure(label('C', 'PaLM/token'), palmDefinition, sizes);
  const palmTraining =
    tokens === undefined
      ? undefined
      : deriveFigure(label('C', 'PaLM'), mul(sym('D'), palmDefinition), sizes);
  // Megatron-LM: 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)), multiplied out so that every term is whole.
  // Megatron's form is a GPT layer's: it does not fit a stack with recurrent layers.
  const megatronIteration =
    bindings.V === undefined || bindings.d_model === undefined || request.attentionLayers
      ? undefined
      : megatron(bindings, { ...sizes, B: batch });
  return {
    forward,
    ...(training ? { training } : {}),
    chinchillaTokens,
    palmPerToken,
    ...(palmTraining ? { palmTraining } : {}),
    ...(megatronIteration ? { megatronIteration } : {}),
    ...(perImage ? { perImage } : {}),
  };
}

/** The parameters of the parts a token does not pass through: the towers and projectors. */
function towerFormula(part: Part): Expr {
  if (part.role === 'tower') return formulaOf(part);
  switch (part.kind) {
    case 'sum':
      return add(...part.children.map(towerFormula));
    case 'repeat':
      return mul(part.count, towerFormula(part.child));
    default:
      return num(0);
  }
}

/**
 * One image through the tower and projector: `2·N_img` a patch token and `2·L_vis·n_img·d_vis`
 * for its attention over the image's `n_img` tokens (Kaplan's form, the projector counted a
 * patch too: an upper bound where it merges patches).
 */
function imageFigure(
  part: Part,
  tower: ImageTowerSpec,
  sizes: Bindings,
  rules: ReturnType<typeof factoringRules>,
): Derivation {
  const weights = ref(label('N', 'img'), humanFactored(towerFormula(part), rules));
  const tokens = sym('n_img');
  const bindings = { ...sizes, n_img: evaluate(tower.tokens, sizes) };
  return deriveFigure(
    label('C', 'img'),
    mul(tokens, add(mul(num(2), weights), mul(num(2), tower.layers, tokens, tower.width))),
    bindings,
  );
}

/** Narayanan et al. 2021, eq. 3: FLOPs an iteration of B sequences of s tokens, activations recomputed (four passes' worth). */
function megatron(bindings: Bindings, sizes: Bindings): Derivation {
  const [B, s, l, h, V] = [sym('B'), sym('n_ctx'), layerCount(bindings), sym('d_model'), sym('V')];
  const definition = add(
    mul(num(96), B, s, l, pow(h, 2)),
    mul(num(16), B, pow(s, 2), l, h),
    mul(num(6), B, s, h, V),
  );
  return deriveFigure(label('F', 'iter'), definition, sizes);
}
