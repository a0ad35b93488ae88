import { bufferPatterns } from '../checkpoint/buffer-names.js';
import type { TensorInfo } from '../checkpoint/safetensors.js';
import type { expectedParameters } from './expected-parameters.js';
import { currentName, renamesSaid } from './legacy-names.js';

export { expectedParameters, type ExpectedParameter } from './expected-parameters.js';

export { namesChecked } from './names-checked.js';

export interface Verification {
  readonly match: boolean;
  readonly checkpointTotal: bigint;
  readonly derivedTotal: bigint;
  readonly unexpected: readonly string[];
  readonly missing: readonly string[];
  readonly mismatched: ReadonlyArray<{
    name: string;
    checkpoint: readonly bigint[];
    derived: readonly bigint[];
  }>;
  /** Tensors the derivation expects absent from the file, and why (a tied head). */
  readonly explained: ReadonlyArray<{ name: string; reason: string }>;
  /** Checkpoint entries that are buffers, not parameters. */
  readonly buffers: readonly string[];
  /** How names were mapped: a prefix the checkpoint lacks or adds. */
  readonly mapped?: string;
  /** Elements by dtype in the checkpoint. */
  readonly dtypes: ReadonlyArray<{ dtype: string; tensors: number; elements: bigint }>;
  /** False where the family's tensor names are not mapped yet: then only the totals are compared. */
  readonly namesCompared: boolean;
}

/** A name's first dot-separated component (`model` of `model.norm.weight`). */
const firstComponent = (name: string) => name.split('.', 1)[0]!;

/** Names with a dot, grouped by their first component, in order of first appearance. */
function groupByPrefix(names: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    if (!name.includes('.')) continue;
    const prefix = firstComponent(name);
    const group = groups.get(prefix);
    if (group) group.push(name);
    else groups.set(prefix, [name]);
  }
  return groups;
}

const numel = (shape: readonly bigint[]) => shape.reduce((a, b) => a * b, 1n);
const sameShape = (a: readonly bigint[], b: readonly bigint[]) =>
  a.length === b.length && a.every((n, i) => n === b[i]);

/**
 * Compares a checkpoint's tensors with the derivation, name by name and shape by shape. A checkpoint
 * saved from the base model (no `model.`/`transformer.` prefix) or with a prefix the class lacks is
 * mapped, as transformers' loading does, and the mapping is said.
 */
export function verifyCheckpoint(
  tensors: ReadonlyMap<string, TensorInfo>,
  expected: ReturnType<typeof expectedParameters>,
  derivedTotal: bigint,
  namesCompared: boolean,
): Verification {
  // A kind of name the derivation declares as a parameter is one there, whatever the patterns
  // say: Laguna's router keeps `gate.e_score_correction_bias` as an nn.Parameter, DeepSeek-V3's
  // as a buffer.
  const patterns = bufferPatterns.filter((p) => !expected.parameters.some((e) => p.test(e.name)));
  const buffers = [...tensors.keys()].filter((n) => patterns.some((p) => p.test(n)));
  // Old names (TensorFlow's LayerNorm.gamma, weight_norm's weight_g), which transformers renames on load.
  const renamed = (n: string) => currentName(n).name;
  const bufferNames = new Set(buffers);
  const params = new Map(
    [...tensors].filter(([n]) => !bufferNames.has(n)).map(([n, t]) => [renamed(n), t] as const),
  );
  // A tied head some checkpoints save anyway is the same matrix: PyTorch counts it once.
  const tiedCopies = new Set(expected.absent.map((a) => a.name).filter((n) => params.has(n)));
  const checkpointTotal = [...params]
    .filter(([n]) => !tiedCopies.has(n))
    .reduce((sum, [, t]) => sum + numel(t.shape), 0n);
  const byDtype = new Map<string, { tensors: number; elements: bigint }>();
  for (const t of params.values()) {
    const entry = byDtype.get(t.dtype) ?? { tensors: 0, elements: 0n };
    byDtype.set(t.dtype, { tensors: entry.tensors + 1, elements: entry.elements + numel(t.shape) });
  }
  const dtypes = [...byDtype].map(([dtype, v]) => ({ dtype, ...v }));
  if (!namesCompared) {
    return {
      match: checkpointTotal === derivedTotal,
      checkpointTotal,
      derivedTotal,
      unexpected: [],
      missing: [],
      mismatched: [],
      explained: [],
      buffers,
      dtypes,
      namesCompared,
    };
  }
  // Map a prefix: the derivation's first name component (model., transformer.) that the checkpoint lacks, or one it adds.
  // Names are grouped by their first component once, so each name is looked at a fixed number of times (linear).
  let derived = expected.parameters;
  let mapped: string | undefined = renamesSaid(tensors.keys());
  const strip = (name: string, prefix: string) => name.slice(prefix.length + 1);
  const ourGroups = groupByPrefix(derived.map((p) => p.name));
  const strippedPrefixes = new Set<string>();
  for (const [prefix, ours] of ourGroups) {
    const hits = ours.filter((n) => params.has(n)).length;
    const stripped = ours.filter((n) => params.has(strip(n, prefix))).length;
    if (stripped > hits) {
      strippedPrefixes.add(prefix);
      mapped = [
        mapped,
        `the checkpoint's names have no '${prefix}.' prefix (saved from the base model); matched without it`,
      ]
        .filter(Boolean)
        .join('; ');
    }
  }
  if (strippedPrefixes.size)
    derived = derived.map((p) => {
      const prefix = firstComponent(p.name);
      return strippedPrefixes.has(prefix) && p.name.length > prefix.length
        ? { ...p, name: strip(p.name, prefix) }
        : p;
    });
  // The other way: a checkpoint saved from a class with a head (`bert.…`, `cls.…`) read as the base model (BertModel).
  const derivedNames = new Set(derived.map((p) => p.name));
  const theirGroups = groupByPrefix([...params.keys()]);
  for (const [prefix, theirs] of theirGroups) {
    const present = theirs.filter((n) => params.has(n));
    const hits = present.filter((n) => derivedNames.has(n)).length;
    const stripped = present.filter((n) => derivedNames.has(strip(n, prefix))).length;
    if (stripped > hits) {
      for (const n of present) {
        const short = strip(n, prefix);
        params.set(short, params.get(n)!);
        params.delete(n);
        // A stripped name may start with a prefix still to be looked at, as it would have when each loop read the names anew.
        theirGroups.get(firstComponent(short))?.push(short);
      }
      mapped = [
        mapped,
        `the checkpoint's names carry a '${prefix}.' prefix (saved from a class with a head); matched without it`,
      ]
        .filter(Boolean)
        .join('; ');
    }
  }
  const expectedByName = new Map(derived.map((p) => [p.name, p]));
  const explainedNames = new Set(expected.absent.map((a) => a.name));
  const unexpected = [...params.keys()].filter((n) => !expectedByName.has(n)).sort();
  const missing = derived.filter((p) => !params.has(p.name)).map((p) => p.name);
  const mismatched = derived
    .filter((p) => params.has(p.name) && !sameShape(params.get(p.name)!.shape, p.shape))
    .map((p) => ({ name: p.name, checkpoint: params.get(p.name)!.shape, derived: p.shape }));
  // Tied parts are explained whether the file leaves them out or saves a copy.
  const explained = expected.absent.map((a) => ({
    name: a.name,
    reason: tiedCopies.has(a.name) ? `${a.reason} (saved in the file too, counted once)` : a.reason,
  }));
  const stillUnexpected = unexpected.filter((n) => !explainedNames.has(n));
  const match =
    checkpointTotal === derivedTotal &&
    stillUnexpected.length === 0 &&
    missing.length === 0 &&
    mismatched.length === 0;
  return {
    match,
    checkpointTotal,
    derivedTotal,
    unexpected: stillUnexpected,
    missing,
    mismatched,
    explained,
    buffers,
    ...(mapped ? { mapped } : {}),
    dtypes,
    namesCompared,
  };
}
