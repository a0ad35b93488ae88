import { evaluate, type Bindings } from '../expr/evaluate.js';
import type { Role } from '../components/part.js';
import type { BreakdownNode } from './breakdown.js';

/** The exact count of each role across the whole model (repeated parts counted as often as they repeat). */
export type RoleTotals = Partial<Record<Role, bigint>>;

/** Role totals, and the part of each that lies outside any repeated layer (a final norm, a head). */
export interface RoleBreakdown {
  readonly totals: RoleTotals;
  readonly outsideLayers: RoleTotals;
}

/**
 * Sums the tree by role: a part with a role counts whole under it; a part without one is looked
 * into; a tensor with no role anywhere above it counts as `other`.
 */
export function roleTotals(tree: BreakdownNode, bindings: Bindings): RoleBreakdown {
  const totals: RoleTotals = {};
  const outsideLayers: RoleTotals = {};
  const addTo = (role: Role, value: bigint, inLayers: boolean) => {
    totals[role] = (totals[role] ?? 0n) + value;
    if (!inLayers) outsideLayers[role] = (outsideLayers[role] ?? 0n) + value;
  };
  const walk = (node: BreakdownNode, copies: bigint, inLayers: boolean) => {
    const role = node.part.role;
    if (role) return addTo(role, copies * (node.value ?? 0n), inLayers);
    if (node.part.kind === 'repeat')
      return walk(node.children[0]!, copies * evaluate(node.part.count, bindings), true);
    if (node.children.length === 0) return addTo('other', copies * (node.value ?? 0n), inLayers);
    for (const c of node.children) walk(c, copies, inLayers);
  };
  walk(tree, 1n, false);
  return { totals, outsideLayers };
}

/** Roles in the order reports list them. */
export const roleOrder: readonly Role[] = [
  'token-embedding',
  'position-embedding',
  'embedding',
  'attention',
  'mixer',
  'mlp',
  'norm',
  'unembedding',
  'head',
  'tower',
  'other',
];

/** Roles that hold vocabulary or position tables: what a non-embedding count leaves out. */
export const embeddingRoles: readonly Role[] = [
  'token-embedding',
  'position-embedding',
  'unembedding',
];

/**
 * Non-embedding parameters (Kaplan et al. 2020): the total minus token and position embeddings;
 * an untied output matrix is a vocabulary table too, so it is left out as well (as in the Pythia paper).
 */
export function nonEmbedding(total: bigint, totals: RoleTotals): bigint {
  return embeddingRoles.reduce((rest, role) => rest - (totals[role] ?? 0n), total);
}
