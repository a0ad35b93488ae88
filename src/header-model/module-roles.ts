import type { Role } from '../models/spec/model-spec.js';

/**
 * What a module is for, from its name, as a table tried on the innermost name first
 * (`self_attn.q_norm` is a norm, `mlp.gate` is the MLP's): the names the lineages' checkpoints
 * use for norms, heads, attention, feed-forwards and the other mixers.
 */
const roleRules: ReadonlyArray<readonly [RegExp, Role]> = [
  [/norm|^ln(_|\d|$)|_ln$|^ln_f$/i, 'norm'],
  [/^token_embd$/, 'token-embedding'],
  [/^(lm_head|embed_out|output)$/, 'unembedding'],
  [/^(score|classifier|qa_outputs|pooler|cls)$/, 'head'],
  [/^(linear_attn|mamba|mixer|ssm|short_conv|conv|shortconv)$|^ssm_/, 'mixer'],
  [/attn|attention|^(q_proj|k_proj|v_proj|o_proj|query|key|value|c_attn|qkv_proj)$/, 'attention'],
  [/mlp|ffn|feed_forward|experts|^moe$|^block_sparse_moe$|^(fc1|fc2|c_fc|c_proj)$/, 'mlp'],
];

/** The modules of a tower or its projector: a vision or audio encoder, the bridge to the text. */
const towerName =
  /^(vision_tower|vision_model|visual|vision_encoder|vision|image_encoder|vit|audio_tower|audio_model|audio_encoder|multi_modal_projector|mm_projector|connector|merger|embed_vision|embed_audio)$/;

/** The role of a module at `path` (its names from the root): a tower's whatever it is, else the innermost name's. */
export function roleOf(path: readonly string[]): Role {
  if (path.some((name) => towerName.test(name))) return 'tower';
  for (let i = path.length - 1; i >= 0; i--) {
    const rule = roleRules.find(([pattern]) => pattern.test(path[i]!));
    if (rule) return rule[1];
  }
  return 'other';
}
