import { humanFactored } from '../expr/human-factor.js';
import { add, label, mul, num, sym, upright, type Expr } from '../expr/nodes.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import { factoringRules } from '../derive/notation-rules.js';
import { UserError } from '../errors/user-error.js';
import type { Part } from '../components/part.js';
import type { CountedModel } from './counted-model.js';
import { ggufTensors, type GgufTensor } from './llama-quant-names.js';
import { llamaTensorType, type ModelFacts, type TensorSite } from './llama-quant-rules.js';
import {
  bitsPerWeight,
  ggmlBlock,
  llamaFileTypes,
  type GgmlBlock,
  type GgmlType,
  type LlamaFileTypeName,
} from './llama-quant-types.js';

/** The tensors of one storage type: how many parameters, in how many bytes, and which tensors. */
export interface StorageShare {
  readonly type: GgmlType;
  readonly block: GgmlBlock;
  readonly bitsPerWeight: string;
  /** The symbol the weights' sum names it by: `n_q4_K` (blocks), or `P_f32` for a type of one element a block. */
  readonly symbol: string;
  readonly params: bigint;
  readonly bytes: bigint;
  /** How many GGUF tensors are stored in it (a layer's tensor once a layer, a mixture's experts one 3-D tensor). */
  readonly tensorCount: bigint;
  /** `P_{q4_K}` derived from the sizes. */
  readonly derivation: Derivation;
  /** llama.cpp's names of the tensors in it, each with the layers it has in this type when not all. */
  readonly tensors: ReadonlyArray<{
    readonly name: string;
    readonly layers?: bigint;
    readonly of?: bigint;
  }>;
}

/** The weights as llama-quantize stores them: the sum over storage types, and what no rule names. */
export interface LlamaWeights {
  readonly derivation: Derivation;
  readonly bytes: bigint;
  readonly byType: readonly StorageShare[];
  readonly about: LlamaFileFacts;
}

/** What the text says beside the sum: the file type, whether the head is tied, the tensors no name covers. */
export interface LlamaFileFacts {
  /** As llama-quantize names it: `Q4_K_M`. */
  readonly name: string;
  readonly base: GgmlType;
  /** No `output.weight`: `token_embd` took the head's type. */
  readonly tied: boolean;
  /** Our paths of the 2-D tensors no llama.cpp name covers: they take the base type. */
  readonly unnamed: readonly string[];
}

/** Evaluated: each tensor's copies in each layer index (`[undefined]` outside the layers). */
interface Placed {
  readonly tensor: GgufTensor;
  readonly layerIndices: readonly (number | undefined)[];
  /** Copies besides the layers (a mixture's experts). */
  readonly inner: bigint;
  readonly elements: bigint;
  readonly rowLength: bigint;
}

const value = (e: Expr, b: Bindings, what: string) => {
  try {
    return evaluate(e, b);
  } catch {
    throw new UserError(
      `llama.cpp's file types assign a type tensor by tensor and layer by layer: every size must be known (${what} is not)`,
      { field: '--dtype' },
    );
  }
};

function place(t: GgufTensor, bindings: Bindings): Placed {
  const copies = t.copies.map((c) => value(c, bindings, t.path));
  const layers = t.layers ? Number(copies[0]!) : undefined;
  const from = t.layers?.indexAs?.from ? Number(value(t.layers.indexAs.from, bindings, t.path)) : 0;
  const at = t.layers?.indexAs?.at?.map(Number);
  const layerIndices =
    layers === undefined
      ? [undefined]
      : Array.from({ length: layers }, (_, j) => at?.[j] ?? from + j);
  return {
    tensor: t,
    layerIndices,
    inner: copies.slice(layers === undefined ? 0 : 1).reduce((a, b) => a * b, 1n),
    elements: t.part.shape.reduce((n, e) => n * value(e, bindings, t.path), 1n),
    rowLength: value(t.rowLength, bindings, t.path),
  };
}

/** What the rules read off the model: grouped-query ratio, experts, Falcon, the 70B, a tied head. */
function modelFacts(
  part: Part,
  placed: readonly Placed[],
  bindings: Bindings,
  layers: number,
): ModelFacts {
  const nH = bindings.n_h;
  const nKv = bindings.n_kv ?? nH;
  const experts = placed.filter((p) => p.tensor.experts).map((p) => p.inner);
  const arch = part.key;
  const nGqa = nH !== undefined && nKv ? Number(nH / nKv) : 1;
  return {
    nGqa,
    nExpert: experts.length ? Number(experts.reduce((a, b) => (a > b ? a : b))) : 0,
    falcon: /^(Falcon|RW)ForCausalLM$/.test(arch),
    seventyB:
      layers === 80 &&
      ((/^(Llama|Mistral)ForCausalLM$/.test(arch) && nGqa > 1) || arch === 'Qwen2ForCausalLM'),
    tied: !placed.some((p) => p.tensor.category === 'output'),
  };
}

/** Ranks in GGUF order (by layer, then name), as llama-quantize's counters `i_attention_wv`, `i_ffn_down` count. */
function ranks(placed: readonly Placed[], pick: (t: GgufTensor) => boolean) {
  const sites = placed.flatMap((p, k) =>
    p.tensor.experts || !pick(p.tensor)
      ? []
      : p.layerIndices.map((i) => ({ k, i: i ?? -1, name: p.tensor.name })),
  );
  sites.sort((a, b) => a.i - b.i || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rank = new Map(sites.map((s, r) => [`${s.k}:${s.i}`, r]));
  return {
    n: sites.length,
    of: (k: number, i: number | undefined) => rank.get(`${k}:${i ?? -1}`) ?? 0,
  };
}

const attnVLike = (t: GgufTensor) => ['attn_v', 'attn_qkv', 'attn_kv_b'].includes(t.category);

/** The weights of a model in one of llama.cpp's file types, tensor by tensor as llama-quantize picks. */
export function llamaWeights(model: CountedModel, fileType: LlamaFileTypeName): LlamaWeights {
  const { part, bindings } = model;
  const placed = ggufTensors(part).map((t) => place(t, bindings));
  // The text model's layers: a vision tower's are in the mmproj file.
  const nLayer = placed
    .filter((p) => p.tensor.category !== 'mmproj')
    .reduce((n, p) => Math.max(n, ...p.layerIndices.map((i) => (i === undefined ? 0 : i + 1))), 0);
  const facts = modelFacts(part, placed, bindings, nLayer);
  const attnV = ranks(placed, attnVLike);
  const ffnDown = ranks(placed, (t) => t.category === 'ffn_down');
  // type → tensor index → layers in that type
  const byType = new Map<GgmlType, Map<number, number>>();
  placed.forEach((p, k) => {
    for (const i of p.layerIndices) {
      const site: TensorSite = {
        fileType,
        category: p.tensor.category,
        dims: p.tensor.part.shape.length,
        rowLength: p.rowLength,
        attnV: { i: attnV.of(k, i), n: attnV.n },
        // With experts, llama-quantize reads the layer from the name; otherwise it counts ffn_down tensors.
        layer: {
          i: facts.nExpert > 1 ? (i ?? 0) : ffnDown.of(k, i),
          n: nLayer,
        },
        model: facts,
      };
      const type = llamaTensorType(site);
      const tensors = byType.get(type) ?? new Map<number, number>();
      tensors.set(k, (tensors.get(k) ?? 0) + 1);
      byType.set(type, tensors);
    }
  });
  const base = llamaFileTypes[fileType].base;
  // The base type first, then the wider quantized ones, then the floats (f16, f32), as a reader weighs them.
  const rank = (t: GgmlType) => (t === base ? 0 : ggmlBlock(t).elements > 1n ? 1 : 2);
  const order = [...byType.keys()].sort(
    (a, b) => rank(a) - rank(b) || Number(bitsPerWeight(b)) - Number(bitsPerWeight(a)),
  );
  const rules = factoringRules();
  const shares = order.map((type): StorageShare => {
    const tensors = [...byType.get(type)!.entries()];
    const formula = add(
      ...tensors.map(([k, layers]) => {
        const p = placed[k]!;
        const copies =
          p.tensor.layers && layers !== p.layerIndices.length
            ? [num(layers), ...p.tensor.copies.slice(1)]
            : p.tensor.copies;
        return mul(...copies, ...p.tensor.part.shape);
      }),
    );
    const params = tensors.reduce(
      (n, [k, layers]) => n + BigInt(layers) * placed[k]!.inner * placed[k]!.elements,
      0n,
    );
    const block = ggmlBlock(type);
    return {
      type,
      block,
      bitsPerWeight: bitsPerWeight(type),
      symbol: block.elements === 1n ? `P_${type}` : `n_${type}`,
      params,
      bytes: (params / block.elements) * block.bytes,
      tensorCount: BigInt(tensors.reduce((n, [, layers]) => n + layers, 0)),
      derivation: deriveFigure(label('P', upright(type)), humanFactored(formula, rules), bindings),
      tensors: tensors.map(([k, layers]) => {
        const p = placed[k]!;
        const all = layers === p.layerIndices.length;
        return {
          name: p.tensor.name,
          ...(all ? {} : { layers: BigInt(layers), of: BigInt(p.layerIndices.length) }),
        };
      }),
    };
  });
  const sizes: Record<string, bigint> = { ...bindings };
  for (const s of shares)
    sizes[s.symbol] = s.block.elements === 1n ? s.params : s.params / s.block.elements;
  const sum = add(...shares.map((s) => mul(num(s.block.bytes), sym(s.symbol))));
  const derivation = deriveFigure(label('M', 'weights'), sum, sizes);
  return {
    derivation,
    bytes: shares.reduce((n, s) => n + s.bytes, 0n),
    byType: shares,
    about: {
      name: llamaFileTypes[fileType].name,
      base,
      tied: facts.tied,
      unnamed: [...new Set(placed.filter((p) => !p.tensor.named).map((p) => p.tensor.path))],
    },
  };
}
