import { mul, sym } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import {
  decoderOnlyClass,
  expertsPerToken,
  lmHeadModule,
  SizeBook,
  tokenEmbeddings,
} from './building-blocks.js';
import { v3LeftOut } from './deepseek-left-out.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import type { LayerContext } from './parts/layer-context.js';
import { firstDenseStacks } from './parts/layer-stack.js';
import { decoderNorm, layerNorms, normPlacements } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';

/**
 * GLM-4.5 and GLM-4.5-Air (modeling_glm4_moe.py): Llama's layer with Q, K and V biased as
 * `attention_bias` says (O never), per-head Q/K RMSNorms when `use_qk_norm`, and DeepSeek-V3's
 * experts: layer i is MoE when i ≥ `first_k_dense_replace`, with a router `E × d` (its
 * `e_score_correction_bias` a buffer), E SwiGLU experts of `moe_intermediate_size` and shared
 * experts of `moe_intermediate_size · n_shared_experts`. Partial rotary adds no weights. The
 * checkpoint's MTP layer (`model.layers.{L}`) is not loaded: listed as left out, as for V3.
 */
export const glm4Moe: Family = {
  modelTypes: ['glm4_moe'],
  // Glm4MoeConfig's defaults (GLM-4.5-Air's shapes), one field a line.
  defaults: {
    vocab_size: 151552,
    hidden_size: 4096,
    intermediate_size: 10944, // the dense layers' SwiGLU width
    num_hidden_layers: 46,
    num_attention_heads: 96,
    num_key_value_heads: 8,
    head_dim: null, // not in Glm4MoeConfig: the attention falls back to hidden_size // heads
    tie_word_embeddings: false,
    attention_bias: false,
    moe_intermediate_size: 1408, // each routed expert's width
    num_experts_per_tok: 8,
    n_shared_experts: 1,
    n_routed_experts: 128,
    first_k_dense_replace: 1, // the first layers keep a dense MLP
    use_qk_norm: false,
    num_nextn_predict_layers: 0, // not a Glm4MoeConfig field: the checkpoint's config.json says
  },
  // The modeling file defines only these two classes.
  classes: ['Glm4MoeForCausalLM', 'Glm4MoeModel'],
  build: (config, className) => buildGlm4Moe(config, className),
};

function buildGlm4Moe(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, layerCount, widths } = decoderPrologue(config, sizes, 'floor');
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const attention = separateQkv({
    bias: { layout: 'qkv', when: 'attention_bias' },
    qkNorm: { over: 'head', when: 'use_qk_norm' },
  })(context);
  const norms = layerNorms(context, normPlacements.pre);
  const layerOf = (mlp: ModuleSpec, label: string): ModuleSpec => ({
    kind: 'group',
    key: 'layer',
    name: 'decoder layer',
    label,
    children: [attention, mlp, ...norms],
  });
  const denseMlp = (): ModuleSpec => ({
    kind: 'mlp',
    key: 'mlp',
    d,
    dFF: sizes.bind('d_ff', config.size('intermediate_size')),
    gated: true,
    bias: false,
    role: 'mlp',
  });
  const experts = (): ModuleSpec => {
    const expertWidth = sizes.bind('d_moe', config.size('moe_intermediate_size'));
    const shared = sizes.bind('n_shared', config.size('n_shared_experts'));
    return {
      kind: 'moe',
      key: 'mlp',
      d,
      role: 'mlp',
      ...expertsPerToken(config, sizes),
      experts: sizes.bind('E', config.size('n_routed_experts')),
      expert: { dFF: expertWidth, gated: true, bias: false },
      shared: { dFF: mul(shared, expertWidth), gated: true, bias: false },
    };
  };
  const denseCount = config.count('first_k_dense_replace');
  const stacks = firstDenseStacks(
    sizes,
    layerCount,
    denseCount < layerCount ? denseCount : layerCount,
    (label) => layerOf(denseMlp(), label),
    (label) => layerOf(experts(), label),
  );
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'Glm4MoeModel',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(context)('norm', 'final'),
    ],
  };
  const moeLayers = stacks[stacks.length - 1]!;
  const leftOut =
    denseCount < layerCount
      ? v3LeftOut(config, d, vocab, moeLayers, "(the Hub's rounded size counts them)")
      : [];
  return {
    name: className,
    sizes: sizes.sizes,
    kvCache: selfCache(sym('L'), keysAndValues(widths.keyValueHeads, widths.headDim)),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      causalLm: () => lmHeadModule(config.flag('tie_word_embeddings'), d, vocab),
    }),
    ...(leftOut.length > 0 ? { leftOut } : {}),
  };
}
