import {
  expectedParameters,
  namesChecked,
  verifyCheckpoint,
  type Verification,
} from '../analysis/verify.js';
import { loadModel } from '../models/load-model.js';
import { deriveModel } from './derive-model.js';
import { setAsideLeftOut } from './left-out-tensors.js';
import type { OpenedCheckpoint } from '../checkpoint/open-checkpoint.js';
import type { CheckpointRename } from '../models/spec/model-spec.js';

/** A checkpoint verified against the class it was saved from, and that class. */
export interface VerifiedModel {
  readonly className: string;
  readonly verification: Verification;
}

/**
 * Verifies a checkpoint against its config's class (or `className`). A checkpoint saved from the
 * base model — names without the class's prefix, and only the head missing — is what
 * transformers loads into a head class by initialising the head; it is verified against the base
 * class instead, and the report says so.
 */
export function verifyModel(checkpoint: OpenedCheckpoint, className?: string): VerifiedModel {
  const request = {
    config: checkpoint.config,
    source: checkpoint.configSource,
    ...(className ? { className } : {}),
  };
  const against = (cls?: string) => {
    const report = deriveModel({ ...request, ...(cls ? { className: cls } : {}) });
    const comparable = checkpoint.namesComparable && namesChecked.has(report.model!.modelType);
    const tensors = renamed(checkpoint.tensors, report.model!.checkpointRenames);
    // The MTP layers' tensors (DeepSeek-V3, GLM-4.5) are set aside, said, and not compared.
    const aside = comparable ? setAsideLeftOut(tensors, report) : { tensors, explained: [] };
    const verification = verifyCheckpoint(
      aside.tensors,
      expectedParameters(report.part, report.bindings),
      report.total ?? 0n,
      comparable,
    );
    return {
      className: report.model!.className,
      verification: aside.explained.length
        ? { ...verification, explained: [...verification.explained, ...aside.explained] }
        : verification,
    };
  };
  const first = against(className);
  const v = first.verification;
  if (
    className ||
    v.match ||
    !v.mapped ||
    v.unexpected.length ||
    v.mismatched.length ||
    !v.missing.length
  )
    return first;
  const base = loadModel(request).family.classes.find(
    (c) => c.endsWith('Model') && !c.includes('For'),
  );
  if (!base || base === first.className) return first;
  const second = against(base);
  if (!second.verification.match) return first;
  const note = `the checkpoint is the base model ${base}, without the head of ${first.className} (${v.missing.join(', ')}); verified as ${base}`;
  return {
    className: base,
    verification: {
      ...second.verification,
      mapped: [second.verification.mapped, note].filter(Boolean).join('; '),
    },
  };
}

/** The tensors under today's names, where the class reads older ones (a composite's `language_model.model.…`). */
function renamed(
  tensors: OpenedCheckpoint['tensors'],
  renames: readonly CheckpointRename[] | undefined,
): OpenedCheckpoint['tensors'] {
  if (!renames?.length) return tensors;
  const rules = renames.map((r) => ({ from: new RegExp(r.from), to: r.to }));
  return new Map(
    [...tensors].map(([name, info]) => {
      const rule = rules.find((r) => r.from.test(name));
      return [rule ? name.replace(rule.from, rule.to) : name, info];
    }),
  );
}
