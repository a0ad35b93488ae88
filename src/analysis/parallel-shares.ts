import type { PlacedTensor } from './parallel.js';
import type { Layout } from './parallel-rules.js';

/** What one layout holds: its tensors' names, its parameters in the model and on the heaviest GPU. */
export interface LayoutShare {
  readonly layout: Layout | 'experts';
  readonly names: readonly string[];
  readonly parameters: bigint;
  readonly perGpu: bigint;
  /** Routed experts: how many of a layer's a GPU holds. */
  readonly experts?: bigint;
}

/** Which share a placed tensor adds to: split over the group, replicated, or whole routed experts. */
export const shareKind = (p: PlacedTensor): 'rep' | 'tp' | 'ep' =>
  p.expert && p.wholeExpert ? 'ep' : p.layout === 'replicated' ? 'rep' : 'tp';

/** A tensor's module as a reader names it: `q_proj`, `embed_tokens`, `experts.w1`. */
function moduleName(p: PlacedTensor): string {
  const parts = p.name.split('.');
  if (parts.at(-1) === p.tensor.key && parts.length > 1 && /^(weight|bias)$/.test(p.tensor.key))
    parts.pop();
  const last = parts.at(-1)!;
  return p.expert ? `experts.${last}` : last;
}

/** The layouts of one stage's GPU: which tensors, and how many parameters in the model and on it. */
export function layoutShares(placed: readonly PlacedTensor[]): LayoutShare[] {
  const shares = new Map<
    LayoutShare['layout'],
    { names: Set<string>; parameters: bigint; perGpu: bigint; experts?: bigint }
  >();
  for (const p of placed) {
    const layout = shareKind(p) === 'ep' ? 'experts' : p.layout;
    const entry = shares.get(layout) ?? { names: new Set(), parameters: 0n, perGpu: 0n };
    entry.names.add(moduleName(p));
    entry.parameters += p.elements * p.allCopies;
    entry.perGpu += p.share * p.copies;
    if (layout === 'experts') entry.experts = p.experts;
    shares.set(layout, entry);
  }
  return [...shares].map(([layout, e]) => ({
    layout,
    names: [...e.names],
    parameters: e.parameters,
    perGpu: e.perGpu,
    ...(e.experts !== undefined ? { experts: e.experts } : {}),
  }));
}
