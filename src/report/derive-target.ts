import { resolveArguments, type Setting } from '../targets/parameters.js';
import { findTarget } from '../targets/registry.js';
import { reportOf, type Report } from './report.js';

/** Derives a target (a component or a `torch.nn` module) with `--set`-style settings. */
export function deriveTarget(id: string, settings: readonly Setting[] = []): Report {
  const target = findTarget(id);
  const args = resolveArguments(target.id, target.parameters, settings);
  const { part, bindings } = target.build(args);
  return reportOf(target.id, { kind: target.group, id: target.id }, part, bindings);
}
