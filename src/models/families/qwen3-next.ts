import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, decoderOnlyClassNames, SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { deltaHybridText } from './parts/delta-hybrid-text.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { deltaNetSymbols } from './parts/gated-deltanet.js';
import { sparseLayerIndices, type SparseLayers } from './parts/layer-stack.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { qwenMtpLeftOut } from './qwen-mtp-left-out.js';

/**
 * Qwen3-Next's MoE layers, as Qwen3NextDecoderLayer picks them: sparse unless listed in
 * `mlp_only_layers`, when there are experts and `(i + 1) % decoder_sparse_step == 0`.
 */
const sparseLayers: SparseLayers = {
  period: 'decoder_sparse_step',
  exceptListed: 'mlp_only_layers',
  experts: 'num_experts',
};

/** The layers whose `mlp` is Qwen3NextMLP of `intermediate_size` rather than the experts. */
function denseLayers(config: ConfigFields): ReadonlySet<number> {
  const sparse = new Set((sparseLayerIndices(config, sparseLayers) ?? []).map(Number));
  const layers = Number(config.size('num_hidden_layers'));
  return new Set(Array.from({ length: layers }, (_, i) => i).filter((i) => !sparse.has(i)));
}

/**
 * Qwen3NextSparseMoeBlock (Qwen3.5-MoE's too): a router, the routed experts, a shared expert and
 * its sigmoid gate.
 */
export const qwen3NextSparseBlock = expertsBlock({
  key: 'mlp',
  experts: 'num_experts',
  width: { symbol: 'd_moe', field: 'moe_intermediate_size' },
  shared: {
    key: 'shared_expert',
    symbol: 'd_shared',
    field: 'shared_expert_intermediate_size',
    gated: true,
  },
});

const classPrefix = 'Qwen3Next';

/**
 * Qwen3-Next (modeling_qwen3_next.py): Gated DeltaNet layers and gated-query attention layers,
 * three to one by default, experts in every layer; untied head. The checkpoint stores each expert
 * apart (`experts.N.gate_proj`), as the fixture's header does.
 */
export const qwen3Next: Family = {
  modelTypes: ['qwen3_next'],
  defaults: {
    vocab_size: 151936,
    hidden_size: 2048,
    intermediate_size: 5632, // the dense layers' SwiGLU (none by default)
    num_hidden_layers: 48,
    num_attention_heads: 16,
    num_key_value_heads: 2,
    head_dim: 256, // Qwen3NextConfig's own: never d / n_h
    attention_bias: false, // on all four of Q (with its gate), K, V and O
    tie_word_embeddings: false,
    linear_conv_kernel_dim: 4,
    linear_key_head_dim: 128,
    linear_value_head_dim: 128,
    linear_num_key_heads: 16,
    linear_num_value_heads: 32,
    decoder_sparse_step: 1, // every layer sparse
    moe_intermediate_size: 512,
    shared_expert_intermediate_size: 512,
    num_experts_per_tok: 10,
    num_experts: 512,
    mlp_only_layers: [], // None in the class, read as []: no dense layer
    layer_types: null, // None: full attention iff (i + 1) % full_attention_interval == 0
    full_attention_interval: 4, // a keyword __post_init__ pops, read only to build layer_types
    num_nextn_predict_layers: 1, // mtp.* layers, not in the class: vLLM reads 1 (Qwen3-Coder-Next)
  },
  classes: decoderOnlyClassNames(classPrefix),
  build: (config, className) => buildQwen3Next(config, className),
};

function buildQwen3Next(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const text = deltaHybridText(config, sizes, {
    key: 'model',
    name: `${classPrefix}Model`,
    projections: 'fused',
    feedForward: qwen3NextSparseBlock,
    denseAt: denseLayers,
    dense: gatedMlp(),
  });
  const tied = config.flag('tie_word_embeddings');
  const qa = className.endsWith('ForQuestionAnswering');
  return {
    name: className,
    sizes: sizes.sizes,
    symbols: deltaNetSymbols,
    kvCache: text.kvCache,
    recurrentState: text.recurrentState,
    // vLLM builds the MTP layer as layer 0 (`mtp.layers.0`): dense as the main model's layer 0.
    leftOut: qwenMtpLeftOut(config, text, {
      layersField: 'num_nextn_predict_layers',
      dense: denseLayers(config).has(0),
    }),
    // Qwen3NextForQuestionAnswering keeps `base_model_prefix = "transformer"` (for BC).
    modules: decoderOnlyClass(className, qa ? { ...text.base, key: 'transformer' } : text.base, {
      d: text.d,
      config,
      sizes,
      vocab: text.vocab,
      tied,
    }),
  };
}
