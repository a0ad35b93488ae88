import { UserError } from '../errors/user-error.js';
import type { TensorCategory } from './llama-quant-names.js';
import {
  ggmlBlock,
  llamaFileTypes,
  type GgmlType,
  type LlamaFileTypeName,
} from './llama-quant-types.js';

/**
 * llama-quantize's per-tensor rules (llama.cpp, `src/llama-quant.cpp`: `llama_tensor_get_type`,
 * `llama_tensor_get_type_impl`, `use_more_bits`, `tensor_type_fallback`), as tables: for each
 * category, the rows of its `if … else if` chain in order, the first row that matches winning. Only
 * the rows of the file types offered here, without an importance matrix (llama-quantize's default).
 */

/** What a rule looks at: the file type, the tensor, its place and the model's shape. */
export interface TensorSite {
  readonly fileType: LlamaFileTypeName;
  readonly category: TensorCategory;
  /** 1-D tensors (norms, biases) are never quantized. */
  readonly dims: number;
  /** `ne[0]`: a block must divide it. */
  readonly rowLength: bigint;
  /** This tensor's rank among the attn_v-like ones (`i_attention_wv`), and how many there are. */
  readonly attnV: { readonly i: number; readonly n: number };
  /** The layer a feed-forward tensor is in (`layer_info`), of `n_layer`. */
  readonly layer: { readonly i: number; readonly n: number };
  readonly model: ModelFacts;
}

/** The hyperparameters and architecture facts the rules test. */
export interface ModelFacts {
  /** `n_head / n_head_kv` (1 without grouped-query attention). */
  readonly nGqa: number;
  /** Routed experts a layer (`n_expert`, 0 for a dense model). */
  readonly nExpert: number;
  /** `LLM_ARCH_FALCON`, which has rules of its own. */
  readonly falcon: boolean;
  /** `LLM_TYPE_70B`: Llama (with GQA) and Qwen2 of 80 layers, as llama.cpp's `load_hparams` types them. */
  readonly seventyB: boolean;
  /** No `output.weight`: the token table serves as the head and takes the head's type. */
  readonly tied: boolean;
}

type Pick = GgmlType | ((s: TensorSite) => GgmlType);

interface Rule {
  readonly fileTypes: readonly LlamaFileTypeName[];
  readonly when?: (s: TensorSite) => boolean;
  readonly type: Pick;
}

/** `use_more_bits`: the first and last eighth of the layers, and every third one between. */
export function useMoreBits(i: number, n: number): boolean {
  const eighth = Math.floor(n / 8);
  return i < eighth || i >= Math.floor((7 * n) / 8) || (i - eighth) % 3 === 2;
}

const moreBits = (s: TensorSite) => useMoreBits(s.layer.i, s.layer.n);
const firstEighth = (s: TensorSite) => s.layer.i < Math.floor(s.layer.n / 8);

/** attn_v, attn_qkv and attn_kv_b (`category_is_attn_v`): the value projection is the most sensitive. */
const attnVRules: readonly Rule[] = [
  { fileTypes: ['q2_k'], type: (s) => (s.model.nGqa >= 4 ? 'q4_K' : 'q3_K') },
  { fileTypes: ['q3_k_m'], type: (s) => (s.attnV.i < 2 ? 'q5_K' : 'q4_K') },
  { fileTypes: ['q3_k_l'], type: 'q5_K' },
  { fileTypes: ['iq4_nl', 'iq4_xs'], when: (s) => s.model.nGqa >= 4, type: 'q5_K' },
  {
    fileTypes: ['q4_k_m', 'q5_k_m'],
    when: (s) => useMoreBits(s.attnV.i, s.attnV.n),
    type: 'q6_K',
  },
  { fileTypes: ['q4_k_s'], when: (s) => s.attnV.i < 4, type: 'q5_K' },
];

const ffnDownRules: readonly Rule[] = [
  { fileTypes: ['q2_k'], type: 'q3_K' },
  {
    fileTypes: ['q3_k_m'],
    type: (s) =>
      s.layer.i < Math.floor(s.layer.n / 16)
        ? 'q5_K'
        : !s.model.falcon || moreBits(s)
          ? 'q4_K'
          : 'q3_K',
  },
  { fileTypes: ['q3_k_l'], type: (s) => (s.model.falcon ? 'q4_K' : 'q5_K') },
  {
    fileTypes: ['q4_k_m'],
    type: (s) =>
      s.model.falcon
        ? s.layer.i < Math.floor(s.layer.n / 16)
          ? 'q6_K'
          : moreBits(s)
            ? 'q5_K'
            : 'q4_K'
        : moreBits(s)
          ? 'q6_K'
          : 'q4_K',
  },
  { fileTypes: ['iq4_nl', 'iq4_xs'], when: firstEighth, type: 'q5_K' },
  { fileTypes: ['q5_k_m'], when: moreBits, type: 'q6_K' },
  { fileTypes: ['q4_k_s'], when: (s) => !s.model.falcon && firstEighth(s), type: 'q5_K' },
];

const attnOutputRules: readonly Rule[] = [
  {
    fileTypes: ['q2_k', 'q3_k_s', 'q3_k_m', 'iq4_nl', 'q4_k_s', 'q4_k_m', 'iq4_xs'],
    when: (s) => !s.model.falcon && s.model.nExpert === 8,
    type: 'q5_K',
  },
  { fileTypes: ['q2_k'], when: (s) => !s.model.falcon && s.model.nExpert !== 8, type: 'q3_K' },
  { fileTypes: ['q3_k_m'], when: (s) => !s.model.falcon && s.model.nExpert !== 8, type: 'q4_K' },
  { fileTypes: ['q3_k_l'], when: (s) => !s.model.falcon && s.model.nExpert !== 8, type: 'q5_K' },
  { fileTypes: ['q3_k_l'], when: (s) => s.model.falcon, type: 'q4_K' },
];

const allQuantized = Object.keys(llamaFileTypes).filter((t) => t !== 'f16') as LlamaFileTypeName[];

/** attn_k: only the 8-expert rule touches it among these file types. */
const attnKRules: readonly Rule[] = [
  { fileTypes: allQuantized, when: (s) => s.model.nExpert === 8, type: 'q8_0' },
];

/** The chain for each category; those not listed (attn_q, ffn_gate, ffn_up, …) keep the base type. */
const rulesByCategory: Partial<Record<TensorCategory, readonly Rule[]>> = {
  attn_v: attnVRules,
  attn_qkv: attnVRules,
  attn_kv_b: attnVRules,
  attn_k: attnKRules,
  ffn_down: ffnDownRules,
  attn_output: attnOutputRules,
};

/** `tensor_type_fallback`: the type a block size that does not divide the row falls back to. */
const fallbacks: Partial<Record<GgmlType, GgmlType>> = {
  iq4_xs: 'iq4_nl',
  q2_K: 'q4_0',
  q3_K: 'q4_0',
  q4_K: 'q5_0',
  q5_K: 'q5_1',
  q6_K: 'q8_0',
};

const chosen = (rule: Rule, s: TensorSite) =>
  typeof rule.type === 'function' ? rule.type(s) : rule.type;

/** The ggml type llama-quantize stores a tensor in. */
export function llamaTensorType(site: TensorSite): GgmlType {
  const base = llamaFileTypes[site.fileType].base;
  if (site.dims < 2 || site.category === 'kept') return 'f32';
  // The vision tower and projector: llama.cpp's separate mmproj file, which is not quantized.
  if (base === 'f16' || site.category === 'mmproj') return 'f16';
  return fallback(site, ruleType(site, base));
}

function ruleType(site: TensorSite, base: GgmlType): GgmlType {
  const { category, model } = site;
  if (category === 'output' || (model.tied && category === 'token_embd')) {
    if (model.falcon || site.rowLength % ggmlBlock(base).elements !== 0n) return 'q8_0';
    return base === 'q8_0' ? 'q8_0' : 'q6_K';
  }
  const rule = rulesByCategory[category]?.find(
    (r) => r.fileTypes.includes(site.fileType) && (r.when?.(site) ?? true),
  );
  let type = rule ? chosen(rule, site) : base;
  if (category === 'attn_v' || category === 'attn_qkv' || category === 'attn_kv_b') {
    // The 70B's attn_v is 8× smaller than attn_q (8 heads share it): more bits cost little.
    if (model.seventyB && (type === 'q3_K' || type === 'q4_K')) type = 'q5_K';
    // "for the 8-expert model, bumping this to Q8_0 trades just ~128MB"
    if (model.nExpert === 8) type = 'q8_0';
  }
  return type;
}

function fallback(site: TensorSite, type: GgmlType): GgmlType {
  const divides = (t: GgmlType) => site.rowLength % ggmlBlock(t).elements === 0n;
  if (divides(type)) return type;
  const next = fallbacks[type];
  if (!next)
    throw new UserError(
      `--dtype ${site.fileType}: a row of ${site.rowLength} (${site.category}) is not a multiple of ${type}'s block of ${ggmlBlock(type).elements}, and llama-quantize has no fallback for ${type}`,
      {
        field: '--dtype',
        received: site.fileType,
        expected: 'a file type whose blocks divide every row',
      },
    );
  return divides(next) ? next : 'f16';
}
