import { num, type Expr } from '../expr/nodes.js';
import type { Part, RepeatPart, Role, TensorPart } from '../components/part.js';

/**
 * What llama-quantize tells tensors apart by (`tensor_get_category` in llama.cpp's
 * `src/llama-quant.cpp`, from the GGUF name), plus `kept`: the tensors it never quantizes (norms,
 * the router, position and token-type tables, SSM convolutions and A/D, T5's relative bias, by
 * `tensor_allows_quantization`), which `convert_hf_to_gguf.py` writes in f32; and `mmproj`: a
 * vision tower and its projector, which llama.cpp keeps in a separate, unquantized file.
 */
export type TensorCategory =
  | 'token_embd'
  | 'output'
  | 'kept'
  | 'mmproj'
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

/** llama.cpp's names the rules single out, each its own category. */
const ruledNames = new Set<string>([
  'attn_q',
  'attn_k',
  'attn_v',
  'attn_qkv',
  'attn_kv_b',
  'attn_output',
  'ffn_gate',
  'ffn_up',
  'ffn_down',
]);

/** llama.cpp's names llama-quantize leaves as converted (f32). */
const keptNames = new Set<string>([
  'ffn_gate_inp',
  'pos_embd',
  'token_types',
  'attn_rel_b',
  'ssm_conv1d',
  'ssm_a',
  'ssm_d',
  'shortconv_conv',
]);

/**
 * A module's key (or `parent.key`, looked up first) inside attention → its llama.cpp name
 * (`convert_hf_to_gguf.py`'s tensor map, read backwards).
 */
const attentionNames: Readonly<Record<string, string>> = {
  q_proj: 'attn_q',
  query: 'attn_q',
  query_proj: 'attn_q',
  q_lin: 'attn_q',
  q: 'attn_q',
  k_proj: 'attn_k',
  key: 'attn_k',
  key_proj: 'attn_k',
  k_lin: 'attn_k',
  k: 'attn_k',
  v_proj: 'attn_v',
  value: 'attn_v',
  value_proj: 'attn_v',
  v_lin: 'attn_v',
  v: 'attn_v',
  o_proj: 'attn_output',
  out_proj: 'attn_output',
  out_lin: 'attn_output',
  dense: 'attn_output',
  c_proj: 'attn_output',
  Wo: 'attn_output',
  o: 'attn_output',
  qkv_proj: 'attn_qkv',
  query_key_value: 'attn_qkv',
  c_attn: 'attn_qkv',
  Wqkv: 'attn_qkv',
  W_pack: 'attn_qkv',
  kv_b_proj: 'attn_kv_b',
  q_a_proj: 'attn_q_a',
  q_b_proj: 'attn_q_b',
  kv_a_proj_with_mqa: 'attn_kv_a_mqa',
};

/** A module's key (or `parent.key`) inside a feed-forward block or a mixture of experts → its llama.cpp name. */
const feedForwardNames: Readonly<Record<string, string>> = {
  gate_proj: 'ffn_gate',
  w1: 'ffn_gate',
  wi_0: 'ffn_gate',
  up_proj: 'ffn_up',
  w3: 'ffn_up',
  wi: 'ffn_up',
  wi_1: 'ffn_up',
  Wi: 'ffn_up',
  c_fc: 'ffn_up',
  fc1: 'ffn_up',
  fc_in: 'ffn_up',
  lin1: 'ffn_up',
  dense_h_to_4h: 'ffn_up',
  'intermediate.dense': 'ffn_up',
  // Phi-3 keeps gate and up fused; llama.cpp stores the fused matrix as ffn_up.
  gate_up_proj: 'ffn_up',
  down_proj: 'ffn_down',
  w2: 'ffn_down',
  wo: 'ffn_down',
  Wo: 'ffn_down',
  c_proj: 'ffn_down',
  fc2: 'ffn_down',
  fc_out: 'ffn_down',
  lin2: 'ffn_down',
  dense_4h_to_h: 'ffn_down',
  'output.dense': 'ffn_down',
  gate: 'ffn_gate_inp',
  router: 'ffn_gate_inp',
  shared_expert_gate: 'ffn_gate_inp_shexp',
};

/** A module's key inside a state-space or convolution mixer → its llama.cpp name (Mamba, LFM2). */
const mixerNames: Readonly<Record<string, string>> = {
  in_proj: 'ssm_in',
  x_proj: 'ssm_x',
  dt_proj: 'ssm_dt',
  out_proj: 'ssm_out',
  conv1d: 'ssm_conv1d',
  A_log: 'ssm_a',
  D: 'ssm_d',
  conv: 'shortconv_conv',
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
const roleNames: Partial<Record<Role, string>> = {
  'token-embedding': 'token_embd',
  unembedding: 'output',
  'position-embedding': 'pos_embd',
  norm: 'norm',
};

/** Modules that hold a mixture's shared experts: their tensors take llama.cpp's `_shexp` suffix. */
const sharedExpertKeys = new Set(['shared_expert', 'shared_experts', 'shared_mlp']);

/** Keys named the same wherever they sit: BERT's token types, T5's relative position bias (both kept in f32). */
const anywhereNames: Readonly<Record<string, string>> = {
  token_type_embeddings: 'token_types',
  relative_attention_bias: 'attn_rel_b',
};

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
  readonly context?: 'attention' | 'mlp' | 'mixer';
  readonly role?: string;
  readonly experts: boolean;
  readonly shared: boolean;
  readonly tower: boolean;
  /** The keys of the two modules above a tensor, innermost last. */
  readonly modules: readonly string[];
}

/** The model's tensors under llama.cpp's names, in the tree's order. */
export function ggufTensors(part: Part): GgufTensor[] {
  return walk(part, {
    path: '',
    copies: [],
    experts: false,
    shared: false,
    tower: false,
    modules: [],
  });
}

const contexts: Partial<Record<Role, Walk['context']>> = {
  attention: 'attention',
  mlp: 'mlp',
  mixer: 'mixer',
};

function walk(part: Part, at: Walk): GgufTensor[] {
  const path = at.path ? `${at.path}.${part.key}` : part.key;
  const here: Walk = {
    ...at,
    path,
    role: (part.role && roleNames[part.role]) ?? at.role,
    context: (part.role && contexts[part.role]) ?? at.context,
    shared: at.shared || sharedExpertKeys.has(part.key),
    tower: at.tower || part.role === 'tower',
    modules: part.kind === 'tensor' ? at.modules : [...at.modules, part.key].slice(-2),
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

const tables: Record<NonNullable<Walk['context']>, Readonly<Record<string, string>>> = {
  attention: attentionNames,
  mlp: feedForwardNames,
  mixer: mixerNames,
};

/** llama.cpp's name of a tensor's module, by its role, its context's table, then nothing. */
function llamaName(part: TensorPart, at: Walk): string | undefined {
  const own = part.key === 'weight' || part.key === 'bias' ? at.modules : [...at.modules, part.key];
  // Keys may hold dots themselves (T5's `block.0.relative_attention_bias`): read the segments.
  const segments = own.join('.').split('.');
  const key = segments.at(-1);
  const pair = segments.slice(-2).join('.');
  if (at.role === 'norm') return (key && normNames[key]) ?? key;
  if (at.role) return at.role;
  if (key && Object.hasOwn(anywhereNames, key)) return anywhereNames[key];
  const table = at.context ? tables[at.context] : {};
  if (Object.hasOwn(table, pair)) return table[pair];
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

function categoryOf(name: string | undefined, part: TensorPart, at: Walk): TensorCategory {
  if (at.tower) return 'mmproj';
  if (name === 'token_embd' || name === 'output') return name;
  if (part.shape.length < 2 || !name) return part.shape.length < 2 ? 'kept' : 'other';
  if (at.role === 'norm' || keptNames.has(name)) return 'kept';
  return ruledNames.has(name) ? (name as TensorCategory) : 'other';
}

function tensorOf(part: TensorPart, at: Walk): GgufTensor {
  const name = llamaName(part, at);
  const category = categoryOf(name, part, at);
  const suffix = part.key === 'bias' ? 'bias' : 'weight';
  const kind = at.experts ? '_exps' : at.shared ? '_shexp' : '';
  const base = name ?? at.modules.at(-1) ?? part.key;
  const full = `${at.layers ? 'blk.N.' : ''}${base}${kind}.${suffix}`;
  // GGUF's ne[0] is PyTorch's innermost dimension: a linear weight's input (declared first here),
  // a table's width (declared last); a scalar has rows of one.
  const rowLength = part.matrix ? part.shape[0]! : (part.shape[part.shape.length - 1] ?? num(1));
  return {
    name: full,
    category,
    path: at.path,
    part,
    copies: at.copies,
    ...(at.layers ? { layers: at.layers } : {}),
    experts: at.experts,
    rowLength,
    // Kept tensors and the tower are stored whole; a 2-D weight no table names takes the base type.
    named: category !== 'other' || name !== undefined,
  };
}
