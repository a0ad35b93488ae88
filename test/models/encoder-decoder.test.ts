import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { renderDocument } from '../../src/documents/render-document.js';
import { runCli } from '../support/cli.js';
import { writeJson } from '../support/models.js';

const bert = findPreset('bert-base-uncased')!.config;
const gpt2Medium = findPreset('gpt2-medium')!.config;
const decoder = (config: Record<string, unknown>) => ({
  ...config,
  is_decoder: true,
  add_cross_attention: true,
});
const total = (config: Record<string, unknown>, className?: string) =>
  deriveModel({ config, source: 'test', ...(className ? { className } : {}) }).total!;

describe('EncoderDecoderModel: nested encoder and decoder configs', () => {
  it('bert2bert is BertModel plus BertLMHeadModel with cross-attention in every decoder layer', () => {
    const composed = total({
      model_type: 'encoder-decoder',
      encoder: bert,
      decoder: decoder(bert),
    });
    // Each stack as its own class (BertModel keeps its pooler; the decoder's layers gain cross-attention).
    expect(composed).toBe(total(bert, 'BertModel') + total(decoder(bert), 'BertLMHeadModel'));
    // A decoder without cross-attention would be the plain LM head model: the difference is 12 attention blocks.
    expect(total(decoder(bert), 'BertLMHeadModel') - total(bert, 'BertLMHeadModel')).toBe(
      12n * (4n * (768n * 768n + 768n) + 2n * 768n),
    );
  });

  it('bert2gpt2 of different widths adds enc_to_dec_proj (768 → 1,024)', () => {
    const composed = total({
      model_type: 'encoder-decoder',
      encoder: bert,
      decoder: decoder(gpt2Medium),
    });
    expect(composed).toBe(
      total(bert, 'BertModel') +
        total(decoder(gpt2Medium), 'GPT2LMHeadModel') +
        768n * 1024n +
        1024n,
    );
  });

  it("names each stack's symbols apart and writes them in valid TeX", () => {
    const report = deriveModel({
      config: { model_type: 'encoder-decoder', encoder: bert, decoder: decoder(gpt2Medium) },
      source: 'test',
    });
    expect(Object.keys(report.bindings)).toEqual(
      expect.arrayContaining(['d_model_enc', 'd_model_dec', 'L_enc', 'L_dec', 'V_enc', 'V_dec']),
    );
    const tex = renderDocument(report, { format: 'tex' });
    for (const [, body] of tex.matchAll(/\\begin\{align\*\}([\s\S]*?)\\end\{align\*\}/g)) {
      expect(() =>
        katex.renderToString(`\\begin{aligned}${body}\\end{aligned}`, {
          strict: 'error',
          throwOnError: true,
        }),
      ).not.toThrow();
    }
    expect(report.model!.approximations.every((a) => !a.applies)).toBe(true);
  });

  it('a decoder that cannot attend to an encoder, or a missing stack, is one clear line', () => {
    const llama = findPreset('llama-2-7b')!.config;
    const bad = runCli([
      'derive',
      '--config',
      writeJson({ model_type: 'encoder-decoder', encoder: bert, decoder: llama }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /decoder\.model_type = "llama": its causal-LM class cannot attend to an encoder/,
    );
    const missing = runCli([
      'derive',
      '--config',
      writeJson({ model_type: 'encoder-decoder', encoder: bert }),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/config field decoder: expected the decoder's config/);
  });
});
