import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors/user-error.js';
import { evaluate } from '../../../src/expr/evaluate.js';
import { flopsFigures } from '../../../src/requests/compute-request.js';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { memoryFigures } from '../../../src/requests/memory-request.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { runCli } from '../../support/cli.js';
import { layerNorm, linear, rmsNorm } from '../../support/vision-checkpoint.js';

// Llama 4 with images (Llama4ForConditionalGeneration). No fixture has an exact total (the model
// cards say Scout "109B total, 17B active", Maverick "400B total, 17B active"; transformers' model
// doc "109B, and 402B parameters": all rounded), so the
// truth is a header written by hand from modeling_llama4.py, with the names the Hub's checkpoints
// have (transformers builds the same names: `vision_model`, `multi_modal_projector`, and the whole
// Llama4ForCausalLM as `language_model`, with `language_model.model.…` and `language_model.lm_head`):
// Llama4VisionModel's patch_embedding.linear [d, C·p²] without bias, class_embedding [d],
// positional_embedding_vlm [(image/p)² + 1, d], LayerNorms layernorm_pre/post, per layer biased
// q/k/v/o_proj [d, d], biased mlp.fc1/fc2 and two LayerNorms, then vision_adapter.mlp.fc1
// [projector_input_dim, intermediate_size] and fc2 [projector_output_dim]² without bias; the
// projector's bias-free linear_1 [text d, vision_output_dim]; the text layers as Llama4TextModel
// builds them (sparse: router, fused experts, shared_expert; dense: intermediate_size_mlp).

interface TextSizes {
  d: number;
  heads: number;
  kv: number;
  headDim: number;
  ff: number;
  mlp: number;
  experts: number;
  layers: number;
  step: number;
  vocab: number;
}
interface VisionSizes {
  d: number;
  ff: number;
  layers: number;
  image: number;
  patch: number;
  out: number;
  pin: number;
  pout: number;
}

function visionModel(v: VisionSizes): Tensors {
  const p = 'vision_model';
  const out: Tensors = [
    [`${p}.patch_embedding.linear.weight`, [v.d, 3 * v.patch * v.patch]],
    [`${p}.class_embedding`, [v.d]],
    [`${p}.positional_embedding_vlm`, [(v.image / v.patch) ** 2 + 1, v.d]],
    ...layerNorm(`${p}.layernorm_pre`, v.d),
    ...layerNorm(`${p}.layernorm_post`, v.d),
  ];
  for (let i = 0; i < v.layers; i++) {
    const l = `${p}.model.layers.${i}`;
    out.push(
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].flatMap((n) =>
        linear(`${l}.self_attn.${n}`, v.d, v.d, true),
      ),
      ...linear(`${l}.mlp.fc1`, v.ff, v.d, true),
      ...linear(`${l}.mlp.fc2`, v.d, v.ff, true),
      ...layerNorm(`${l}.input_layernorm`, v.d),
      ...layerNorm(`${l}.post_attention_layernorm`, v.d),
    );
  }
  out.push(
    ...linear(`${p}.vision_adapter.mlp.fc1`, v.pin, v.ff, false),
    ...linear(`${p}.vision_adapter.mlp.fc2`, v.pout, v.pout, false),
  );
  return out;
}

function languageModel(t: TextSizes, tied: boolean): Tensors {
  const p = 'language_model.model';
  const swiglu = (m: string, width: number): Tensors => [
    ...linear(`${m}.gate_proj`, width, t.d, false),
    ...linear(`${m}.up_proj`, width, t.d, false),
    ...linear(`${m}.down_proj`, t.d, width, false),
  ];
  const out: Tensors = [[`${p}.embed_tokens.weight`, [t.vocab, t.d]]];
  for (let i = 0; i < t.layers; i++) {
    const l = `${p}.layers.${i}`;
    // Llama4TextConfig: moe_layers = range(step - 1, L, step).
    const sparse = i % t.step === t.step - 1;
    out.push(
      ...linear(`${l}.self_attn.q_proj`, t.heads * t.headDim, t.d, false),
      ...linear(`${l}.self_attn.k_proj`, t.kv * t.headDim, t.d, false),
      ...linear(`${l}.self_attn.v_proj`, t.kv * t.headDim, t.d, false),
      ...linear(`${l}.self_attn.o_proj`, t.d, t.heads * t.headDim, false),
      ...(sparse
        ? ([
            [`${l}.feed_forward.router.weight`, [t.experts, t.d]],
            [`${l}.feed_forward.experts.gate_up_proj`, [t.experts, t.d, 2 * t.ff]],
            [`${l}.feed_forward.experts.down_proj`, [t.experts, t.ff, t.d]],
            ...swiglu(`${l}.feed_forward.shared_expert`, t.ff),
          ] as Tensors)
        : swiglu(`${l}.feed_forward`, t.mlp)),
      ...rmsNorm(`${l}.input_layernorm`, t.d),
      ...rmsNorm(`${l}.post_attention_layernorm`, t.d),
    );
  }
  out.push(...rmsNorm(`${p}.norm`, t.d));
  if (!tied) out.push(['language_model.lm_head.weight', [t.vocab, t.d]]);
  return out;
}

const checkpoint = (t: TextSizes, v: VisionSizes, tied = false): Tensors => [
  ...visionModel(v),
  ...linear('multi_modal_projector.linear_1', t.d, v.out, false),
  ...languageModel(t, tied),
];

function configOf(t: TextSizes, v: VisionSizes, extra: Record<string, unknown> = {}) {
  return {
    architectures: ['Llama4ForConditionalGeneration'],
    model_type: 'llama4',
    text_config: {
      model_type: 'llama4_text',
      hidden_size: t.d,
      num_attention_heads: t.heads,
      num_key_value_heads: t.kv,
      head_dim: t.headDim,
      intermediate_size: t.ff,
      intermediate_size_mlp: t.mlp,
      num_local_experts: t.experts,
      num_experts_per_tok: 1,
      num_hidden_layers: t.layers,
      interleave_moe_layer_step: t.step,
      vocab_size: t.vocab,
      ...extra,
    },
    vision_config: {
      model_type: 'llama4_vision_model',
      hidden_size: v.d,
      num_attention_heads: 16,
      intermediate_size: v.ff,
      num_hidden_layers: v.layers,
      image_size: v.image,
      patch_size: v.patch,
      vision_output_dim: v.out,
      projector_input_dim: v.pin,
      projector_output_dim: v.pout,
    },
  };
}

// Each width its own value, so that a field read in the wrong place shows.
const smallText: TextSizes = {
  d: 64,
  heads: 4,
  kv: 2,
  headDim: 16,
  ff: 32,
  mlp: 96,
  experts: 3,
  layers: 4,
  step: 2,
  vocab: 100,
};
const smallVision: VisionSizes = {
  d: 48,
  ff: 80,
  layers: 2,
  image: 56,
  patch: 14,
  out: 72,
  pin: 40,
  pout: 24,
};

// The published configs' shapes (meta-llama/Llama-4-Scout-17B-16E, Llama-4-Maverick-17B-128E).
const scoutText: TextSizes = {
  d: 5120,
  heads: 40,
  kv: 8,
  headDim: 128,
  ff: 8192,
  mlp: 16384,
  experts: 16,
  layers: 48,
  step: 1,
  vocab: 202048,
};
const maverickText: TextSizes = { ...scoutText, experts: 128, step: 2 };
const llama4Vision: VisionSizes = {
  d: 1408,
  ff: 5632,
  layers: 34,
  image: 336,
  patch: 14,
  out: 4096,
  pin: 4096,
  pout: 4096,
};

const billions = (n: bigint) => Math.round(Number(n) / 1e9);

describe('llama4', () => {
  it('matches a header written from the modeling code, name by name', () => {
    const tensors = checkpoint(smallText, smallVision);
    const run = verifyHeader(configOf(smallText, smallVision), tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('ties the head as text_config says: no language_model.lm_head then', () => {
    const tensors = checkpoint(smallText, smallVision, true);
    const config = configOf(smallText, smallVision, { tie_word_embeddings: true });
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it("matches Scout's shapes (48 layers, 16 experts, every layer sparse): 109B", () => {
    const tensors = checkpoint(scoutText, llama4Vision);
    const config = configOf(scoutText, llama4Vision);
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
    // The model card's figures are rounded: only the rounding can be asserted.
    const report = deriveModel({ config, source: 'scout' });
    expect(billions(report.total!)).toBe(109);
    expect(billions(report.model!.active.excludingEmbedding.value!)).toBe(17);
  });

  it("matches Maverick's shapes (128 experts, every second layer sparse): 400B", () => {
    const tensors = checkpoint(maverickText, llama4Vision);
    const config = configOf(maverickText, llama4Vision);
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
    const report = deriveModel({ config, source: 'maverick' });
    // transformers' model doc (docs/source/en/model_doc/llama4.md) says 402B, the card "400B".
    expect(billions(report.total!)).toBe(402);
    expect(Math.round(billions(report.total!) / 100) * 100).toBe(400);
    expect(billions(report.model!.active.excludingEmbedding.value!)).toBe(17);
  });

  it('ships Scout as the preset llama-4-scout-17b-16e, counted as its header', () => {
    const run = runCli(['derive', 'llama-4-scout-17b-16e', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.class).toBe('Llama4ForConditionalGeneration');
    expect(json.total).toBe(String(elementsOf(checkpoint(scoutText, llama4Vision))));
  });

  it('the KV cache is the language model’s, and an image costs the tower its patches and class token', () => {
    const config = configOf(smallText, smallVision);
    const composite = deriveModel({ config, source: 't' });
    const alone = deriveModel({ config: config.text_config, source: 't' });
    expect(composite.model?.kvCache).toEqual(alone.model?.kvCache);
    const memory = memoryFigures(composite, {
      weights: { dtype: 'bf16' },
      batch: 1n,
      context: 64n,
    });
    expect(memory.kv?.cache.total.value).toBeGreaterThan(0n);
    // (56 / 14)² patches and the class token: the rows of positional_embedding_vlm.
    const tower = composite.model!.imageTower!;
    expect(evaluate(tower.tokens, composite.bindings)).toBe(17n);
    expect(flopsFigures(composite).perImage?.value).toBeGreaterThan(0n);
  });

  it('refuses a vision width that the heads do not divide, naming the field', () => {
    const config = configOf(smallText, { ...smallVision, d: 50 });
    expect(() => deriveModel({ config, source: 't' })).toThrow(UserError);
    expect(() => deriveModel({ config, source: 't' })).toThrow(/vision_config\.hidden_size/);
  });
});
