import { loraCount, type LoraCount, type LoraSettings } from '../analysis/lora.js';
import { peftDefaultTargets } from '../analysis/lora-defaults.js';
import { fullMatcher, matchLora, type TargetModules } from '../analysis/lora-match.js';
import { modelModules, type ModelModules } from '../analysis/lora-modules.js';
import { UserError } from '../errors/user-error.js';
import type { Report } from '../report/report.js';

/** What `tparams lora` asks for: the rank and α, the targets (PEFT's default if none), the copies. */
export interface LoraRequest extends LoraSettings {
  readonly targets?: TargetModules;
  readonly modulesToSave?: readonly string[];
}

/** The count, and where the targets came from. */
export interface LoraFigures {
  readonly targets: TargetModules;
  /** `peft`: PEFT's default for the model's `model_type`, none having been given. */
  readonly targetsFrom: 'given' | 'peft';
  readonly count: LoraCount;
}

/** The option a target list or pattern was given with, for messages. */
export function targetsText(targets: TargetModules): string {
  switch (targets.kind) {
    case 'names':
      return `--target-modules ${targets.names.join(',')}`;
    case 'regex':
      return `--target-regex ${targets.pattern}`;
    case 'all-linear':
      return '--target-modules all-linear';
  }
}

/** The distinct last names of a model's modules of these kinds, in order of first appearance. */
function lastNames(modules: ModelModules, kinds: readonly string[]): string[] {
  const names = [...modules.kinds].filter(([, k]) => kinds.includes(k)).map(([n]) => n);
  return [...new Set(names.map((n) => n.slice(n.lastIndexOf('.') + 1)))];
}

/**
 * The LoRA count of a derived model, once the request is checked against it: every target must
 * be a module PEFT adapts and at least one must match, and each mistake is one line naming the
 * option, what it matched and what the model has.
 */
export function loraFigures(report: Report, request: LoraRequest): LoraFigures {
  const model = report.model;
  if (!model) throw new Error('loraFigures takes the report of a model');
  if (request.rank < 1n)
    throw new UserError(`--rank ${request.rank}: expected a positive integer (PEFT's r)`, {
      field: '--rank',
      received: String(request.rank),
      expected: 'a positive integer',
    });
  const modules = modelModules(report.part, report.bindings);
  const linear = lastNames(modules, ['linear', 'conv1d']);
  const known = `its Linear layers are named ${linear.join(', ') || '(none)'}`;
  const fallback = peftDefaultTargets[model.modelType];
  if (!request.targets && !fallback)
    throw new UserError(
      `--target-modules: PEFT has no default for model_type ${model.modelType}; name the modules to adapt (${known})`,
      { field: '--target-modules', expected: 'module names' },
    );
  const targets = request.targets ?? fallback!;
  const option = targetsText(targets);
  if (targets.kind === 'regex') checkPattern(targets.pattern);
  const match = matchLora(modules, targets, request.modulesToSave);
  const refused = match.refused[0];
  if (refused)
    throw new UserError(
      `${option}: matches ${refused.name}, ${refused.kind === 'conv' ? 'a convolution, whose LoRA this count leaves out' : 'which is not a Linear, Conv1D or Embedding layer (PEFT refuses it)'}; ${known}`,
      { field: '--target-modules', received: refused.name },
    );
  const tied = match.tied[0];
  if (tied)
    throw new UserError(
      `${tied} holds no weight of its own (${modules.tied.get(tied)}); this count leaves out an adapter or copy of a tied module`,
      { field: request.modulesToSave?.length ? '--modules-to-save' : '--target-modules' },
    );
  if (match.adapted.length === 0)
    throw new UserError(`${option}: matches no module of ${model.className}; ${known}`, {
      field: '--target-modules',
      expected: linear.join(','),
    });
  return {
    targets,
    targetsFrom: request.targets ? 'given' : 'peft',
    count: loraCount(report, match, request),
  };
}

/** A pattern JavaScript reads as Python would, or a user error saying why not. */
function checkPattern(pattern: string): void {
  try {
    fullMatcher(pattern);
  } catch (error) {
    throw new UserError(
      `--target-regex ${pattern}: not a regular expression (${(error as Error).message})`,
      { field: '--target-regex', received: pattern, expected: 'a Python re pattern' },
    );
  }
}
