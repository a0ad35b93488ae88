import { mul, num } from '../../expr/nodes.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import { expertsPerToken } from './building-blocks.js';
import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import type { LayerPart } from './parts/layer-context.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * ERNIE 4.5's sparse feed-forward (Ernie4_5_MoeSparseMoeBlock): `moe_statics.e_score_correction_bias`
 * (1, E), an nn.Parameter (requires_grad off, still counted by `parameters()`); a float32 router
 * `gate` without bias; E SwiGLU experts of `moe_intermediate_size`; and, when
 * `moe_num_shared_experts` > 0, one ungated shared MLP `n_shared` times as wide. Every expert
 * projection is biased as `use_bias` says.
 */
const ernieSparseBlock: LayerPart = (context): ModuleSpec => {
  const { config, sizes, d } = context;
  const topK = expertsPerToken(config, sizes);
  const experts = sizes.bind('E', config.size('num_experts'));
  const dMoe = sizes.bind('d_moe', config.size('moe_intermediate_size'));
  const bias = config.flag('use_bias');
  const sharedCount = config.count('moe_num_shared_experts');
  const shared =
    sharedCount > 0n
      ? {
          key: 'shared_experts',
          dFF: mul(sizes.bind('n_shared', sharedCount), dMoe),
          gated: true,
          bias,
        }
      : undefined;
  return {
    kind: 'group',
    key: 'mlp',
    name: 'ERNIE MoE block',
    label: 'MoE',
    children: [
      { kind: 'tensor', key: 'moe_statics.e_score_correction_bias', shape: [num(1), experts] },
      {
        kind: 'moe',
        ...topK,
        key: 'moe',
        inline: true,
        d,
        experts,
        expert: { dFF: dMoe, gated: true, bias },
        ...(shared ? { shared } : {}),
        role: 'mlp',
      },
    ],
  };
};

/**
 * ERNIE 4.5 MoE (modeling_ernie4_5_moe.py): ERNIE 4.5's attention (one `use_bias` for Q, K, V and
 * O, head_dim d / n_h), layer i sparse when `(i + 1) % moe_layer_interval == 0` and
 * `moe_layer_start_index <= i <= moe_layer_end_index`, the others a dense SwiGLU; the LM head
 * biased by `use_bias` too. Only `Ernie4_5_MoeForCausalLM` and `Ernie4_5_MoeModel` exist.
 */
export const ernie45Moe = decoderFamily({
  modelTypes: ['ernie4_5_moe'],
  classPrefix: 'Ernie4_5_Moe',
  taskHeads: [],
  // Ernie4_5_MoeConfig's attribute_map: the common names read the ERNIE ones configs write.
  aliases: { num_experts_per_tok: ['moe_k'], num_experts: ['moe_num_experts'] },
  defaults: {
    vocab_size: 103424,
    hidden_size: 2560,
    intermediate_size: 12288, // the dense layers' d_ff
    num_hidden_layers: 28,
    num_attention_heads: 20,
    num_key_value_heads: 4,
    head_dim: null, // no such field: d / n_h
    use_bias: false,
    moe_intermediate_size: 1536,
    num_experts_per_tok: 6, // moe_k: the active count needs it when a config leaves it out
    num_experts: 64, // moe_num_experts
    moe_num_shared_experts: 2,
    moe_layer_start_index: 1, // layer 0 dense
    moe_layer_end_index: -1, // the last layer
    moe_layer_interval: 1,
    tie_word_embeddings: true,
  },
  attention: separateQkv({ bias: { layout: 'all', when: 'use_bias' } }),
  feedForward: gatedMlp({ bias: 'use_bias' }),
  moe: {
    layers: {
      run: {
        from: 'moe_layer_start_index',
        to: 'moe_layer_end_index',
        every: 'moe_layer_interval',
      },
    },
    block: ernieSparseBlock,
  },
  norms: normPlacements.pre,
  lmHeadBias: 'use_bias',
});
