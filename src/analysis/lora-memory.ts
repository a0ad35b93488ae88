import { deriveFigure } from '../derive/figure.js';
import { factoringRules } from '../derive/notation-rules.js';
import type { Derivation } from '../derive/steps.js';
import type { Bindings } from '../expr/evaluate.js';
import { humanFactored } from '../expr/human-factor.js';
import { add, label, mul, num, ref, sub, sym, type Expr } from '../expr/nodes.js';
import { closedFormOf, type CountedModel } from './counted-model.js';
import { multiplicity, valueIfKnown, type LoraCount } from './lora.js';
import type { ModelModules, ModuleGroup } from './lora-modules.js';
import { optimizers, type Optimizer } from './training.js';

/**
 * What the adapters are kept in while they train. PEFT casts fp16 and bf16 adapter weights to
 * fp32 by default (`autocast_adapter_dtype=True`, peft/peft_model.py), so the optimizer needs no
 * master copy: 4 + 4 bytes of weight and gradient and the optimizer's moments. `bf16` is mixed
 * precision as the ZeRO paper counts it: 2 + 2 bytes and K bytes of fp32 master copy and moments.
 */
export const adapterTypes = {
  fp32: { weight: 4, gradient: 4, masterCopy: false },
  bf16: { weight: 2, gradient: 2, masterCopy: true },
} as const;
export type AdapterType = keyof typeof adapterTypes;

/**
 * What each optimizer keeps beside fp32 weights, with no master copy to keep: the ZeRO paper's K
 * less its 4 bytes of fp32 weights (`optimizers` in training.ts). Adafactor's factored statistics
 * follow the shapes of the adapters, which this count does not model.
 */
export const statesBeside: Readonly<Record<Exclude<Optimizer, 'adafactor'>, string>> = {
  adam: 'fp32 momentum and variance: 4 + 4 bytes per parameter',
  adamw: 'fp32 momentum and variance: 4 + 4 bytes per parameter',
  'adam-8bit':
    '8-bit momentum and variance: 1 + 1 bytes (bitsandbytes, its per-block scales left out)',
  sgd: 'fp32 momentum: 4 bytes per parameter',
};

/**
 * NF4 with double quantization (Dettmers et al. 2023, QLoRA §3): 4 bits a weight, an 8-bit
 * absmax for each block of 64 weights, and a 32-bit scale for each block of 256 of those absmax
 * values, which is 8/64 + 32/(64·256) = 0.127 bits of constants a weight.
 */
export const nf4 = { bits: 4, block: 64n, blockBits: 8, block2: 256n, block2Bits: 32 } as const;

/** What the frozen base takes in QLoRA's storage, in bits, and what it quantized. */
export interface QloraBase {
  /** `P_NF4`: the Linear and Conv1D weights bitsandbytes stores in 4 bits. */
  readonly quantized: Derivation;
  readonly blocks: bigint;
  readonly blocks2: bigint;
  /** `M_base = 4·P_NF4 + 8·n_blk + 32·n_blk2 + b·(P_model − P_NF4)`, in bits. */
  readonly base: Derivation;
  readonly bytes?: bigint;
  /** The module names kept wide (`lm_head`, or the last module when the head is tied). */
  readonly kept: readonly string[];
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/**
 * The modules bitsandbytes' 4-bit loading leaves wide (transformers, integrations/bitsandbytes.py,
 * `get_keys_to_not_convert`): the output embedding when it has a weight of its own; otherwise
 * (tied weights, or no output embedding: a classifier) the module of the last parameter.
 */
export function keptWide(modules: ModelModules): string[] {
  if (modules.outputHead !== undefined) return [modules.outputHead];
  const last = modules.lastModule;
  const kind = last === undefined ? undefined : modules.kinds.get(last);
  // A last module that is no Linear (a final norm) is not quantized anyway.
  return last !== undefined && (kind === 'linear' || kind === 'conv1d') ? [last] : [];
}

/**
 * The frozen base as QLoRA stores it: `replace_with_bnb_linear` turns every `nn.Linear` and
 * `Conv1D` but the kept ones into `Linear4bit` (NF4 weights, bias as it was); embeddings, norms,
 * biases and the kept modules stay in `keptBits` (the load's `torch_dtype`).
 */
export function qloraBase(model: CountedModel, modules: ModelModules, keptBits: number): QloraBase {
  const kept = keptWide(modules);
  const terms: Expr[] = [];
  let blocks = 0n;
  let blocks2 = 0n;
  let known = true;
  const quantizedGroups: ModuleGroup[] = modules.groups.filter(
    (g) => g.kind === 'linear' || g.kind === 'conv1d',
  );
  for (const group of quantizedGroups) {
    const names = group.names.filter((n) => !kept.includes(n));
    if (names.length === 0) continue;
    terms.push(mul(...multiplicity({ group, names }, model.bindings), group.in!, group.out!));
    const size = valueIfKnown(mul(group.in!, group.out!), model.bindings);
    if (size === undefined) known = false;
    else {
      // bitsandbytes blocks each tensor on its own: ⌈numel/64⌉ absmax values, ⌈that/256⌉ scales.
      const first = ceilDiv(size, nf4.block);
      blocks += BigInt(names.length) * first;
      blocks2 += BigInt(names.length) * ceilDiv(first, nf4.block2);
    }
  }
  const formula = humanFactored(add(...terms), factoringRules());
  const quantized = deriveFigure(label('P', 'NF4'), formula, model.bindings);
  const total = closedFormOf(model);
  const P4 = ref(label('P', 'NF4'), formula);
  const definition = add(
    mul(num(nf4.bits), P4),
    mul(num(nf4.blockBits), sym('n_blk')),
    mul(num(nf4.block2Bits), sym('n_blk2')),
    mul(num(keptBits), sub(ref(label('P', 'model'), total), P4)),
  );
  const p4 = quantized.value;
  const all = valueIfKnown(total, model.bindings);
  const opened =
    known && p4 !== undefined && all !== undefined
      ? add(
          mul(num(nf4.bits), num(p4)),
          mul(num(nf4.blockBits), num(blocks)),
          mul(num(nf4.block2Bits), num(blocks2)),
          mul(num(keptBits), num(all - p4)),
        )
      : undefined;
  const sizes: Bindings = { ...model.bindings, n_blk: blocks, n_blk2: blocks2 };
  const base = deriveFigure(label('M', 'base'), definition, sizes, opened ? { opened } : {});
  return {
    quantized,
    blocks,
    blocks2,
    base,
    ...(base.value !== undefined ? { bytes: ceilDiv(base.value, 8n) } : {}),
    kept,
  };
}

/**
 * The trainable parameters' memory: `(w + g + S)·P_train`, `S` the optimizer's bytes a
 * parameter (the ZeRO paper's K, less the fp32 master copy where the adapters are fp32 already).
 */
export function adapterMemory(
  count: LoraCount,
  optimizer: Optimizer,
  type: AdapterType,
): Derivation {
  const t = adapterTypes[type];
  const states = optimizers[optimizer].k - (t.masterCopy ? 0 : 4);
  const factor = add(num(t.weight), num(t.gradient), num(states));
  const trained = count.trainable.value;
  return deriveFigure(
    label('M', 'adapters'),
    mul(factor, ref(label('P', 'train'), count.trainable.steps[0]!.expr)),
    {},
    trained !== undefined ? { opened: mul(factor, num(trained)) } : {},
  );
}

/** `M_train = M_base + M_adapters + M_act` in bytes, the base's bits ÷ 8 where it is NF4. */
export function loraTrainingTotal(
  base: { readonly label: Derivation['label']; readonly bytes?: bigint },
  adapters: Derivation,
  activations: Derivation | undefined,
): Derivation {
  const parts = [
    { label: base.label, value: base.bytes },
    { label: adapters.label, value: adapters.value },
    ...(activations ? [{ label: activations.label, value: activations.value }] : []),
  ];
  const values = parts.map((p) => p.value);
  const known = values.every((v) => v !== undefined);
  // Each part is derived above: the total names them and adds their values in bytes.
  return deriveFigure(
    label('M', 'train'),
    add(...parts.map((p) => ref(p.label, p.value === undefined ? sym('?') : num(p.value)))),
    {},
    known ? { opened: add(...values.map((v) => num(v!))) } : {},
  );
}
