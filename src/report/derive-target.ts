import type { Bindings } from '../expr/evaluate.js';
import type { Part } from '../components/part.js';
import { deriveAll } from '../derive/derive.js';
import type { Derivation } from '../derive/steps.js';
import { tableOrder } from '../symbols/table.js';
import { resolveArguments, type Setting } from '../targets/parameters.js';
import { findTarget } from '../targets/registry.js';
import type { Target } from '../targets/target.js';
import { breakdown, type BreakdownNode } from './breakdown.js';

/** Everything the printers need about one derived target. */
export interface TargetReport {
  readonly title: string;
  readonly target: Target;
  readonly part: Part;
  readonly bindings: Bindings;
  readonly derivations: readonly Derivation[];
  readonly tree: BreakdownNode;
  readonly total?: bigint;
}

/** Derives a target (a component or a `torch.nn` module) with `--set`-style settings. */
export function deriveTarget(id: string, settings: readonly Setting[] = []): TargetReport {
  const target = findTarget(id);
  const args = resolveArguments(target.id, target.parameters, settings);
  const { part, bindings } = target.build(args);
  return reportOf(target.id, target, part, bindings);
}

/** Assembles a report from a built part. */
export function reportOf(title: string, target: Target, part: Part, bindings: Bindings): TargetReport {
  const tree = breakdown(part, bindings, tableOrder);
  const derivations = deriveAll(part, { bindings, order: tableOrder });
  return { title, target, part, bindings, derivations, tree, ...(tree.value !== undefined ? { total: tree.value } : {}) };
}
