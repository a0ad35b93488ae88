import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { writeSafetensors } from '../support/safetensors.js';

// Tiny checkpoints with the tensor names transformers saves (LlamaForCausalLM's state_dict;
// openai-community/gpt2's model.safetensors, saved from GPT2Model without the `transformer.` prefix
// and with its causal-mask buffers `h.N.attn.bias`), shapes as PyTorch stores them
// (nn.Linear [out, in]; GPT-2's Conv1D [in, out]).
type Tensors = Record<string, { dtype?: string; shape: number[] }>;

const llamaConfig = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 64,
  intermediate_size: 176,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 100,
  tie_word_embeddings: false,
};
function llamaTensors(tied = false): Tensors {
  const t: Tensors = {
    'model.embed_tokens.weight': { shape: [100, 64] },
    'model.norm.weight': { shape: [64] },
  };
  if (!tied) t['lm_head.weight'] = { shape: [100, 64] };
  for (let i = 0; i < 2; i++) {
    const l = `model.layers.${i}`;
    Object.assign(t, {
      [`${l}.self_attn.q_proj.weight`]: { shape: [64, 64] },
      [`${l}.self_attn.k_proj.weight`]: { shape: [32, 64] },
      [`${l}.self_attn.v_proj.weight`]: { shape: [32, 64] },
      [`${l}.self_attn.o_proj.weight`]: { shape: [64, 64] },
      [`${l}.mlp.gate_proj.weight`]: { shape: [176, 64] },
      [`${l}.mlp.up_proj.weight`]: { shape: [176, 64] },
      [`${l}.mlp.down_proj.weight`]: { shape: [64, 176] },
      [`${l}.input_layernorm.weight`]: { shape: [64] },
      [`${l}.post_attention_layernorm.weight`]: { shape: [64] },
    });
  }
  return t;
}
// Llama's count, spelled out: embed + head 2·100·64, per layer q,o 64·64, k,v 32·64, gate,up,down 176·64, two norms 64; final norm 64.
const llamaTotal = 2 * 100 * 64 + 2 * (2 * 64 * 64 + 2 * 32 * 64 + 3 * 176 * 64 + 2 * 64) + 64;

function folder(
  config: object,
  files: Record<string, Tensors>,
  index?: Record<string, string>,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  for (const [name, tensors] of Object.entries(files)) writeSafetensors(join(dir, name), tensors);
  if (index)
    writeFileSync(
      join(dir, 'model.safetensors.index.json'),
      JSON.stringify({ metadata: {}, weight_map: index }),
    );
  return dir;
}

describe('tparams verify', () => {
  it('a Llama checkpoint: every tensor matched by name and shape, exit 0', () => {
    const run = runCli([
      'verify',
      folder(llamaConfig, { 'model.safetensors': llamaTensors() }),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      match: true,
      checkpoint_total: String(llamaTotal),
      derived_total: String(llamaTotal),
      names_compared: true,
      unexpected: [],
      missing: [],
      mismatched: [],
    });
    expect(json.dtypes).toEqual([{ dtype: 'BF16', tensors: 21, elements: String(llamaTotal) }]);
  });

  it('sharded, with model.safetensors.index.json', () => {
    const all = llamaTensors();
    const names = Object.keys(all);
    const first = Object.fromEntries(names.slice(0, 10).map((n) => [n, all[n]!]));
    const second = Object.fromEntries(names.slice(10).map((n) => [n, all[n]!]));
    const index = Object.fromEntries(
      names.map((n, i) => [
        n,
        i < 10 ? 'model-00001-of-00002.safetensors' : 'model-00002-of-00002.safetensors',
      ]),
    );
    const run = runCli([
      'verify',
      folder(
        llamaConfig,
        { 'model-00001-of-00002.safetensors': first, 'model-00002-of-00002.safetensors': second },
        index,
      ),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 safetensors files');
    expect(run.stdout).toContain('Match');
  });

  it('a tensor in two shards: one line naming both files, exit 2', () => {
    const all = llamaTensors();
    const names = Object.keys(all);
    const first = Object.fromEntries(names.slice(0, 11).map((n) => [n, all[n]!]));
    const second = Object.fromEntries(names.slice(10).map((n) => [n, all[n]!]));
    const shard = (k: number) => `model-0000${k}-of-00002.safetensors`;
    const index = Object.fromEntries(names.map((n, i) => [n, shard(i < 10 ? 1 : 2)]));
    const dir = folder(llamaConfig, { [shard(1)]: first, [shard(2)]: second }, index);
    const run = runCli(['verify', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `tparams: tensor ${JSON.stringify(names[10])} is in two shards: ${join(dir, shard(1))} and ${join(dir, shard(2))}`,
    );
  });

  it('a tied head absent from the file is explained, not flagged', () => {
    const run = runCli([
      'verify',
      folder(
        { ...llamaConfig, tie_word_embeddings: true },
        { 'model.safetensors': llamaTensors(true) },
      ),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).explained[0].name).toBe('lm_head.weight');
  });

  it("GPT-2 as openai-community/gpt2 saved it: no 'transformer.' prefix, causal-mask buffers, tied head", () => {
    const t: Tensors = {
      'wte.weight': { shape: [100, 32] },
      'wpe.weight': { shape: [16, 32] },
      'ln_f.weight': { shape: [32] },
      'ln_f.bias': { shape: [32] },
    };
    for (let i = 0; i < 2; i++) {
      Object.assign(t, {
        [`h.${i}.ln_1.weight`]: { shape: [32] },
        [`h.${i}.ln_1.bias`]: { shape: [32] },
        [`h.${i}.attn.bias`]: { shape: [1, 1, 16, 16] },
        [`h.${i}.attn.c_attn.weight`]: { shape: [32, 96] },
        [`h.${i}.attn.c_attn.bias`]: { shape: [96] },
        [`h.${i}.attn.c_proj.weight`]: { shape: [32, 32] },
        [`h.${i}.attn.c_proj.bias`]: { shape: [32] },
        [`h.${i}.ln_2.weight`]: { shape: [32] },
        [`h.${i}.ln_2.bias`]: { shape: [32] },
        [`h.${i}.mlp.c_fc.weight`]: { shape: [32, 128] },
        [`h.${i}.mlp.c_fc.bias`]: { shape: [128] },
        [`h.${i}.mlp.c_proj.weight`]: { shape: [128, 32] },
        [`h.${i}.mlp.c_proj.bias`]: { shape: [32] },
      });
    }
    const config = {
      architectures: ['GPT2LMHeadModel'],
      model_type: 'gpt2',
      n_embd: 32,
      n_head: 4,
      n_layer: 2,
      n_positions: 16,
      vocab_size: 100,
    };
    const run = runCli(['verify', folder(config, { 'model.safetensors': t })]);
    expect(run.stdout).toContain("no 'transformer.' prefix");
    expect(run.stdout).toContain('Buffers in the checkpoint, not parameters (2)');
    expect(run.stdout).toContain('Absent by design: lm_head.weight');
    expect(run.code, run.stdout).toBe(0);
  });

  it('Qwen3 (per-head Q/K norms), Phi-3 (fused qkv_proj, gate_up_proj) and Pythia (GPT-NeoX, with its old buffers) by their saved names', () => {
    const qwen3 = llamaTensors();
    for (let i = 0; i < 2; i++)
      Object.assign(qwen3, {
        [`model.layers.${i}.self_attn.q_norm.weight`]: { shape: [16] },
        [`model.layers.${i}.self_attn.k_norm.weight`]: { shape: [16] },
      });
    expect(
      runCli([
        'verify',
        folder(
          {
            ...llamaConfig,
            architectures: ['Qwen3ForCausalLM'],
            model_type: 'qwen3',
            head_dim: 16,
          },
          { 'model.safetensors': qwen3 },
        ),
      ]).code,
    ).toBe(0);

    const phi3: Tensors = {
      'model.embed_tokens.weight': { shape: [100, 64] },
      'model.norm.weight': { shape: [64] },
      'lm_head.weight': { shape: [100, 64] },
    };
    for (let i = 0; i < 2; i++) {
      Object.assign(phi3, {
        [`model.layers.${i}.self_attn.qkv_proj.weight`]: { shape: [192, 64] },
        [`model.layers.${i}.self_attn.o_proj.weight`]: { shape: [64, 64] },
        [`model.layers.${i}.mlp.gate_up_proj.weight`]: { shape: [352, 64] },
        [`model.layers.${i}.mlp.down_proj.weight`]: { shape: [64, 176] },
        [`model.layers.${i}.input_layernorm.weight`]: { shape: [64] },
        [`model.layers.${i}.post_attention_layernorm.weight`]: { shape: [64] },
      });
    }
    const phi3Config = {
      architectures: ['Phi3ForCausalLM'],
      model_type: 'phi3',
      hidden_size: 64,
      intermediate_size: 176,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      vocab_size: 100,
      tie_word_embeddings: false,
    };
    const phi = runCli(['verify', folder(phi3Config, { 'model.safetensors': phi3 })]);
    expect(phi.code, phi.stdout).toBe(0);

    const neox: Tensors = {
      'gpt_neox.embed_in.weight': { shape: [100, 64] },
      'gpt_neox.final_layer_norm.weight': { shape: [64] },
      'gpt_neox.final_layer_norm.bias': { shape: [64] },
      'embed_out.weight': { shape: [100, 64] },
    };
    for (let i = 0; i < 2; i++) {
      const l = `gpt_neox.layers.${i}`;
      Object.assign(neox, {
        [`${l}.input_layernorm.weight`]: { shape: [64] },
        [`${l}.input_layernorm.bias`]: { shape: [64] },
        [`${l}.post_attention_layernorm.weight`]: { shape: [64] },
        [`${l}.post_attention_layernorm.bias`]: { shape: [64] },
        [`${l}.attention.bias`]: { dtype: 'U8', shape: [1, 1, 16, 16] },
        [`${l}.attention.masked_bias`]: { dtype: 'F32', shape: [] },
        [`${l}.attention.rotary_emb.inv_freq`]: { dtype: 'F32', shape: [8] },
        [`${l}.attention.query_key_value.weight`]: { shape: [192, 64] },
        [`${l}.attention.query_key_value.bias`]: { shape: [192] },
        [`${l}.attention.dense.weight`]: { shape: [64, 64] },
        [`${l}.attention.dense.bias`]: { shape: [64] },
        [`${l}.mlp.dense_h_to_4h.weight`]: { shape: [256, 64] },
        [`${l}.mlp.dense_h_to_4h.bias`]: { shape: [256] },
        [`${l}.mlp.dense_4h_to_h.weight`]: { shape: [64, 256] },
        [`${l}.mlp.dense_4h_to_h.bias`]: { shape: [64] },
      });
    }
    const neoxConfig = {
      architectures: ['GPTNeoXForCausalLM'],
      model_type: 'gpt_neox',
      hidden_size: 64,
      intermediate_size: 256,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      vocab_size: 100,
      max_position_embeddings: 16,
      tie_word_embeddings: false,
    };
    const pythia = runCli([
      'verify',
      folder(neoxConfig, { 'model.safetensors': neox }),
      '--format',
      'json',
    ]);
    expect(pythia.code, pythia.stdout).toBe(0);
    expect(JSON.parse(pythia.stdout).buffers).toHaveLength(6);
  });

  it('a base model saved without its head (LlamaModel: no model. prefix, no lm_head) is verified as the base class, and said so', () => {
    const base = Object.fromEntries(
      Object.entries(llamaTensors())
        .filter(([n]) => n !== 'lm_head.weight')
        .map(([n, t]) => [n.replace(/^model\./, ''), t]),
    );
    const run = runCli([
      'verify',
      folder(llamaConfig, { 'model.safetensors': base }),
      '--format',
      'json',
    ]);
    expect(run.code, run.stdout).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.class).toBe('LlamaModel');
    expect(json.mapped).toMatch(
      /base model LlamaModel, without the head of LlamaForCausalLM \(lm_head\.weight\)/,
    );
  });

  it('BERT for masked LM, with old TensorFlow-era LayerNorm.gamma/beta names and its tied decoder', () => {
    const t: Tensors = {
      'bert.embeddings.word_embeddings.weight': { shape: [50, 32] },
      'bert.embeddings.position_embeddings.weight': { shape: [16, 32] },
      'bert.embeddings.token_type_embeddings.weight': { shape: [2, 32] },
      'bert.embeddings.LayerNorm.gamma': { shape: [32] },
      'bert.embeddings.LayerNorm.beta': { shape: [32] },
      'cls.predictions.bias': { shape: [50] },
      'cls.predictions.transform.dense.weight': { shape: [32, 32] },
      'cls.predictions.transform.dense.bias': { shape: [32] },
      'cls.predictions.transform.LayerNorm.weight': { shape: [32] },
      'cls.predictions.transform.LayerNorm.bias': { shape: [32] },
    };
    const l = 'bert.encoder.layer.0';
    for (const [name, shape] of [
      ['attention.self.query', [32, 32]],
      ['attention.self.key', [32, 32]],
      ['attention.self.value', [32, 32]],
      ['attention.output.dense', [32, 32]],
      ['intermediate.dense', [64, 32]],
      ['output.dense', [32, 64]],
    ] as Array<[string, number[]]>)
      Object.assign(t, {
        [`${l}.${name}.weight`]: { shape },
        [`${l}.${name}.bias`]: { shape: [shape[0]!] },
      });
    for (const norm of ['attention.output.LayerNorm', 'output.LayerNorm'])
      Object.assign(t, {
        [`${l}.${norm}.weight`]: { shape: [32] },
        [`${l}.${norm}.bias`]: { shape: [32] },
      });
    const config = {
      architectures: ['BertForMaskedLM'],
      model_type: 'bert',
      hidden_size: 32,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      intermediate_size: 64,
      vocab_size: 50,
      max_position_embeddings: 16,
      type_vocab_size: 2,
    };
    const run = runCli(['verify', folder(config, { 'model.safetensors': t }), '--format', 'json']);
    expect(run.code, run.stdout).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.mapped).toMatch(/2 LayerNorm.gamma\/beta names/);
    expect(json.explained[0].name).toBe('cls.predictions.decoder.weight');
  });

  it("a checkpoint saved with a head, verified as the base model: the prefix is mapped, the head's tensors are unexpected", () => {
    const run = runCli([
      'verify',
      folder(llamaConfig, { 'model.safetensors': llamaTensors() }),
      '--class',
      'LlamaModel',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout);
    expect(json.mapped).toMatch(/carry a 'model\.' prefix/);
    expect(json.unexpected).toEqual(['lm_head.weight']);
    expect(json.missing).toEqual([]);
  });

  it('a wrong checkpoint: unexpected, missing and mismatched tensors, exit 3', () => {
    const t = llamaTensors();
    t['model.layers.0.self_attn.k_proj.weight'] = { shape: [64, 32] };
    delete t['model.layers.1.mlp.up_proj.weight'];
    t['model.layers.0.self_attn.rogue.weight'] = { shape: [4] };
    const run = runCli([
      'verify',
      folder(llamaConfig, { 'model.safetensors': t }),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout);
    expect(json.match).toBe(false);
    expect(json.unexpected).toEqual(['model.layers.0.self_attn.rogue.weight']);
    expect(json.missing).toEqual(['model.layers.1.mlp.up_proj.weight']);
    expect(json.mismatched).toEqual([
      {
        name: 'model.layers.0.self_attn.k_proj.weight',
        checkpoint: ['64', '32'],
        derived: ['32', '64'],
      },
    ]);
  });

  it('names interleaved dense and sparse layers by their own indices (Qwen2-MoE)', () => {
    // mlp_only_layers [1]: layer 0 is sparse, layer 1 dense (Qwen2MoeDecoderLayer); shapes as
    // modeling_qwen2_moe.py builds them for these sizes (d 32, 4 heads of 8, 2 key/value heads).
    const config = {
      architectures: ['Qwen2MoeForCausalLM'],
      model_type: 'qwen2_moe',
      hidden_size: 32,
      intermediate_size: 64,
      moe_intermediate_size: 16,
      shared_expert_intermediate_size: 16,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      num_experts: 2,
      vocab_size: 50,
      mlp_only_layers: [1],
    };
    const mlp = (prefix: string, width: number) => ({
      [`${prefix}.gate_proj.weight`]: { shape: [width, 32] },
      [`${prefix}.up_proj.weight`]: { shape: [width, 32] },
      [`${prefix}.down_proj.weight`]: { shape: [32, width] },
    });
    const layer = (i: number) => ({
      [`model.layers.${i}.self_attn.q_proj.weight`]: { shape: [32, 32] },
      [`model.layers.${i}.self_attn.q_proj.bias`]: { shape: [32] },
      [`model.layers.${i}.self_attn.k_proj.weight`]: { shape: [16, 32] },
      [`model.layers.${i}.self_attn.k_proj.bias`]: { shape: [16] },
      [`model.layers.${i}.self_attn.v_proj.weight`]: { shape: [16, 32] },
      [`model.layers.${i}.self_attn.v_proj.bias`]: { shape: [16] },
      [`model.layers.${i}.self_attn.o_proj.weight`]: { shape: [32, 32] },
      [`model.layers.${i}.input_layernorm.weight`]: { shape: [32] },
      [`model.layers.${i}.post_attention_layernorm.weight`]: { shape: [32] },
    });
    const tensors = {
      'model.embed_tokens.weight': { shape: [50, 32] },
      'model.norm.weight': { shape: [32] },
      'lm_head.weight': { shape: [50, 32] },
      ...layer(0),
      'model.layers.0.mlp.gate.weight': { shape: [2, 32] },
      'model.layers.0.mlp.shared_expert_gate.weight': { shape: [1, 32] },
      ...mlp('model.layers.0.mlp.experts.0', 16),
      ...mlp('model.layers.0.mlp.experts.1', 16),
      ...mlp('model.layers.0.mlp.shared_expert', 16),
      ...layer(1),
      ...mlp('model.layers.1.mlp', 64),
    };
    const run = runCli([
      'verify',
      folder(config, { 'model.safetensors': tensors }),
      '--format',
      'json',
    ]);
    const report = JSON.parse(run.stdout);
    expect(report.names_compared).toBe(true);
    expect(report).toMatchObject({ match: true, unexpected: [], missing: [], mismatched: [] });
    expect(run.code).toBe(0);
  });

  it('bad input: not safetensors, no checkpoint, no such path — one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-bad-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(llamaConfig));
    writeFileSync(join(dir, 'model.safetensors'), 'not a safetensors file at all');
    const empty = mkdtempSync(join(tmpdir(), 'ckpt-empty-'));
    mkdirSync(join(empty, 'sub'));
    for (const path of [dir, join(empty, 'sub'), join(empty, 'nope')]) {
      const run = runCli(['verify', path]);
      expect(run.code, path).toBe(2);
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
    }
  });
});
