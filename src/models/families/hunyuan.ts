import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import { decoderFamily } from './decoder-family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import type { LayerPart } from './parts/layer-context.js';
import { normPlacements } from './parts/norm-placements.js';
import { uniformPerLayer } from './parts/per-layer-fields.js';

/**
 * HunYuan dense V1 (modeling_hunyuan_v1_dense.py): Llama's layer with a per-head RMSNorm on queries
 * and keys, named `query_layernorm` and `key_layernorm` (always there, no flag); Q, K, V and O
 * biased by `attention_bias`, the SwiGLU feed-forward never. Its task head is sequence
 * classification only.
 */
export const hunyuanV1Dense = decoderFamily({
  modelTypes: ['hunyuan_v1_dense'],
  classPrefix: 'HunYuanDenseV1',
  taskHeads: ['ForSequenceClassification'],
  defaults: {
    vocab_size: 290943,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null, // none: a key/value head per query head
    head_dim: null, // the code's default (its docstring says 128): d / n_h
    attention_bias: false,
    tie_word_embeddings: false,
  },
  attention: separateQkv({
    bias: { layout: 'all', when: 'attention_bias' },
    qkNorm: { over: 'head', keys: { q: 'query_layernorm', k: 'key_layernorm' } },
  }),
  feedForward: gatedMlp(),
  norms: normPlacements.pre,
});

/**
 * Settings of Tencent's own HunYuan-MoE code that HunYuanMoEV1's classes never read: a config that
 * sets one away from the value those classes build describes a checkpoint they cannot load, so it
 * is refused rather than counted at the wrong shapes.
 */
const unreadSettings: ReadonlyArray<{ field: string; builds: (c: ConfigFields) => unknown }> = [
  // Every expert and the shared MLP are `intermediate_size` wide.
  { field: 'moe_intermediate_size', builds: (c) => c.size('intermediate_size') },
  // One shared MLP a layer.
  { field: 'num_shared_expert', builds: () => 1n },
];

function refuseUnreadSettings(config: ConfigFields, layerCount: bigint): void {
  for (const { field, builds } of unreadSettings) {
    const written = uniformPerLayer(config, field, layerCount);
    const built = builds(config);
    if (written !== undefined && written !== built)
      throw fieldError(field, config.value(field), `${built}, the only value HunYuanMoEV1 builds`);
  }
  // Cross-layer attention would drop the K and V projections of the layers that share them.
  if (config.value('use_cla') === true)
    throw fieldError('use_cla', true, 'false (HunYuanMoEV1 gives every layer its own K and V)');
  // Older transformers built the shared MLP only with this flag; HunYuanMoEV1 now always does.
  if (config.value('use_mixed_mlp_moe') === false)
    throw fieldError('use_mixed_mlp_moe', false, 'true (HunYuanMoEV1 always builds shared_mlp)');
}

/**
 * HunYuan-MoE's feed-forward (HunYuanMoEV1Moe): a float32 router `gate.wg` (E × d, no bias), E
 * SwiGLU experts and one always-on `shared_mlp`, all `intermediate_size` wide. `num_experts` and
 * `moe_topk` may be lists, one entry a layer, read as one value when the entries are equal.
 */
const hunyuanMoeBlock: LayerPart = ({ config, sizes, d }): ModuleSpec => {
  const layerCount = config.size('num_hidden_layers');
  refuseUnreadSettings(config, layerCount);
  const topK = uniformPerLayer(config, 'num_experts_per_tok', layerCount);
  const experts = sizes.bind('E', uniformPerLayer(config, 'num_experts', layerCount) ?? 1n);
  const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
  return {
    kind: 'moe',
    key: 'mlp',
    ...(topK === undefined ? {} : { topK: sizes.bind('k_top', topK) }),
    d,
    experts,
    expert: { dFF, gated: true, bias: false },
    shared: { key: 'shared_mlp', dFF, gated: true, bias: false },
    routerPath: 'gate.wg',
    role: 'mlp',
  };
};

/**
 * HunYuan-MoE V1 (modeling_hunyuan_v1_moe.py, Hunyuan-A13B): HunYuan dense V1's attention
 * (`query_layernorm`/`key_layernorm` always there) and in every layer a mixture of experts beside a
 * shared MLP. Its task head is sequence classification only.
 */
export const hunyuanV1Moe = decoderFamily({
  modelTypes: ['hunyuan_v1_moe'],
  classPrefix: 'HunYuanMoEV1',
  taskHeads: ['ForSequenceClassification'],
  // Read under the common name, so overrides and the routing check know it: configs write moe_topk.
  aliases: { num_experts_per_tok: ['moe_topk'] },
  defaults: {
    vocab_size: 290943,
    hidden_size: 4096,
    intermediate_size: 11008, // every expert's and the shared MLP's width
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null, // none: a key/value head per query head
    head_dim: null, // the code's default (its docstring says 128): d / n_h
    attention_bias: false,
    num_experts: 1, // an integer, or a list with one entry a layer
    num_experts_per_tok: 1, // moe_topk, experts a token uses: an integer or a list, as num_experts
    tie_word_embeddings: false,
  },
  attention: separateQkv({
    bias: { layout: 'all', when: 'attention_bias' },
    qkNorm: { over: 'head', keys: { q: 'query_layernorm', k: 'key_layernorm' } },
  }),
  moe: { layers: 'all', block: hunyuanMoeBlock },
  norms: normPlacements.pre,
});
