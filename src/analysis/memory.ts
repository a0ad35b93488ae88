import { humanFactored } from '../expr/human-factor.js';
import {
  add,
  label,
  mul,
  num,
  ref,
  sub,
  sym,
  upright,
  type Expr,
  type Num,
} from '../expr/nodes.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import type { Part } from '../components/part.js';
import { factoringRules } from '../derive/notation-rules.js';
import { closedFormOf, type CountedModel } from './counted-model.js';
import { llamaWeightTypes, type LlamaFileTypeName } from './llama-quant-types.js';
import { llamaWeights, type LlamaFileFacts, type StorageShare } from './llama-weights.js';

/** Which weight matrices a quantized type narrows. */
type Narrowed =
  /** Every linear layer's weight matrix but the output head (GPTQ, AWQ, bitsandbytes by default). */
  | 'linear'
  /** The routed experts' matrices only (gpt-oss's MXFP4: attention, router, embeddings and head stay bf16). */
  | 'experts';

interface WeightTypeSpec {
  readonly bits: number;
  readonly narrows?: Narrowed;
  /** Scales stored per block of `size` elements along a matrix's input, `bits` a block (MXFP4). */
  readonly block?: { readonly size: number; readonly bits: number; readonly what: string };
  /** Stored group-wise when a group size is asked for (GPTQ's and AWQ's integer types). */
  readonly groupwise?: true;
  /** One of llama.cpp's file types: llama-quantize's rules pick each tensor's type (`llama-weights.ts`). */
  readonly llama?: LlamaFileTypeName;
}

/**
 * Weight data types: bits an element. The weight-only quantized ones store the matrices they
 * narrow that wide and keep the rest (embeddings, norms, biases, the output head) in 16 bits.
 * MXFP4 (OCP Microscaling spec) is 4-bit E2M1 elements with an 8-bit E8M0 scale shared by each block
 * of 32, as gpt-oss ships its experts.
 */
export const weightTypes = {
  fp32: { bits: 32 },
  fp16: { bits: 16 },
  bf16: { bits: 16 },
  fp8: { bits: 8, narrows: 'linear' },
  int8: { bits: 8, narrows: 'linear', groupwise: true },
  int4: { bits: 4, narrows: 'linear', groupwise: true },
  mxfp4: {
    bits: 4,
    narrows: 'experts',
    block: { size: 32, bits: 8, what: 'an 8-bit E8M0 scale for each block of 32 elements' },
  },
  ...llamaWeightTypes,
} as const satisfies Record<string, WeightTypeSpec>;

export type WeightType = keyof typeof weightTypes;

/** How much the weights take: a derivation in bytes (in bits when an element is narrower than a byte). */
export interface WeightMemory {
  readonly dtype: WeightType;
  readonly unit: 'bytes' | 'bits';
  readonly derivation: Derivation;
  /** Bytes (bits / 8, rounded up), when every size is known. */
  readonly bytes?: bigint;
  /** Groups or blocks that carry their own scales: how many, of how many elements, and what each stores. */
  readonly groups?: {
    readonly symbol: string;
    readonly size: number;
    readonly count: bigint;
    readonly what: string;
    readonly divisible: boolean;
  };
  /** With a llama.cpp file type: the tensors by the ggml type llama-quantize stores them in. */
  readonly byType?: readonly StorageShare[];
  /** With a llama.cpp file type: its name, whether the head is tied, the matrices no llama.cpp name covers. */
  readonly llama?: LlamaFileFacts;
}

/** What the weights' memory is asked for: the data type, and how a quantized one is stored. */
export interface WeightRequest extends WeightOptions {
  readonly dtype: WeightType;
}

export interface WeightOptions {
  /** Group-wise quantization (GPTQ, AWQ): a 16-bit scale and a zero point of the element's width for each group of this many inputs. */
  readonly groupSize?: number;
  /** Quantize these too, which weight-only schemes keep in 16 bits by default (llama.cpp's types quantize both). */
  readonly also?: { readonly embeddings?: boolean; readonly head?: boolean };
}

/** A matrix the type narrows: its tensor, the counts it is repeated by, and which axis is its input (groups run along it). */
interface Narrowed2D {
  readonly part: Part & { kind: 'tensor' };
  readonly multiplicity: Expr[];
  /** `first`: a linear weight, declared [in, out]; `last`: an embedding table, [rows, width]. */
  readonly input: 'first' | 'last';
}

/**
 * The matrices the type narrows: linear weights (for `experts`, only inside a routed-expert repeat),
 * never the output head or the token table unless asked.
 */
function narrowedMatrices(
  part: Part,
  narrows: Narrowed,
  also: WeightOptions['also'] = {},
  inside = { head: false, experts: false, table: false },
): Narrowed2D[] {
  const here = {
    head: inside.head || part.role === 'unembedding',
    experts: inside.experts || (part.kind === 'repeat' && part.activeCount !== undefined),
    table: inside.table || part.role === 'token-embedding',
  };
  switch (part.kind) {
    case 'tensor': {
      if (here.table && !here.head)
        return also.embeddings && part.shape.length === 2
          ? [{ part, multiplicity: [], input: 'last' }]
          : [];
      if (!part.matrix || (here.head && !also.head)) return [];
      return narrows === 'linear' || here.experts
        ? [{ part, multiplicity: [], input: 'first' }]
        : [];
    }
    case 'sum':
      return part.children.flatMap((c) => narrowedMatrices(c, narrows, also, here));
    case 'repeat':
      return narrowedMatrices(part.child, narrows, also, here).map((m) => ({
        ...m,
        multiplicity: [part.count, ...m.multiplicity],
      }));
    case 'empty':
      return [];
  }
}

/** Groups of `size` along each matrix's input (`out·⌈in/size⌉` a matrix), and whether every input divides evenly. */
function groupCount(
  matrices: ReturnType<typeof narrowedMatrices>,
  bindings: Bindings,
  size: number,
): { count: bigint; divisible: boolean } | undefined {
  let count = 0n;
  let divisible = true;
  const g = BigInt(size);
  try {
    for (const { part, multiplicity, input } of matrices) {
      const [first, second] = part.shape.map((e) => evaluate(e, bindings)) as [bigint, bigint];
      const [inputs, outputs] = input === 'first' ? [first, second] : [second, first];
      const copies = multiplicity.reduce((n, e) => n * evaluate(e, bindings), 1n);
      if (inputs % g !== 0n) divisible = false;
      count += copies * outputs * ((inputs + g - 1n) / g);
    }
  } catch {
    return undefined;
  }
  return { count, divisible };
}

/** The weights' memory for a model in a data type, derived from its count. */
export function weightMemory(model: CountedModel, request: WeightRequest): WeightMemory {
  const { part, bindings } = model;
  const { dtype, ...options } = request;
  const closedForm = closedFormOf(model);
  const rules = factoringRules();
  const type: WeightTypeSpec = weightTypes[dtype];
  if (type.llama) {
    const { derivation, bytes, byType, about } = llamaWeights(model, type.llama);
    return { dtype, unit: 'bytes', derivation, bytes, byType, llama: about };
  }
  const block =
    type.block ??
    (options.groupSize && type.groupwise
      ? {
          size: options.groupSize,
          bits: 16 + type.bits,
          what: `a 16-bit scale and a ${type.bits}-bit zero point for each group of ${options.groupSize} inputs`,
        }
      : undefined);
  const unit = type.bits % 8 === 0 && !block ? 'bytes' : 'bits';
  const size = (elementBits: number) => num(unit === 'bytes' ? elementBits / 8 : elementBits);
  const total = ref(label('P', 'model'), closedForm);
  const labelOf = label('M', 'weights');
  if (!type.narrows) {
    const derivation = deriveFigure(labelOf, mul(size(type.bits), total), bindings);
    return finish(dtype, unit, derivation);
  }
  const matrices = narrowedMatrices(part, type.narrows, options.also);
  const formula = add(...matrices.map((m) => mul(...m.multiplicity, ...m.part.shape)));
  const narrowed = ref(label('P', upright('q')), humanFactored(formula, rules));
  const terms: Expr[] = [scaled(size(type.bits), narrowed)];
  const sizes: Record<string, bigint> = { ...bindings };
  let groups: WeightMemory['groups'];
  if (block) {
    const counted = groupCount(matrices, bindings, block.size);
    if (counted) {
      sizes.n_grp = counted.count;
      groups = {
        symbol: 'n_grp',
        size: block.size,
        count: counted.count,
        what: block.what,
        divisible: counted.divisible,
      };
    }
    terms.push(mul(num(block.bits), sym('n_grp')));
  }
  // What stays 16-bit is one simplified count in the substitute step, not `P_model − P_q` spelled out
  // as a difference of two long formulas.
  const kept = humanFactored(sub(closedForm, formula), rules);
  const opened = add(
    scaled(size(type.bits), narrowed.body),
    ...terms.slice(1),
    mul(size(16), kept),
  );
  terms.push(mul(size(16), sub(total, narrowed)));
  const derivation = deriveFigure(labelOf, add(...terms), sizes, { opened });
  return finish(dtype, unit, derivation, groups);
}

/** `c·body` with constants merged: `4·(3·L·E·d·d_ff)` reads `12·L·E·d·d_ff`, `1·P_q` reads `P_q`. */
function scaled(c: Num, body: Expr): Expr {
  if (body.kind === 'num') return num(c.value * body.value);
  if (c.value === 1n) return body;
  if (body.kind !== 'mul' || body.factors[0]?.kind !== 'num') return mul(c, body);
  const [first, ...rest] = body.factors as [Num, ...Expr[]];
  return mul(num(c.value * first.value), ...rest);
}

function finish(
  dtype: WeightType,
  unit: 'bytes' | 'bits',
  derivation: Derivation,
  groups?: WeightMemory['groups'],
): WeightMemory {
  const value = derivation.value;
  return {
    dtype,
    unit,
    derivation,
    ...(groups ? { groups } : {}),
    ...(value !== undefined ? { bytes: unit === 'bytes' ? value : (value + 7n) / 8n } : {}),
  };
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
