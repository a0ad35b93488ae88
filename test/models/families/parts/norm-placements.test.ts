import { describe, expect, it } from 'vitest';
import { normPlacements } from '../../../../src/models/families/parts/norm-placements.js';

// A layer's norm module names as the transformers decoder layers define them (__init__ of
// LlamaDecoderLayer, Gemma2DecoderLayer, Olmo2DecoderLayer, CohereDecoderLayer, PhiDecoderLayer,
// Glm4DecoderLayer).
const modelingNames: Record<keyof typeof normPlacements, string[]> = {
  pre: ['input_layernorm', 'post_attention_layernorm'],
  sandwich: [
    'input_layernorm',
    'post_attention_layernorm',
    'pre_feedforward_layernorm',
    'post_feedforward_layernorm',
  ],
  post: ['post_attention_layernorm', 'post_feedforward_layernorm'],
  parallel: ['input_layernorm'],
  phi: ['input_layernorm'],
  glm4: [
    'input_layernorm',
    'post_self_attn_layernorm',
    'post_attention_layernorm',
    'post_mlp_layernorm',
  ],
};

describe('norm placements', () => {
  it.each(Object.entries(normPlacements))(
    '%s names the modules the layer defines',
    (name, list) => {
      expect(list.map(([key]) => key)).toEqual(modelingNames[name as keyof typeof normPlacements]);
    },
  );

  it('gives each norm of a layer its own label', () => {
    for (const list of Object.values(normPlacements))
      expect(new Set(list.map(([, label]) => label)).size).toBe(list.length);
  });
});
