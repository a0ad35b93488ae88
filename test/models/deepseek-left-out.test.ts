import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { reportJson } from '../../src/printers/report-json.js';
import { reportText } from '../../src/printers/report-text.js';
import { renderDocument } from '../../src/documents/render-document.js';
import { text } from '../../src/printers/notation.js';

const preset = findPreset('deepseek-v3')!;
const report = deriveModel({
  config: preset.config,
  source: preset.repository,
  title: 'deepseek-v3',
});
const field = (name: string) => BigInt(preset.config[name] as number);
const [d, V, E] = [field('hidden_size'), field('vocab_size'), field('n_routed_experts')];
const moeLayers = field('num_hidden_layers') - field('first_k_dense_replace');

// The MTP layer as DeepSeek-V3's checkpoint lays out model.layers.61 (inference/model.py, vLLM's deepseek_mtp.py),
// spelled out from config.json: embed_tokens [V, d], enorm and hnorm [d], eh_proj [d, 2d], one MoE decoder layer,
// shared_head.norm [d] and shared_head.head [V, d].
function layersFromConfig() {
  const [rq, rkv, nope, rope, vh, h, moe] = [
    'q_lora_rank',
    'kv_lora_rank',
    'qk_nope_head_dim',
    'qk_rope_head_dim',
    'v_head_dim',
    'num_attention_heads',
    'moe_intermediate_size',
  ].map(field) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  // q_a_proj, q_a_layernorm, q_b_proj, kv_a_proj_with_mqa, kv_a_layernorm, kv_b_proj, o_proj.
  const attention =
    d * rq +
    rq +
    rq * h * (nope + rope) +
    d * (rkv + rope) +
    rkv +
    rkv * h * (nope + vh) +
    h * vh * d;
  const expert = 3n * d * moe;
  const moeLayer = attention + E * d + E * expert + field('n_shared_experts') * expert + 2n * d;
  const denseLayer = attention + 3n * d * field('intermediate_size') + 2n * d;
  return { moeLayer, denseLayer };
}

function mtpFromConfig(): bigint {
  return V * d + 2n * d + 2n * d * d + layersFromConfig().moeLayer + d + V * d;
}

describe('DeepSeek-V3: what its total leaves out, and why', () => {
  it('keeps the total at what DeepseekV3ForCausalLM counts', () => {
    const { moeLayer, denseLayer } = layersFromConfig();
    expect(report.total).toBe(
      2n * V * d + d + field('first_k_dense_replace') * denseLayer + moeLayers * moeLayer,
    );
  });

  it("derives the routers' e_score_correction_bias (a buffer in transformers): E a MoE layer", () => {
    const bias = report.model!.leftOut!.find((l) => l.key === 'e_score_correction_bias')!;
    expect(bias.derivation.value).toBe(moeLayers * E);
    expect(bias.derivation.value).toBe(14_848n);
    expect(bias.reason).toMatch(/buffer/);
  });

  it('derives the MTP layer from the config, which with the main model makes the 685B of the model card', () => {
    const mtp = report.model!.leftOut!.find((l) => l.key === 'mtp')!;
    expect(mtp.derivation.value).toBe(mtpFromConfig());
    expect(text(mtp.derivation.steps[0]!.expr)).toBe(
      'E_tok + P_enorm + P_hnorm + P_eh + P_moe-layer + P_shared_head',
    );
    // Model card: 685B on the Hub = 671B main model + 14B MTP (rounded); the checkpoint adds FP8 scales too.
    const checkpoint = report.total! + mtp.derivation.value!;
    expect(Number(mtp.derivation.value!) / 1e9).toBeGreaterThan(13);
    expect(Number(mtp.derivation.value!) / 1e9).toBeLessThan(14.5);
    expect(Math.round(Number(checkpoint) / 1e9)).toBeGreaterThanOrEqual(684);
    expect(Math.round(Number(checkpoint) / 1e9)).toBeLessThanOrEqual(685);
  });

  it('says so in text, JSON and every document, beside the total', () => {
    const out = reportText(report, 100);
    expect(out).toContain(
      '  left out       13,463,426,048   (multi-token-prediction layer: see below)',
    );
    expect(out).toContain('Not in the total: multi-token-prediction layer');
    const json = reportJson(report) as {
      left_out: Array<{ name: string; total: string; reason: string }>;
    };
    expect(json.left_out.map((l) => [l.name, l.total])).toEqual([
      ['e_score_correction_bias', '14848'],
      ['mtp', mtpFromConfig().toString()],
    ]);
    for (const format of ['md', 'tex', 'html'] as const) {
      const doc = renderDocument(report, {
        format,
        ...(format === 'html' ? { katexOutput: 'mathml' as const } : {}),
      });
      expect(doc).toContain('Not in the total: multi-token-prediction layer');
      expect(doc).toContain('13,463,426,048');
    }
  });

  it('a model without these says nothing of them', () => {
    const llama = findPreset('llama-2-7b')!;
    const r = deriveModel({ config: llama.config, source: llama.repository });
    expect(r.model!.leftOut).toBeUndefined();
    expect(reportText(r, 100)).not.toContain('left out');
    expect(reportJson(r).left_out).toBeUndefined();
  });
});
