import { oneOf, UserError } from '../errors/user-error.js';
import { componentTargets } from './component-targets.js';
import type { Target } from './target.js';
import { torchTargets } from './torch-targets.js';

/** Every derivable target, registered in one explicit list (no side-effect registration). */
export const targets: readonly Target[] = [...componentTargets, ...torchTargets];

/** Finds a target by id; `nn.X` and a bare `X` are accepted for `torch.nn.X`. */
export function findTarget(id: string): Target {
  const candidates = [id, `torch.${id}`, `torch.nn.${id}`];
  const found = targets.find((t) => candidates.includes(t.id));
  if (!found) {
    throw new UserError(`unknown target '${id}': expected one of ${oneOf(targets.map((t) => t.id))}, a preset, or a Hub id ORG/NAME (see 'tparams list')`, {
      field: 'target',
      received: id,
    });
  }
  return found;
}
