import { describe, expect, it } from 'vitest';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../../support/decoder-checkpoint.js';
import { loadJson } from '../../../support/fixtures.js';
import {
  qwen35Language,
  qwen35Visual,
  smallText,
  smallVision,
  swiglu,
} from '../../../support/qwen3-5-checkpoint.js';
import { clipVision, decoder, linear } from '../../../support/vision-checkpoint.js';

// The tie rule of the composites' heads, checked on checkpoint headers written by hand from the
// modeling files (and gemma-3-4b-it's own header, test/fixtures/headers/). transformers 5 ties
// `lm_head.weight` to `model.language_model.embed_tokens.weight` when
// `getattr(self.config, "tie_word_embeddings", False)` holds for the class's own config: for a
// `…ForConditionalGeneration` the composite's top-level flag, else its config class's default
// (Qwen3VLMoeConfig, LlavaConfig: False; Gemma3Config: True); LlavaConfig alone also takes a True
// from text_config. A tied checkpoint stores no `lm_head.weight`; an untied one stores [V, d].

/** `verify` on `tensors` matches name by name. */
function expectMatch(config: Record<string, unknown>, tensors: Tensors) {
  const run = verifyHeader(config, tensors);
  expect(run.code, run.stdout).toBe(0);
  expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
}

/** A Qwen3-VL-MoE of tiny sizes (modeling_qwen3_vl_moe.py): tower d 16, text d 32, 2 experts. */
const qwen3VlMoe = {
  model_type: 'qwen3_vl_moe',
  architectures: ['Qwen3VLMoeForConditionalGeneration'],
  vision_config: {
    model_type: 'qwen3_vl_moe',
    depth: 1,
    hidden_size: 16,
    intermediate_size: 32,
    num_heads: 2,
    patch_size: 2,
    spatial_merge_size: 2,
    temporal_patch_size: 2,
    out_hidden_size: 32,
    num_position_embeddings: 4,
    deepstack_visual_indexes: [0],
  },
  text_config: {
    model_type: 'qwen3_vl_moe_text', // its own default ties; the composite's does not
    vocab_size: 50,
    hidden_size: 32,
    intermediate_size: 64,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    num_key_value_heads: 1,
    head_dim: 16,
    moe_intermediate_size: 8,
    num_experts: 2,
    num_experts_per_tok: 1,
  },
};

function qwen3VlMoeTensors(head: boolean): Tensors {
  const [d, f, m] = [16, 32, 64];
  const merger = (p: string, normWidth: number): Tensors => [
    [`${p}norm.weight`, [normWidth]],
    [`${p}norm.bias`, [normWidth]],
    ...linear(`${p}linear_fc1`, m, m, true),
    ...linear(`${p}linear_fc2`, 32, m, true),
  ];
  const b = 'model.visual.blocks.0.';
  const l = 'model.language_model.layers.0.';
  return [
    ['model.visual.patch_embed.proj.weight', [d, 3, 2, 2, 2]],
    ['model.visual.patch_embed.proj.bias', [d]],
    ['model.visual.pos_embed.weight', [4, d]],
    [`${b}norm1.weight`, [d]],
    [`${b}norm1.bias`, [d]],
    [`${b}norm2.weight`, [d]],
    [`${b}norm2.bias`, [d]],
    ...linear(`${b}attn.qkv`, 3 * d, d, true),
    ...linear(`${b}attn.proj`, d, d, true),
    ...linear(`${b}mlp.linear_fc1`, f, d, true),
    ...linear(`${b}mlp.linear_fc2`, d, f, true),
    ...merger('model.visual.merger.', d),
    ...merger('model.visual.deepstack_merger_list.0.', m),
    ['model.language_model.embed_tokens.weight', [50, 32]],
    [`${l}self_attn.q_proj.weight`, [32, 32]],
    [`${l}self_attn.k_proj.weight`, [16, 32]],
    [`${l}self_attn.v_proj.weight`, [16, 32]],
    [`${l}self_attn.o_proj.weight`, [32, 32]],
    [`${l}self_attn.q_norm.weight`, [16]],
    [`${l}self_attn.k_norm.weight`, [16]],
    [`${l}input_layernorm.weight`, [32]],
    [`${l}post_attention_layernorm.weight`, [32]],
    [`${l}mlp.gate.weight`, [2, 32]],
    [`${l}mlp.experts.gate_up_proj`, [2, 32, 16]],
    [`${l}mlp.experts.down_proj`, [2, 8, 32]],
    ['model.language_model.norm.weight', [32]],
    ...(head ? ([['lm_head.weight', [50, 32]]] as Tensors) : []),
  ];
}

describe('qwen3_vl_moe: the head ties by Qwen3VLMoeConfig, not by its text config', () => {
  const text = qwen3VlMoe.text_config;
  it('unflagged: untied (the composite class says False, the text class True)', () => {
    expectMatch(qwen3VlMoe, qwen3VlMoeTensors(true));
  });
  it('tie_word_embeddings false at the top level: untied, whatever text_config says', () => {
    const config = { ...qwen3VlMoe, tie_word_embeddings: false };
    expectMatch(
      { ...config, text_config: { ...text, tie_word_embeddings: true } },
      qwen3VlMoeTensors(true),
    );
  });
  it('tie_word_embeddings true at the top level: tied, no lm_head', () => {
    const config = { ...qwen3VlMoe, tie_word_embeddings: true };
    expectMatch(
      { ...config, text_config: { ...text, tie_word_embeddings: false } },
      qwen3VlMoeTensors(false),
    );
  });
});

/** A LLaVA of tiny sizes (modeling_llava.py): CLIP tower d 16, Llama text d 32. */
const llava = {
  model_type: 'llava',
  architectures: ['LlavaForConditionalGeneration'],
  vision_config: {
    model_type: 'clip_vision_model',
    hidden_size: 16,
    intermediate_size: 32,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    image_size: 4,
    patch_size: 2,
  },
  text_config: {
    model_type: 'llama',
    vocab_size: 50,
    hidden_size: 32,
    intermediate_size: 64,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    num_key_value_heads: 1,
  },
};

const llavaTensors = (head: boolean): Tensors => [
  ...clipVision('model.vision_tower.vision_model', {
    d: 16,
    ff: 32,
    layers: 1,
    image: 4,
    patch: 2,
  }),
  ...linear('model.multi_modal_projector.linear_1', 32, 16, true),
  ...linear('model.multi_modal_projector.linear_2', 32, 32, true),
  ...decoder('model.language_model', { d: 32, ff: 64, layers: 1, heads: 2, kv: 1, vocab: 50 }),
  ...(head ? ([['lm_head.weight', [50, 32]]] as Tensors) : []),
];

describe('llava: LlavaConfig ties by its own flag, or by a True in text_config', () => {
  const text = llava.text_config;
  it('unflagged: untied (LlavaConfig and LlamaConfig both say False)', () => {
    expectMatch(llava, llavaTensors(true));
  });
  it('tie_word_embeddings true at the top level: tied', () => {
    expectMatch({ ...llava, tie_word_embeddings: true }, llavaTensors(false));
  });
  it('tie_word_embeddings false at the top level, true in text_config: tied (forwarded)', () => {
    const config = { ...llava, tie_word_embeddings: false };
    expectMatch(
      { ...config, text_config: { ...text, tie_word_embeddings: true } },
      llavaTensors(false),
    );
  });
});

describe('gemma3: Gemma3Config ties by default, its top-level flag unties', () => {
  const header = loadJson<{ tensors: Record<string, number[]> }>('headers/gemma-3-4b-it.json');
  const { models } = loadJson<{ models: Array<{ name: string; config: object }> }>(
    'vision-language.json',
  );
  const gemma = models.find((m) => m.name === 'google/gemma-3-4b-it')!.config as Record<
    string,
    unknown
  >;
  const tied: Tensors = Object.entries(header.tensors);
  const textConfig = gemma.text_config as Record<string, unknown>;
  it("gemma-3-4b-it's header (no lm_head) with the flag left out or true", () => {
    expectMatch(gemma, tied);
    expectMatch({ ...gemma, tie_word_embeddings: true }, tied);
  });
  it('text_config alone cannot untie it', () => {
    expectMatch({ ...gemma, text_config: { ...textConfig, tie_word_embeddings: false } }, tied);
  });
  it('tie_word_embeddings false at the top level: lm_head [262208, 2560] of its own', () => {
    expectMatch({ ...gemma, tie_word_embeddings: false }, [
      ...tied,
      ['lm_head.weight', [262208, 2560]],
    ]);
  });
});

describe('qwen3_5: Qwen3_5Config ties by its top-level flag (default False)', () => {
  const config = {
    architectures: ['Qwen3_5ForConditionalGeneration'],
    model_type: 'qwen3_5',
    vision_config: { model_type: 'qwen3_5_vision', ...smallVision },
    text_config: { model_type: 'qwen3_5_text', ...smallText, intermediate_size: 40 },
  };
  const tensors = (head: boolean): Tensors => [
    ...qwen35Visual('model.'),
    ...qwen35Language('model.language_model.', swiglu('mlp', 40)),
    ...(head ? ([['lm_head.weight', [100, 64]]] as Tensors) : []),
  ];
  it('tie_word_embeddings true at the top level: tied', () => {
    expectMatch({ ...config, tie_word_embeddings: true }, tensors(false));
  });
  it('true in text_config alone: untied', () => {
    const text = { ...config.text_config, tie_word_embeddings: true };
    expectMatch({ ...config, text_config: text }, tensors(true));
  });
});
