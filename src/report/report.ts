import type { Bindings } from '../expr/evaluate.js';
import { withDistinctLabels } from '../components/distinct-labels.js';
import type { Part } from '../components/part.js';
import { deriveAll } from '../derive/derive.js';
import { factoringRules } from '../derive/notation-rules.js';
import { StructuredForms } from '../derive/structure.js';
import type { Derivation } from '../derive/steps.js';
import type { ActiveFacts } from '../analysis/active.js';
import type { Approximation } from '../analysis/approximations.js';
import type { RoleTotals } from '../analysis/role-totals.js';
import type {
  CheckpointRename,
  ImageTowerSpec,
  KvCacheLayout,
  RecurrentStateLayout,
} from '../models/spec/model-spec.js';
import { tableOrder } from '../symbols/table.js';
import { breakdown, type BreakdownNode } from '../analysis/breakdown.js';

/** What was derived: a component, a torch.nn module, or a whole model. */
export interface Subject {
  readonly kind: 'component' | 'torch' | 'model';
  /** The target id, preset name, or config path. */
  readonly id: string;
}

/** Whole-model figures beside the total. */
export interface ModelFacts {
  readonly modelType: string;
  readonly className: string;
  readonly source: string;
  readonly nonEmbedding: bigint;
  readonly roles: RoleTotals;
  readonly approximations: readonly Approximation[];
  /** What a token passes through: the total for a dense model; `k_top` routed experts for a MoE one. */
  readonly active: ActiveFacts;
  /** The longest sequence the config allows, when it says. */
  readonly contextLength?: bigint;
  /** Attention heads a layer, from the config, for figures the count does not need them for. */
  readonly attentionHeads?: bigint;
  /** What generating a token leaves in the KV cache, as the family declares it; absent for encoders. */
  readonly kvCache?: KvCacheLayout;
  /** What one image costs the vision tower (a composite's), for the per-image FLOPs. */
  readonly imageTower?: ImageTowerSpec;
  /** Older spellings of the checkpoint's names, read as today's before `verify` compares them. */
  readonly checkpointRenames?: readonly CheckpointRename[];
  /** What recurrent layers keep a sequence, whatever its length (Mamba, Gated DeltaNet, convolutions). */
  readonly recurrentState?: RecurrentStateLayout;
  /** Weights the checkpoint holds that the total leaves out (DeepSeek-V3's MTP layer), each derived, with why. */
  readonly leftOut?: readonly LeftOut[];
  /** Read from a checkpoint's header rather than a family's table: what it read. */
  readonly fromHeader?: HeaderFacts;
}

/** The bytes a checkpoint's parameters take in its files, in all and by element type. */
export interface StoredWeights {
  readonly bytes: bigint;
  readonly byDtype: ReadonlyArray<{
    readonly dtype: string;
    readonly tensors: number;
    readonly bytes: bigint;
  }>;
}

/** What a derivation read from a checkpoint's header read: its tensors, and the buffers set apart. */
export interface HeaderFacts {
  /** The parameters' tensors the header lists. */
  readonly tensors: number;
  /** Tensors that are buffers, not parameters (`rotary_emb.inv_freq`), left out of the count. */
  readonly buffers: readonly string[];
  /** Where the config that names the dimensions came from, if one did. */
  readonly configSource?: string;
  /** What the weights take as the file stores them, by element type (safetensors' offsets), where the header says. */
  readonly stored?: StoredWeights;
  /** Why the header was read: `--from-checkpoint` asked, no family reads the `model_type`, the config names none, or a GGUF file's architecture is not one rebuilt. */
  readonly why: 'asked' | 'unknown' | 'none' | 'gguf';
}

/** Weights beside the total, not in it: what, why, and their derivation. */
export interface LeftOut {
  readonly key: string;
  readonly name: string;
  readonly reason: string;
  readonly part: Part;
  readonly derivation: Derivation;
  /** The name the checkpoint stores them under (`mtp`); absent: numbered after the main layers. */
  readonly checkpointPrefix?: string;
}

/** Everything the printers need; none of them recomputes any math. */
export interface Report {
  readonly title: string;
  readonly subject: Subject;
  readonly part: Part;
  readonly bindings: Bindings;
  readonly derivations: readonly Derivation[];
  readonly tree: BreakdownNode;
  readonly total?: bigint;
  readonly model?: ModelFacts;
  /** Symbols a spec declared itself (TeX and meaning), beyond the built-in table. */
  readonly symbols?: Readonly<Record<string, { tex?: string; meaning?: string; field?: string }>>;
}

/** Derives every part of a built tree and assembles the report. */
export function reportOf(title: string, subject: Subject, built: Part, bindings: Bindings): Report {
  // A symbol names one count in the whole report, whoever built the tree (a model, a component, a torch module).
  const part = withDistinctLabels(built);
  const forms = new StructuredForms(factoringRules(tableOrder));
  const tree = breakdown(part, bindings, forms);
  const derivations = deriveAll(part, { bindings, order: tableOrder, forms });
  return {
    title,
    subject,
    part,
    bindings,
    derivations,
    tree,
    ...(tree.value !== undefined ? { total: tree.value } : {}),
  };
}
