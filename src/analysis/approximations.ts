import type { Role } from '../components/part.js';
import type { RoleBreakdown, RoleTotals } from './role-totals.js';
import type { ModelShape } from '../models/spec/model-spec.js';

/** The sizes the textbook approximations read. */
export interface ApproximationInputs {
  shape: ModelShape;
  layers: bigint;
  width: bigint;
  vocab: bigint;
  /** Sequence length `s`: the learned positions, else the config's maximum length. */
  sequence: bigint;
}

/** An approximation's name, source and formula. */
interface ApproximationIdentity {
  readonly name: string;
  readonly source: string;
  /** The formula as written in the source, in TeX and in text. */
  readonly tex: string;
  readonly text: string;
}

/** An approximation that does not fit this kind of model, and why, instead of a meaningless error. */
export interface InapplicableApproximation extends ApproximationIdentity {
  readonly applies: false;
  readonly shape: Exclude<ModelShape, 'text'>;
}

/** One approximation next to the exact count: its value, its error, and why it differs. */
export interface ApplicableApproximation extends ApproximationIdentity {
  readonly applies: true;
  readonly value: bigint;
  /** exact − approximation. */
  readonly error: bigint;
  /** `error / exact` in percent. */
  readonly errorPercent: number;
  /** Where the difference comes from, by role, largest first. */
  readonly reasons: readonly ApproximationReason[];
}

/** An approximation of a model's count: with its error, or said not to apply. */
export type Approximation = ApplicableApproximation | InapplicableApproximation;

/**
 * One role's share of an approximation's error: `difference` = exact − approximated for that role.
 * `cause` names the usual culprit when the numbers show it, so every language can say it in words.
 */
export interface ApproximationReason {
  readonly role: Role;
  readonly difference: bigint;
  readonly cause: 'outer-norm' | 'no-learned-positions' | 'role';
}

/** What an approximation attributes to each role; roles it leaves out count as 0. */
type Attribution = Partial<Record<Role, bigint>>;

interface ApproximationRule {
  name: string;
  source: string;
  tex: string;
  text: string;
  /** The kinds of model the formula was not written for. */
  doesNotApply: ReadonlyArray<Exclude<ModelShape, 'text'>>;
  attribute(inputs: ApproximationInputs): Attribution;
}

/** The approximations, as data: each says what it counts for attention, feed-forward, norms and embeddings. */
const rules: readonly ApproximationRule[] = [
  {
    name: 'Kaplan et al.',
    source: 'Kaplan et al. 2020, Scaling Laws for Neural Language Models, N ≈ 12·L·d²',
    tex: '12 L d_{\\text{model}}^{2}',
    text: '12·L·d²',
    // One stack of identical layers of one width: not cross-attention, two widths, or shared weights.
    doesNotApply: ['encoder-decoder', 'two-tower', 'shared-layers', 'stages'],
    attribute: ({ layers: L, width: d }) => ({ attention: 4n * L * d * d, mlp: 8n * L * d * d }),
  },
  {
    name: 'Megatron-LM',
    source: 'Narayanan et al. 2021 (Megatron-LM): 12·L·h²·(1 + 13/(12h) + (V + s)/(12·L·h))',
    tex: '12 L h^{2}\\left(1 + \\frac{13}{12h} + \\frac{V + s}{12 L h}\\right)',
    text: '12·L·h²·(1 + 13/(12h) + (V + s)/(12·L·h))',
    // A GPT language model: its V·h and s·h terms need a vocabulary and a sequence of tokens.
    doesNotApply: ['encoder-decoder', 'two-tower', 'shared-layers', 'vision', 'audio', 'stages'],
    // Expanded: 12Lh² + 13Lh + Vh + sh, i.e. per layer attention 4h² + 4h, MLP 8h² + 5h, two norms 4h.
    attribute: ({ layers: L, width: h, vocab: V, sequence: s }) => ({
      attention: L * (4n * h * h + 4n * h),
      mlp: L * (8n * h * h + 5n * h),
      norm: L * 4n * h,
      'token-embedding': V * h,
      'position-embedding': s * h,
    }),
  },
];

/** Names the usual culprit behind one role's difference, where the numbers show it. */
function causeOf(
  role: Role,
  difference: bigint,
  roles: RoleBreakdown,
): ApproximationReason['cause'] {
  if (role === 'norm' && difference === (roles.outsideLayers.norm ?? 0n)) return 'outer-norm';
  if (role === 'position-embedding' && !roles.totals['position-embedding'])
    return 'no-learned-positions';
  return 'role';
}

/** Every approximation for a model, with its error and the roles that explain it. */
export function approximations(
  exact: bigint,
  roles: RoleBreakdown,
  inputs: ApproximationInputs,
): Approximation[] {
  const totals: RoleTotals = roles.totals;
  return rules.map((rule): Approximation => {
    const identity = { name: rule.name, source: rule.source, tex: rule.tex, text: rule.text };
    if (inputs.shape !== 'text' && rule.doesNotApply.includes(inputs.shape))
      return { ...identity, applies: false, shape: inputs.shape };
    const attributed = rule.attribute(inputs);
    const value = Object.values(attributed).reduce((a, b) => a + (b ?? 0n), 0n);
    const involved = new Set<Role>([
      ...(Object.keys(totals) as Role[]),
      ...(Object.keys(attributed) as Role[]),
    ]);
    const diffs = [...involved]
      .map((role) => ({ role, diff: (totals[role] ?? 0n) - (attributed[role] ?? 0n) }))
      .filter((d) => d.diff !== 0n)
      .sort((a, b) => (abs(b.diff) > abs(a.diff) ? 1 : abs(b.diff) < abs(a.diff) ? -1 : 0));
    const error = exact - value;
    return {
      ...identity,
      applies: true,
      value,
      error,
      errorPercent: exact === 0n ? 0 : Number((error * 1_000_000n) / exact) / 10_000,
      reasons: diffs.map((d) => ({
        role: d.role,
        difference: d.diff,
        cause: causeOf(d.role, d.diff, roles),
      })),
    };
  });
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
