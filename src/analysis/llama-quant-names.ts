import type { Expr } from '../expr/nodes.js';
import type { Part, RepeatPart, Role, TensorPart } from '../components/part.js';

/**
 * What llama-quantize tells tensors apart by (`tensor_get_category` in llama.cpp's
 * `src/llama-quant.cpp`, from the GGUF name), plus the tensors it never quantizes: norms,
 * position embeddings and the MoE router (`ffn_gate_inp`), which `convert_hf_to_gguf.py` writes in f32.
 */
export type TensorCategory =
  | 'token_embd'
  | 'output'
  | 'pos_embd'
  | 'norm'
  | 'ffn_gate_inp'
  | 'attn_q'
  | 'attn_k'
  | 'attn_v'
  | 'attn_qkv'
  | 'attn_kv_b'
  | 'attn_output'
  | 'ffn_gate'
  | 'ffn_up'
  | 'ffn_down'
  | 'other';

/** A module's key inside attention → its llama.cpp name (`convert_hf_to_gguf.py`'s tensor map, read backwards). */
const attentionNames: Readonly<Record<string, TensorCategory>> = {
  q_proj: 'attn_q',
  query: 'attn_q',
  q: 'attn_q',
  k_proj: 'attn_k',
  key: 'attn_k',
  k: 'attn_k',
  v_proj: 'attn_v',
  value: 'attn_v',
  v: 'attn_v',
  o_proj: 'attn_output',
  out_proj: 'attn_output',
  dense: 'attn_output',
  c_proj: 'attn_output',
  o: 'attn_output',
  qkv_proj: 'attn_qkv',
  query_key_value: 'attn_qkv',
  c_attn: 'attn_qkv',
  Wqkv: 'attn_qkv',
  W_pack: 'attn_qkv',
  kv_b_proj: 'attn_kv_b',
};

/** A module's key inside a feed-forward block or a mixture of experts → its llama.cpp name. */
const feedForwardNames: Readonly<Record<string, TensorCategory>> = {
  gate_proj: 'ffn_gate',
  w1: 'ffn_gate',
  wi_0: 'ffn_gate',
  up_proj: 'ffn_up',
  w3: 'ffn_up',
  wi: 'ffn_up',
  wi_1: 'ffn_up',
  c_fc: 'ffn_up',
  fc1: 'ffn_up',
  fc_in: 'ffn_up',
  dense_h_to_4h: 'ffn_up',
  // Phi-3 keeps gate and up fused; llama.cpp stores the fused matrix as ffn_up.
  gate_up_proj: 'ffn_up',
  down_proj: 'ffn_down',
  w2: 'ffn_down',
  wo: 'ffn_down',
  c_proj: 'ffn_down',
  fc2: 'ffn_down',
  fc_out: 'ffn_down',
  dense_4h_to_h: 'ffn_down',
  gate: 'ffn_gate_inp',
  router: 'ffn_gate_inp',
};

/** A norm's module key → its llama.cpp name (the others keep ours). */
const normNames: Readonly<Record<string, string>> = {
  input_layernorm: 'attn_norm',
  ln_1: 'attn_norm',
  post_attention_layernorm: 'ffn_norm',
  ln_2: 'ffn_norm',
  norm: 'output_norm',
  ln_f: 'output_norm',
  final_layernorm: 'output_norm',
};

/** Where a role puts a tensor, whatever its module is called. */
const roleNames: Partial<Record<Role, TensorCategory>> = {
  'token-embedding': 'token_embd',
  unembedding: 'output',
  'position-embedding': 'pos_embd',
  norm: 'norm',
};

/** Modules that hold a mixture's shared experts: their tensors take llama.cpp's `_shexp` suffix. */
const sharedExpertKeys = new Set(['shared_expert', 'shared_experts', 'shared_mlp']);

/** A tensor as a GGUF file holds it: its llama.cpp name, category and where the tree repeats it. */
export interface GgufTensor {
  /** `blk.N.attn_v.weight`, `token_embd.weight`, `blk.N.ffn_down_exps.weight`. */
  readonly name: string;
  readonly category: TensorCategory;
  /** Its path in our tree, for the parts no rule names. */
  readonly path: string;
  readonly part: TensorPart;
  /** The repeats' counts, outermost first. */
  readonly copies: readonly Expr[];
  /** The outermost repeat that is not a mixture's experts: the stack of layers, at `copies[0]`. */
  readonly layers?: RepeatPart;
  /** Inside a mixture's routed experts (one 3-D `_exps` tensor a layer in GGUF). */
  readonly experts: boolean;
  /** `ne[0]`, the length of a row, which a type's block must divide: a matrix's input, a table's width. */
  readonly rowLength: Expr;
  /** Whether the table above names it (or it is 1-D); the others take the file type's base type. */
  readonly named: boolean;
}

interface Walk {
  readonly path: string;
  readonly copies: readonly Expr[];
  readonly layers?: RepeatPart;
  readonly context?: 'attention' | 'mlp';
  readonly role?: TensorCategory;
  readonly experts: boolean;
  readonly shared: boolean;
  readonly module?: string;
}

/** The model's tensors under llama.cpp's names, in the tree's order. */
export function ggufTensors(part: Part): GgufTensor[] {
  return walk(part, { path: '', copies: [], experts: false, shared: false });
}

function walk(part: Part, at: Walk): GgufTensor[] {
  const path = at.path ? `${at.path}.${part.key}` : part.key;
  const here: Walk = {
    ...at,
    path,
    role: (part.role && roleNames[part.role]) ?? at.role,
    context: part.role === 'attention' ? 'attention' : part.role === 'mlp' ? 'mlp' : at.context,
    shared: at.shared || sharedExpertKeys.has(part.key),
    module: part.kind === 'tensor' ? at.module : part.key,
  };
  switch (part.kind) {
    case 'tensor':
      return [tensorOf(part, here)];
    case 'sum':
      return part.children.flatMap((c) => walk(c, here));
    case 'repeat': {
      const experts = part.activeCount !== undefined;
      return walk(part.child, {
        ...here,
        copies: [...here.copies, part.count],
        experts: here.experts || experts,
        ...(here.layers || experts ? {} : { layers: part }),
      });
    }
    case 'empty':
      return [];
  }
}

function tensorOf(part: TensorPart, at: Walk): GgufTensor {
  const oneD = part.shape.length < 2;
  const table = at.context === 'attention' ? attentionNames : at.context ? feedForwardNames : {};
  const key = part.key === 'weight' || part.key === 'bias' ? at.module : part.key;
  const byModule = key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
  const category = at.role ?? byModule ?? (oneD ? 'norm' : 'other');
  const suffix = part.key === 'bias' ? 'bias' : 'weight';
  const own = key ?? part.key;
  const base =
    category === 'norm' ? (normNames[own] ?? own) : category === 'other' ? own : category;
  const kind = at.experts ? '_exps' : at.shared ? '_shexp' : '';
  const name = `${at.layers ? 'blk.N.' : ''}${base}${kind}.${suffix}`;
  // GGUF's ne[0] is PyTorch's innermost dimension: a linear weight's input (declared first here),
  // a table's width (declared last).
  const rowLength = part.matrix ? part.shape[0]! : part.shape[part.shape.length - 1]!;
  return {
    name,
    category,
    path: at.path,
    part,
    copies: at.copies,
    ...(at.layers ? { layers: at.layers } : {}),
    experts: at.experts,
    rowLength,
    named: category !== 'other' || oneD,
  };
}
