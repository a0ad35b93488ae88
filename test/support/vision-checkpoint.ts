import type { Tensors } from './decoder-checkpoint.js';

// Tensor names and shapes written by hand from transformers' modeling files, for the
// vision-language tests' checkpoint headers: never from the project's own output.

/** `[name, out, in]` for a Linear, with its bias when `bias`. */
export function linear(name: string, out: number, input: number, bias: boolean): Tensors {
  return [
    [`${name}.weight`, [out, input]],
    ...(bias ? ([[`${name}.bias`, [out]]] as Tensors) : []),
  ];
}

/** A LayerNorm's weight and bias; an RMSNorm's weight alone. */
export const layerNorm = (name: string, d: number): Tensors => [
  [`${name}.weight`, [d]],
  [`${name}.bias`, [d]],
];
export const rmsNorm = (name: string, d: number): Tensors => [[`${name}.weight`, [d]]];

/** Sizes of a vision tower as its config gives them. */
export interface VisionSizes {
  d: number;
  ff: number;
  layers: number;
  image: number;
  patch: number;
}

/** A CLIP/SigLIP-style encoder layer (`self_attn` q/k/v/out_proj, layer_norm1/2, mlp fc1/fc2), all biased. */
function encoderLayer(p: string, d: number, ff: number): Tensors {
  return [
    ...['q_proj', 'k_proj', 'v_proj', 'out_proj'].flatMap((n) =>
      linear(`${p}.self_attn.${n}`, d, d, true),
    ),
    ...layerNorm(`${p}.layer_norm1`, d),
    ...linear(`${p}.mlp.fc1`, ff, d, true),
    ...linear(`${p}.mlp.fc2`, d, ff, true),
    ...layerNorm(`${p}.layer_norm2`, d),
  ];
}

/** CLIPVisionModel (modeling_clip.py) under `prefix` (`…vision_tower.vision_model`). */
export function clipVision(prefix: string, v: VisionSizes): Tensors {
  const patches = (v.image / v.patch) ** 2;
  const out: Tensors = [
    [`${prefix}.embeddings.class_embedding`, [v.d]],
    [`${prefix}.embeddings.patch_embedding.weight`, [v.d, 3, v.patch, v.patch]],
    [`${prefix}.embeddings.position_embedding.weight`, [patches + 1, v.d]],
    ...layerNorm(`${prefix}.pre_layrnorm`, v.d),
  ];
  for (let i = 0; i < v.layers; i++)
    out.push(...encoderLayer(`${prefix}.encoder.layers.${i}`, v.d, v.ff));
  out.push(...layerNorm(`${prefix}.post_layernorm`, v.d));
  return out;
}

/**
 * SiglipVisionTransformer (modeling_siglip.py) under `prefix`, also Idefics3's and SmolVLM's vision
 * model: a biased patch Conv2d, no class token, a post LayerNorm, the pooling head when `head`.
 */
export function siglipVision(prefix: string, v: VisionSizes, head: boolean): Tensors {
  const patches = (v.image / v.patch) ** 2;
  const out: Tensors = [
    [`${prefix}.embeddings.patch_embedding.weight`, [v.d, 3, v.patch, v.patch]],
    [`${prefix}.embeddings.patch_embedding.bias`, [v.d]],
    [`${prefix}.embeddings.position_embedding.weight`, [patches, v.d]],
  ];
  for (let i = 0; i < v.layers; i++)
    out.push(...encoderLayer(`${prefix}.encoder.layers.${i}`, v.d, v.ff));
  out.push(...layerNorm(`${prefix}.post_layernorm`, v.d));
  if (head)
    out.push(
      [`${prefix}.head.probe`, [1, 1, v.d]],
      [`${prefix}.head.attention.in_proj_weight`, [3 * v.d, v.d]],
      [`${prefix}.head.attention.in_proj_bias`, [3 * v.d]],
      ...linear(`${prefix}.head.attention.out_proj`, v.d, v.d, true),
      ...layerNorm(`${prefix}.head.layernorm`, v.d),
      ...linear(`${prefix}.head.mlp.fc1`, v.ff, v.d, true),
      ...linear(`${prefix}.head.mlp.fc2`, v.d, v.ff, true),
    );
  return out;
}

/** Sizes of a decoder as its text config gives them. */
export interface TextSizes {
  d: number;
  ff: number;
  layers: number;
  heads: number;
  kv: number;
  vocab: number;
  /** The head width when the config sets it apart from d / heads (`head_dim`). */
  headDim?: number;
}

/**
 * A Llama-layout decoder under `prefix` (`model.language_model`): embed_tokens, per layer
 * q/k/v/o_proj (q/k/v biased when `qkvBias`: Qwen2), gate/up/down_proj, the RMSNorms `norms`
 * names (Llama: input_layernorm, post_attention_layernorm), Q/K norms when `qkNorm` (Qwen3), norm.
 */
export function decoder(
  prefix: string,
  t: TextSizes,
  o: { qkvBias?: boolean; qkNorm?: boolean; norms?: string[] } = {},
): Tensors {
  const hd = t.headDim ?? t.d / t.heads;
  const norms = o.norms ?? ['input_layernorm', 'post_attention_layernorm'];
  const out: Tensors = [[`${prefix}.embed_tokens.weight`, [t.vocab, t.d]]];
  for (let i = 0; i < t.layers; i++) {
    const l = `${prefix}.layers.${i}`;
    out.push(
      ...linear(`${l}.self_attn.q_proj`, t.heads * hd, t.d, !!o.qkvBias),
      ...linear(`${l}.self_attn.k_proj`, t.kv * hd, t.d, !!o.qkvBias),
      ...linear(`${l}.self_attn.v_proj`, t.kv * hd, t.d, !!o.qkvBias),
      ...linear(`${l}.self_attn.o_proj`, t.d, t.heads * hd, false),
      ...(o.qkNorm
        ? [...rmsNorm(`${l}.self_attn.q_norm`, hd), ...rmsNorm(`${l}.self_attn.k_norm`, hd)]
        : []),
      ...linear(`${l}.mlp.gate_proj`, t.ff, t.d, false),
      ...linear(`${l}.mlp.up_proj`, t.ff, t.d, false),
      ...linear(`${l}.mlp.down_proj`, t.d, t.ff, false),
      ...norms.flatMap((n) => rmsNorm(`${l}.${n}`, t.d)),
    );
  }
  out.push(...rmsNorm(`${prefix}.norm`, t.d));
  return out;
}
