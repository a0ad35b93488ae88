import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import {
  decoderTensors,
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import { writeJson } from '../../support/models.js';

// Zamba2. No exact published count was found (the model cards say 1.2B, 2.7B, 7B), so the totals
// are the sums of checkpoint headers written here by hand from modular_zamba2.py. Every layer owns
// a Mamba2 decoder (`mamba` + `input_layernorm`); a hybrid layer holds it as `mamba_decoder`, plus
// its own unbiased `linear` (d → d) and one of `num_mem_blocks` shared transformer blocks, which
// named_parameters() lists once, under the first hybrid layer that holds it. Block k keeps a LoRA
// adapter (nn.Sequential of two unbiased linears) for each hybrid use i ≡ k (mod num_mem_blocks):
// always on gate_up_proj, on q/k/v with use_shared_attention_adapter. The hybrid layers here
// (2, 5, 8) keep `layer_id % num_mem_blocks` equal to the use's index mod 2, so the older
// (`blocks = [… block_id=k]`, cycled) and the newer (tied `shared_transformer`) code agree.
const types = ['mamba', 'mamba', 'hybrid', 'mamba', 'mamba', 'hybrid', 'mamba', 'mamba', 'hybrid'];
const config = {
  architectures: ['Zamba2ForCausalLM'],
  model_type: 'zamba2',
  vocab_size: 100,
  hidden_size: 64,
  num_hidden_layers: 9,
  layers_block_type: types,
  intermediate_size: 128,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  n_mamba_heads: 8,
  mamba_d_state: 16,
  mamba_ngroups: 2,
  num_mem_blocks: 2,
  use_shared_attention_adapter: true,
  adapter_rank: 8,
  tie_word_embeddings: false,
};

/** Mamba2 (Zamba2MambaMixer): d_inner = 2·64 = 128, conv_dim = 128 + 2·2·16 = 192. */
const mambaSmall: Tensors = [
  ['mamba.in_proj.weight', [128 + 192 + 8, 64]],
  ['mamba.conv1d.weight', [192, 1, 4]],
  ['mamba.conv1d.bias', [192]],
  ['mamba.dt_bias', [8]],
  ['mamba.A_log', [8]],
  ['mamba.D', [8]],
  ['mamba.norm.weight', [128]],
  ['mamba.out_proj.weight', [64, 128]],
  ['input_layernorm.weight', [64]],
];

/** A LoRA adapter `list.i`: `0` in → r, `1` r → out. */
const adapter = (list: string, i: number, inp: number, out: number, r: number): Tensors => [
  [`${list}.${i}.0.weight`, [r, inp]],
  [`${list}.${i}.1.weight`, [out, r]],
];

/** The small config's shared block serving `uses`: 2·d = 128 over 4 heads, d_h = 32, n_kv = 2. */
function sharedSmall(uses: number[]): Tensors {
  const entries: Tensors = [
    ['self_attn.q_proj.weight', [128, 128]],
    ['self_attn.k_proj.weight', [64, 128]],
    ['self_attn.v_proj.weight', [64, 128]],
    ['self_attn.o_proj.weight', [64, 128]],
    ['feed_forward.gate_up_proj.weight', [256, 64]],
    ['feed_forward.down_proj.weight', [64, 128]],
    ['input_layernorm.weight', [128]],
    ['pre_ff_layernorm.weight', [64]],
  ];
  for (const i of uses) {
    for (const x of ['q', 'k', 'v'])
      entries.push(...adapter(`self_attn.linear_${x}_adapter_list`, i, 128, 128, 8));
    entries.push(...adapter('feed_forward.gate_up_proj_adapter_list', i, 64, 256, 8));
  }
  return entries;
}

function smallLayer(i: number): Tensors {
  if (types[i] === 'mamba') return mambaSmall;
  const own: Tensors = [
    ...mambaSmall.map(([n, s]): [string, number[]] => [`mamba_decoder.${n}`, s]),
    ['linear.weight', [64, 64]],
  ];
  // Block 0 first meets layer 2 (uses 0 and 2), block 1 layer 5 (use 1); layer 8 reuses block 0.
  if (i === 2)
    own.push(
      ...sharedSmall([0, 2]).map(([n, s]): [string, number[]] => [`shared_transformer.${n}`, s]),
    );
  if (i === 5)
    own.push(
      ...sharedSmall([1]).map(([n, s]): [string, number[]] => [`shared_transformer.${n}`, s]),
    );
  return own;
}

const smallTensors = decoderTensors(
  [
    ['model.embed_tokens.weight', [100, 64]],
    ['model.final_layernorm.weight', [64]],
    ['lm_head.weight', [100, 64]],
  ],
  9,
  smallLayer,
);

/** Zamba2Config's defaults: 54 layers, hybrid at 6, 12, …, 42, 47, 51; one shared block; tied head. */
const hybridDefaults = [6, 12, 18, 24, 30, 36, 42, 47, 51];
function defaultLayer(i: number): Tensors {
  // d_inner = 5120, 8 heads of 640, conv_dim = 5120 + 2·64 = 5248.
  const mixer: Tensors = [
    ['mamba.in_proj.weight', [5120 + 5248 + 8, 2560]],
    ['mamba.conv1d.weight', [5248, 1, 4]],
    ['mamba.conv1d.bias', [5248]],
    ['mamba.dt_bias', [8]],
    ['mamba.A_log', [8]],
    ['mamba.D', [8]],
    ['mamba.norm.weight', [5120]],
    ['mamba.out_proj.weight', [2560, 5120]],
    ['input_layernorm.weight', [2560]],
  ];
  if (!hybridDefaults.includes(i)) return mixer;
  const own: Tensors = [
    ...mixer.map(([n, s]): [string, number[]] => [`mamba_decoder.${n}`, s]),
    ['linear.weight', [2560, 2560]],
  ];
  if (i !== 6) return own;
  // 32 heads of 2·2560/32 = 160 over 5120; intermediate 4·2560 = 10240; MLP adapters for all 9 uses.
  const block: Tensors = [
    ['self_attn.q_proj.weight', [5120, 5120]],
    ['self_attn.k_proj.weight', [5120, 5120]],
    ['self_attn.v_proj.weight', [5120, 5120]],
    ['self_attn.o_proj.weight', [2560, 5120]],
    ['feed_forward.gate_up_proj.weight', [20480, 2560]],
    ['feed_forward.down_proj.weight', [2560, 10240]],
    ['input_layernorm.weight', [5120]],
    ['pre_ff_layernorm.weight', [2560]],
  ];
  for (let u = 0; u < 9; u++)
    block.push(...adapter('feed_forward.gate_up_proj_adapter_list', u, 2560, 20480, 128));
  return [...own, ...block.map(([n, s]): [string, number[]] => [`shared_transformer.${n}`, s])];
}

describe('zamba2', () => {
  it("matches a small checkpoint's header by every tensor name and shape", () => {
    const run = verifyHeader(config, smallTensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(smallTensors)));
  });

  it("matches the defaults' checkpoint header (Zamba2-2.7B-like, one shared block)", () => {
    const tensors = decoderTensors(
      [
        ['model.embed_tokens.weight', [32000, 2560]],
        ['model.final_layernorm.weight', [2560]],
      ],
      54,
      defaultLayer,
    );
    const cfg = { architectures: ['Zamba2ForCausalLM'], model_type: 'zamba2' };
    const run = verifyHeader(cfg, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('cycles num_mem_blocks = 2 blocks by hybrid use, not by layer index (hybrid at 1, 2, 4)', () => {
    // modular_zamba2.py (transformers 5) and vLLM's zamba2.py alike: `blocks = cycle(block_id=k
    // for k in range(num_mem_blocks))`, taken in turn by the hybrid layers, so use i runs block
    // i mod 2, and block k keeps the adapters of uses i ≡ k (mod 2) in lists as long as the hybrid
    // layers (`num_fwd_mem_blocks = len(hybrid_layer_ids)`). Here uses 0, 1, 2 sit at layers 1, 2,
    // 4: block 0 (uses 0 and 2) first meets layer 1, block 1 (use 1) layer 2; layer 4 reuses
    // block 0. A `layer_id % num_mem_blocks` assignment would give layer 1 block 1 instead.
    const kinds = ['mamba', 'hybrid', 'hybrid', 'mamba', 'hybrid'];
    const cfg = { ...config, num_hidden_layers: 5, layers_block_type: kinds };
    const shared = (uses: number[]) =>
      sharedSmall(uses).map(([n, s]): [string, number[]] => [`shared_transformer.${n}`, s]);
    const tensors = decoderTensors(
      [
        ['model.embed_tokens.weight', [100, 64]],
        ['model.final_layernorm.weight', [64]],
        ['lm_head.weight', [100, 64]],
      ],
      5,
      (i) => {
        if (kinds[i] === 'mamba') return mambaSmall;
        return [
          ...mambaSmall.map(([n, s]): [string, number[]] => [`mamba_decoder.${n}`, s]),
          ['linear.weight', [64, 64]],
          ...(i === 1 ? shared([0, 2]) : i === 2 ? shared([1]) : []),
        ];
      },
    );
    const run = verifyHeader(cfg, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it('keeps KV in the three hybrid layers, conv and scan state in all nine', () => {
    const run = runCli(['memory', '--config', writeJson(config), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    // bf16, one sequence, 2,048 tokens: 3 layers · 2·2·32 a token = 3·2·64·2048·2 = 1,572,864 bytes;
    // Zamba2HybridDynamicCache: 9·(192·4 + 8·16·16)·2 = 50,688 bytes.
    expect(json.kv_cache_bytes).toBe('1572864');
    expect(json.recurrent_state_bytes).toBe('50688');
    expect(runCli(['flops', '--config', writeJson(config)]).code).toBe(0);
  });

  it('adds the score head for sequence classification, and checks layers_block_type', () => {
    const base = smallTensors.filter(([n]) => n !== 'lm_head.weight');
    const cfg = { ...config, architectures: ['Zamba2ForSequenceClassification'] };
    expect(deriveModel({ config: cfg, source: 'test' })).toHaveParams(elementsOf(base) + 2 * 64);
    const wrong = { ...config, layers_block_type: ['mamba'] };
    expect(() => deriveModel({ config: wrong, source: 'test' })).toThrow(/layers_block_type/);
  });
});
