import { UserError } from '../errors/user-error.js';
import { didYouMean } from '../errors/suggest.js';
import { componentTargets } from './component-targets.js';
import type { Target } from './target.js';
import { torchTargets } from './torch-targets.js';

/** Every derivable target, registered in one explicit list (no side-effect registration). */
export const targets: readonly Target[] = [...componentTargets, ...torchTargets];

/** A target by id, or undefined; `nn.X` and a bare `X` are accepted for `torch.nn.X`. */
export function lookupTarget(id: string): Target | undefined {
  const candidates = [id, `torch.${id}`, `torch.nn.${id}`];
  return targets.find((t) => candidates.includes(t.id));
}

/** Every name a target answers to, for suggestions: `torch.nn.Linear`, `nn.Linear`, `Linear`. */
export const targetNames = (): string[] =>
  targets.flatMap((t) =>
    t.id.startsWith('torch.nn.')
      ? [t.id, t.id.slice('torch.'.length), t.id.slice('torch.nn.'.length)]
      : [t.id],
  );

/**
 * The one line for a name that is no target: the nearest known names (`otherNames` adds the
 * presets, which the CLI knows and this registry does not), and where to see them all.
 */
export function unknownTarget(id: string, otherNames: readonly string[] = []): UserError {
  const hint = didYouMean(id, [...otherNames, ...targetNames()]);
  return new UserError(
    `unknown target '${id}'${hint ? `: ${hint}` : ''} (expected a preset, a component, a torch.nn module or a Hub id ORG/NAME; 'tparams list' shows them all)`,
    {
      field: 'target',
      received: id,
    },
  );
}

/** Finds a target by id; `nn.X` and a bare `X` are accepted for `torch.nn.X`. */
export function findTarget(id: string): Target {
  const found = lookupTarget(id);
  if (!found) throw unknownTarget(id);
  return found;
}
