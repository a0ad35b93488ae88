import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { loadModel } from '../../src/models/load-model.js';
import { modelReport } from '../../src/requests/derive-model.js';
import { hfCases } from '../support/models.js';

/** `--set` on a model: a field the count never reads, and the config does not have, is refused. */
const llama = hfCases.find((c) => c.hf_class === 'LlamaForCausalLM')!;
const gpt2 = hfCases.find((c) => c.hf_class === 'GPT2LMHeadModel')!;

function refusal(config: Record<string, unknown>, field: string, value: string): string {
  try {
    loadModel({ config, source: 'test', overrides: [[field, value]] });
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return 'accepted';
}

const totalWith = (config: Record<string, unknown>, field: string, value: string) => {
  const loaded = loadModel({ config, source: 'test', overrides: [[field, value]] });
  return modelReport(loaded.spec, 'test', {
    modelType: loaded.modelType,
    className: loaded.className,
    source: 'test',
  }).total;
};

describe('--set of a field the count does not read', () => {
  it('refuses a misspelt field, suggesting the one the count reads', () => {
    expect(refusal(llama.config, 'hidden_sise', '5120')).toBe(
      '--set hidden_sise=5120: a llama config has no field "hidden_sise" that the count reads (--set takes config.json fields; did you mean hidden_size?)',
    );
  });

  it("refuses a derivation's symbol, naming the config's field for it", () => {
    expect(refusal(llama.config, 'd_model', '5120')).toMatch(
      /d_model is a symbol of the derivation; its field here is hidden_size\)$/,
    );
    // GPT-2's config names the width n_embd; hidden_size is its alias (transformers' attribute_map).
    expect(refusal(gpt2.config, 'd_model', '768')).toMatch(
      /its field here is hidden_size or n_embd\)$/,
    );
  });

  it('refuses a field of a nested config that the count does not read', () => {
    expect(refusal(llama.config, 'text_config.hidden_size', '5120')).toMatch(
      /^--set text_config\.hidden_size=5120: a llama config has no field "text_config\.hidden_size"/,
    );
  });

  it('accepts a field the count reads, under its name or an alias, and applies it', () => {
    expect(refusal(llama.config, 'hidden_size', '5120')).toBe('accepted');
    expect(totalWith(gpt2.config, 'n_layer', '1')).toBeLessThan(BigInt(gpt2.total_params));
    expect(totalWith(gpt2.config, 'num_hidden_layers', '1')).toBe(
      totalWith(gpt2.config, 'n_layer', '1'),
    );
  });

  it("accepts a field the file has, though this count does not read it (a change that is the user's to make)", () => {
    const config = { ...llama.config, rope_theta: 10000 };
    expect(totalWith(config, 'rope_theta', '500000')).toBe(BigInt(llama.total_params));
  });

  it('accepts model_type and architectures, which choose the family and the class', () => {
    expect(refusal(llama.config, 'architectures', '["LlamaModel"]')).toBe('accepted');
    const { architectures: _, ...classless } = llama.config as Record<string, unknown>;
    expect(refusal(classless, 'model_type', '"mistral"')).toBe('accepted');
  });
});
