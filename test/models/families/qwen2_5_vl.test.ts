import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { loadJson } from '../../support/fixtures.js';
import { writeJson } from '../../support/models.js';

// Qwen2.5-VL against test/fixtures/qwen-vl.json (Qwen2.5-VL-7B-Instruct: the Hub's listing and a
// transformers load report, 8,292,166,656) and a header whose names and shapes are written here
// from modeling_qwen2_5_vl.py, in the layout the Hub's checkpoints use (`visual.…`, `model.…`).
interface Case {
  name: string;
  hf_class: string;
  config: Record<string, unknown>;
  total_params: number;
}
const { models } = loadJson<{ models: Case[] }>('qwen-vl.json');
const qwen = models.find((m) => m.name === 'Qwen/Qwen2.5-VL-7B-Instruct')!;

/** Qwen2.5-VL-7B's checkpoint: the vision tower, then the Qwen2 text model and the LM head. */
function checkpoint(): Tensors {
  const [d, f, dm, m2, ff, V, kv] = [1280, 3420, 3584, 1280 * 4, 18944, 152064, 512];
  const tensors: Tensors = [['visual.patch_embed.proj.weight', [d, 3, 2, 14, 14]]];
  for (let i = 0; i < 32; i++) {
    const b = `visual.blocks.${i}.`;
    tensors.push(
      [`${b}norm1.weight`, [d]],
      [`${b}norm2.weight`, [d]],
      [`${b}attn.qkv.weight`, [3 * d, d]],
      [`${b}attn.qkv.bias`, [3 * d]],
      [`${b}attn.proj.weight`, [d, d]],
      [`${b}attn.proj.bias`, [d]],
      [`${b}mlp.gate_proj.weight`, [f, d]],
      [`${b}mlp.gate_proj.bias`, [f]],
      [`${b}mlp.up_proj.weight`, [f, d]],
      [`${b}mlp.up_proj.bias`, [f]],
      [`${b}mlp.down_proj.weight`, [d, f]],
      [`${b}mlp.down_proj.bias`, [d]],
    );
  }
  tensors.push(
    ['visual.merger.ln_q.weight', [d]],
    ['visual.merger.mlp.0.weight', [m2, m2]],
    ['visual.merger.mlp.0.bias', [m2]],
    ['visual.merger.mlp.2.weight', [dm, m2]],
    ['visual.merger.mlp.2.bias', [dm]],
    ['model.embed_tokens.weight', [V, dm]],
  );
  for (let i = 0; i < 28; i++) {
    const l = `model.layers.${i}.`;
    tensors.push(
      [`${l}self_attn.q_proj.weight`, [dm, dm]],
      [`${l}self_attn.q_proj.bias`, [dm]],
      [`${l}self_attn.k_proj.weight`, [kv, dm]],
      [`${l}self_attn.k_proj.bias`, [kv]],
      [`${l}self_attn.v_proj.weight`, [kv, dm]],
      [`${l}self_attn.v_proj.bias`, [kv]],
      [`${l}self_attn.o_proj.weight`, [dm, dm]],
      [`${l}mlp.gate_proj.weight`, [ff, dm]],
      [`${l}mlp.up_proj.weight`, [ff, dm]],
      [`${l}mlp.down_proj.weight`, [dm, ff]],
      [`${l}input_layernorm.weight`, [dm]],
      [`${l}post_attention_layernorm.weight`, [dm]],
    );
  }
  tensors.push(['model.norm.weight', [dm]], ['lm_head.weight', [V, dm]]);
  return tensors;
}

describe('qwen2_5_vl (Qwen2.5-VL)', () => {
  it('counts Qwen2.5-VL-7B-Instruct as published', () => {
    const report = deriveModel({ config: qwen.config, source: qwen.name });
    expect(report.model?.className).toBe(qwen.hf_class);
    expect(report.total).toBe(BigInt(qwen.total_params));
  });

  it('the header written from the modeling code holds the published count', () => {
    expect(elementsOf(checkpoint())).toBe(qwen.total_params);
  });

  it("matches the Hub layout's header name by name", () => {
    const run = verifyHeader(qwen.config, checkpoint());
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(qwen.total_params));
  });

  it("matches today's layout (model.visual, model.language_model) name by name", () => {
    const today: Tensors = checkpoint().map(([name, shape]) => [
      name
        .replace(/^visual\./, 'model.visual.')
        .replace(/^model\.(?!visual\.)/, 'model.language_model.'),
      shape,
    ]);
    const run = verifyHeader(qwen.config, today);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(qwen.total_params));
  });

  it('reads a nested text_config (as newer transformers save it) as the flat fields', () => {
    const { vision_config, ...text } = qwen.config;
    const nested = {
      model_type: 'qwen2_5_vl',
      vision_config,
      text_config: { ...text, model_type: 'qwen2_5_vl_text' },
    };
    expect(deriveModel({ config: nested, source: 'nested' }).total).toBe(BigInt(qwen.total_params));
  });

  it('the base class is the tower and the text model, without the LM head', () => {
    const report = deriveModel({
      config: qwen.config,
      source: qwen.name,
      className: 'Qwen2_5_VLModel',
    });
    expect(report.total).toBe(BigInt(qwen.total_params - 152064 * 3584));
  });

  it('has memory and compute figures', () => {
    const memory = runCli(['memory', '--config', configFile(), '--format', 'json']);
    expect(memory.code, memory.stderr).toBe(0);
    expect(JSON.parse(memory.stdout)).toBeTypeOf('object');
    const flops = runCli(['flops', '--config', configFile()]);
    expect(flops.code, flops.stderr).toBe(0);
  });
});

function configFile(): string {
  return writeJson(qwen.config);
}
