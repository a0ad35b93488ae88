import { UserError } from '../errors/user-error.js';
import type { TargetModules } from '../analysis/lora-match.js';
import type { LoraRequest } from '../requests/lora-request.js';
import { parseCount } from './counts.js';
import { anyLoraOption, type LoraMemoryOptions, type LoraOptions } from './lora-options.js';
import type { LoraMemoryRequest } from '../requests/lora-memory-request.js';
import { adapterTypes, type AdapterType } from '../analysis/lora-memory.js';

/** PEFT's `LoraConfig` defaults: `r = 8`, `lora_alpha = 8` (peft/tuners/lora/config.py). */
const defaults = { rank: 8n, alpha: 8 } as const;

/** A comma-separated list of names, none empty. */
function namesOf(option: string, raw: string): string[] {
  const names = raw.split(',').map((n) => n.trim());
  if (names.some((n) => n === ''))
    throw new UserError(`${option} ${raw}: expected names separated by commas, none empty`, {
      field: option,
      received: raw,
      expected: 'name,name,…',
    });
  return names;
}

/** The targets asked for: a list, `all-linear` (any case, as PEFT reads it), or a pattern. */
function targetsOf(o: LoraOptions): TargetModules | undefined {
  if (o.targetModules !== undefined && o.targetRegex !== undefined)
    throw new UserError('give --target-modules or --target-regex, not both', {
      field: '--target-regex',
    });
  if (o.targetRegex !== undefined) return { kind: 'regex', pattern: o.targetRegex };
  if (o.targetModules === undefined) return undefined;
  if (o.targetModules.trim().toLowerCase() === 'all-linear') return { kind: 'all-linear' };
  return { kind: 'names', names: namesOf('--target-modules', o.targetModules) };
}

/** `--alpha`: a positive number, as `lora_alpha` may be. */
function alphaOf(raw: string | undefined): number {
  if (raw === undefined) return defaults.alpha;
  const alpha = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(alpha) || alpha <= 0)
    throw new UserError(`--alpha ${raw}: expected a positive number (lora_alpha, e.g. 16)`, {
      field: '--alpha',
      received: raw,
      expected: 'a positive number',
    });
  return alpha;
}

/** The LoRA request the options make, each value checked and named by its option. */
export function loraRequestOf(o: LoraOptions): LoraRequest {
  const targets = targetsOf(o);
  return {
    rank: o.rank === undefined ? defaults.rank : parseCount('--rank', o.rank),
    alpha: alphaOf(o.alpha),
    ...(targets ? { targets } : {}),
    ...(o.modulesToSave !== undefined
      ? { modulesToSave: namesOf('--modules-to-save', o.modulesToSave) }
      : {}),
  };
}

/** `tparams memory`'s LoRA request, when `--lora` or `--qlora` asks for one. */
export function loraMemoryRequestOf(o: LoraMemoryOptions): LoraMemoryRequest | undefined {
  if (!o.lora && !o.qlora) {
    if (anyLoraOption(o) || o.adapterDtype !== undefined)
      throw new UserError(
        '--rank, --alpha, the targets and --adapter-dtype go with --lora or --qlora',
        { field: '--lora' },
      );
    return undefined;
  }
  const dtype = o.adapterDtype ?? 'fp32';
  if (!Object.hasOwn(adapterTypes, dtype))
    throw new UserError(`--adapter-dtype ${dtype}: expected fp32 or bf16`, {
      field: '--adapter-dtype',
      received: dtype,
      expected: Object.keys(adapterTypes).join(', '),
    });
  return { lora: loraRequestOf(o), qlora: Boolean(o.qlora), adapterDtype: dtype as AdapterType };
}
