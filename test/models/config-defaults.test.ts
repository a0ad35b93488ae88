import { describe, expect, it } from 'vitest';
import { configWithDefaults } from '../../src/models/config-defaults.js';
import { loadJson } from '../support/fixtures.js';

interface Case {
  config: Record<string, unknown>;
}

describe('a config.json with its config classes’ defaults filled in', () => {
  it('fills a composite’s nested text config from its text family (Gemma 3 4B: 8 heads of 256)', () => {
    // google/gemma-3-4b-it's config.json leaves its head layout to Gemma3TextConfig; the model has
    // 8 query heads and 4 key/value heads of 256 (its 883-tensor header: q_proj [2048, 2560]).
    const gemma = loadJson<{ models: Case[] }>('vision-language.json').models[0]!.config;
    const text = (gemma.text_config ?? {}) as Record<string, unknown>;
    expect(text.num_attention_heads).toBeUndefined();
    const filled = configWithDefaults(gemma as never) as Record<string, Record<string, unknown>>;
    expect(filled.text_config).toMatchObject({
      num_attention_heads: 8,
      num_key_value_heads: 4,
      head_dim: 256,
    });
    expect(filled.text_config!.hidden_size).toBe(text.hidden_size); // what it writes stays
  });

  it('leaves a model_type no family reads as it is', () => {
    const config = { model_type: 'unknown_x', hidden_size: 7 };
    expect(configWithDefaults(config as never)).toBe(config);
  });
});
