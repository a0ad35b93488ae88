import { activeTree } from './active.js';
import { empty, type Part } from '../components/part.js';

/** What a generated token does not read of the weights, for the reader. */
export type Unread = 'lookup-tables' | 'idle-experts';

/** The weights one decoded token reads, and what it leaves unread. */
export interface TokenReads {
  readonly tree: Part;
  readonly unread: readonly Unread[];
}

/** Tables a token looks one row up in: its token's embedding, its position's. */
const lookupRoles = new Set(['token-embedding', 'position-embedding']);

/** Whether the output head is the token table itself (a tied head holds nothing of its own). */
function tiedHead(part: Part): boolean {
  if (part.role === 'unembedding') return part.kind === 'empty';
  if (part.kind === 'sum') return part.children.some(tiedHead);
  if (part.kind === 'repeat') return tiedHead(part.child);
  return false;
}

/**
 * The parts a decoded token reads in full: the active tree (each routed-expert repeat counted
 * `k_top` times), less the lookup tables, of which a token reads one row (a tied head reads the
 * token table whole, so it stays). This is what a decode step must stream from memory at least.
 */
export function tokenReads(part: Part): TokenReads {
  const active = activeTree(part);
  const tied = tiedHead(part);
  let dropped = false;
  const walk = (p: Part): Part => {
    if (p.role && lookupRoles.has(p.role) && !(tied && p.role === 'token-embedding')) {
      dropped = true;
      return empty({ key: p.key, name: p.name, label: p.label }, 'a token reads one row');
    }
    if (p.kind === 'sum') return { ...p, children: p.children.map(walk) };
    if (p.kind === 'repeat') return { ...p, child: walk(p.child) };
    return p;
  };
  const tree = walk(active ?? part);
  const unread: Unread[] = [
    ...(dropped ? (['lookup-tables'] as const) : []),
    ...(active ? (['idle-experts'] as const) : []),
  ];
  return { tree, unread };
}
