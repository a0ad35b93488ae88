import { expectedParameters } from '../analysis/verify.js';
import type { TensorInfo } from '../checkpoint/safetensors.js';
import type { Report } from '../report/report.js';

/** A checkpoint's tensors less those of the model's left-out MTP layers, and what was set aside. */
export interface SetAside {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly explained: ReadonlyArray<{ name: string; reason: string }>;
}

/**
 * Sets aside the tensors of the multi-token-prediction layers a checkpoint stores after the main
 * model's (`model.layers.{L}.…`: DeepSeek-V3, GLM-4.5) or under a name of their own (`mtp.…`:
 * Qwen3-Next, Qwen3.5), which transformers does not load: each one whose name and shape the
 * left-out derivation gives. The MTP's decoder layer after the main ones is spelled without its own
 * module name (`model.layers.46.self_attn…`), as the checkpoint has it.
 */
export function setAsideLeftOut(
  tensors: ReadonlyMap<string, TensorInfo>,
  report: Report,
): SetAside {
  const mtp = report.model?.leftOut?.find((l) => l.key === 'mtp');
  const layers = report.bindings.L;
  if (!mtp || (layers === undefined && !mtp.checkpointPrefix)) return { tensors, explained: [] };
  const prefix = mtp.checkpointPrefix;
  const stored = prefix
    ? (name: string) => `${prefix}.${name}`
    : (name: string) => checkpointName(name, layers!);
  const kept = new Map(tensors);
  let setAside = 0;
  for (const p of expectedParameters(mtp.part, report.bindings).parameters) {
    const name = stored(p.name);
    const found = kept.get(name);
    if (found && sameShape(found.shape, p.shape)) {
      kept.delete(name);
      setAside++;
    }
  }
  if (setAside === 0) return { tensors, explained: [] };
  return {
    tensors: kept,
    explained: [
      {
        name: `${prefix ? `${prefix}.` : `model.layers.${layers}.`}* (${setAside} tensors)`,
        reason: mtp.reason,
      },
    ],
  };
}

/** `mtp.1.layer.self_attn…` (or, with one MTP layer, `layer.self_attn…`) → `model.layers.{L + 1}.self_attn…`. */
function checkpointName(name: string, layers: bigint): string {
  const numbered = /^mtp\.(\d+)\.(.*)$/.exec(name);
  const index = numbered ? layers + BigInt(numbered[1]!) : layers;
  const rest = (numbered ? numbered[2]! : name).replace(/^layer\./, '');
  return `model.layers.${index}.${rest}`;
}

function sameShape(a: readonly bigint[], b: readonly bigint[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
