import { humanFactored, type FactoringRules } from '../expr/human-factor.js';
import { add, label, mul, num, ref, sub, type Expr } from '../expr/nodes.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import type { Part } from '../components/part.js';
import type { Bindings } from '../expr/evaluate.js';

/**
 * Weight data types: bits an element. The weight-only quantized ones (fp8, int8, int4) store the
 * linear layers' weight matrices that narrow and keep embeddings, norms, biases and the output head
 * in 16 bits, as GPTQ, AWQ and bitsandbytes do by default.
 */
export const weightTypes = {
  fp32: { bits: 32, quantized: false },
  fp16: { bits: 16, quantized: false },
  bf16: { bits: 16, quantized: false },
  fp8: { bits: 8, quantized: true },
  int8: { bits: 8, quantized: true },
  int4: { bits: 4, quantized: true },
} as const;

export type WeightType = keyof typeof weightTypes;

/** How much the weights take: a derivation in bytes (in bits when an element is narrower than a byte). */
export interface WeightMemory {
  readonly dtype: WeightType;
  readonly unit: 'bytes' | 'bits';
  readonly derivation: Derivation;
  /** Bytes (bits / 8, rounded up), when every size is known. */
  readonly bytes?: bigint;
}

/** The count of the weights that quantization narrows: linear weight matrices, not the output head. */
function quantizedFormula(part: Part, inHead = false): Expr {
  const head = inHead || part.role === 'unembedding';
  switch (part.kind) {
    case 'tensor':
      return part.matrix && !head ? mul(...part.shape) : num(0);
    case 'sum':
      return add(...part.children.map((c) => quantizedFormula(c, head)));
    case 'repeat':
      return mul(part.count, quantizedFormula(part.child, head));
    case 'empty':
      return num(0);
  }
}

/** The weights' memory for a model in a data type, derived from its count (`closedForm`: the count as its derivation ends). */
export function weightMemory(part: Part, closedForm: Expr, bindings: Bindings, dtype: WeightType, rules: FactoringRules): WeightMemory {
  const { bits, quantized } = weightTypes[dtype];
  const unit = bits % 8 === 0 ? 'bytes' : 'bits';
  const size = (elementBits: number) => num(unit === 'bytes' ? elementBits / 8 : elementBits);
  const total = ref(label('P_{\\text{model}}', 'P_model'), closedForm);
  const labelOf = label('M_{\\text{weights}}', 'M_weights');
  let definition: Expr;
  if (!quantized) {
    definition = mul(size(bits), total);
  } else {
    const narrowed = ref(label('P_{\\text{q}}', 'P_q'), humanFactored(quantizedFormula(part), rules));
    definition = add(mul(size(bits), narrowed), mul(size(16), sub(total, narrowed)));
  }
  const derivation = deriveFigure(labelOf, definition, bindings);
  const value = derivation.value;
  return { dtype, unit, derivation, ...(value !== undefined ? { bytes: unit === 'bytes' ? value : (value + 7n) / 8n } : {}) };
}

/** Accelerators to check a size against: memory as sold (GiB for the 24–80 GB cards, GB for the larger ones). */
export const accelerators: ReadonlyArray<{ readonly name: string; readonly bytes: bigint }> = [
  { name: '24 GB (RTX 4090, L4)', bytes: 24n * 2n ** 30n },
  { name: '40 GB (A100 40GB)', bytes: 40n * 2n ** 30n },
  { name: '48 GB (L40S, RTX 6000 Ada)', bytes: 48n * 2n ** 30n },
  { name: '80 GB (A100/H100 80GB)', bytes: 80n * 2n ** 30n },
  { name: '141 GB (H200)', bytes: 141n * 10n ** 9n },
  { name: '192 GB (MI300X, B200)', bytes: 192n * 10n ** 9n },
];
