import { type Expr, mul, num, sym } from '../../expr/nodes.js';
import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { KvCacheLayout, ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, expertsPerToken, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import { allLayers, keysAndValues, selfCache } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import { interleavedStacks, kindCounts, type FeedForwardKind } from './parts/interleaved-stacks.js';
import type { LayerContext } from './parts/layer-context.js';
import { stackCounts } from './parts/layer-stack.js';
import { decoderNorm, layerNorms, normPlacements } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';

/**
 * The sparse layers' indices: `moe_layers` when listed, else every `interleave_moe_layer_step`-th
 * layer from `step − 1` (Llama4TextConfig's `range(step - 1, L, step)`: all of them with step 1).
 */
function sparseLayers(config: ConfigFields, layers: bigint): Set<bigint> {
  const listed = config.value('moe_layers');
  if (listed === undefined || listed === null) {
    const step = config.size('interleave_moe_layer_step');
    const indices = new Set<bigint>();
    for (let i = step - 1n; i < layers; i += step) indices.add(i);
    return indices;
  }
  const valid = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (!Array.isArray(listed) || !listed.every(valid))
    throw fieldError('moe_layers', listed, 'a list of layer indices (whole numbers ≥ 0)');
  // `layer_idx in config.moe_layers`: indices past the last layer make no layer sparse.
  return new Set(listed.map((i) => BigInt(i as number)).filter((i) => i < layers));
}

/**
 * Llama 4's sparse feed-forward (Llama4TextMoe): a router `router` (E × d, no bias), experts
 * stored as two 3-D tensors (Llama4TextExperts: `gate_up_proj` [E, d, 2·d_ff], `down_proj`
 * [E, d_ff, d]) and one SwiGLU `shared_expert`, all `intermediate_size` wide.
 */
function sparseBlock({ config, sizes, d }: LayerContext): ModuleSpec {
  const experts = sizes.bind('E', config.size('num_local_experts'));
  const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
  return {
    kind: 'moe',
    key: 'feed_forward',
    ...expertsPerToken(config, sizes),
    d,
    experts,
    expert: { dFF, gated: true, bias: false },
    shared: { key: 'shared_expert', dFF, gated: true, bias: false },
    routerPath: 'router',
    fusedExperts: [
      { name: 'experts.gate_up_proj', shape: [experts, d, mul(num(2), dFF)] },
      { name: 'experts.down_proj', shape: [experts, dFF, d] },
    ],
    role: 'mlp',
  };
}

function buildLlama4Text(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, layerCount, widths } = decoderPrologue(config, sizes);
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  // `use_qk_norm` is an L2 norm without weights, and NoPE layers (`no_rope_layers`) skip the
  // rotation: neither changes a shape, nor does `attn_temperature_tuning`.
  const attention = separateQkv({ bias: { layout: 'all', when: 'attention_bias' } })(context);
  const norms = layerNorms(context, normPlacements.pre);
  const layerOf =
    (sparse: boolean) =>
    (label: string): ModuleSpec => ({
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label,
      children: [
        attention,
        sparse
          ? sparseBlock(context)
          : {
              kind: 'mlp',
              key: 'feed_forward',
              d,
              dFF: sizes.bind('d_mlp', config.size('intermediate_size_mlp')),
              gated: true,
              bias: false,
              role: 'mlp',
            },
        ...norms,
      ],
    });
  const sparse = sparseLayers(config, layerCount);
  const kinds: FeedForwardKind[] = [false, true]
    .map((isSparse) => ({
      sparse: isSparse,
      indices: [...Array(Number(layerCount)).keys()]
        .map(BigInt)
        .filter((i) => sparse.has(i) === isSparse),
    }))
    .filter((k) => k.indices.length > 0)
    .sort((a, b) => Number(a.indices[0]! - b.indices[0]!));
  const counts = kindCounts(sizes, kinds, layerCount);
  const stacks = interleavedStacks(
    kinds.map((k, i) => ({
      indices: k.indices,
      count: counts[i]!,
      key: k.sparse ? 'moe_layers' : 'dense_layers',
      name: k.sparse ? 'MoE decoder layers' : 'dense decoder layers',
      label: k.sparse ? 'moe layers' : 'dense layers',
      layer: layerOf(k.sparse),
    })),
  );
  const model: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'Llama4TextModel',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(context)('norm', 'final'),
    ],
  };
  return {
    name: className,
    sizes: sizes.sizes,
    kvCache: chunkedCache(
      config,
      allLayers(stackCounts(stacks)),
      keysAndValues(widths.keyValueHeads, widths.headDim),
    ),
    modules: decoderOnlyClass(className, model, {
      d,
      config,
      sizes,
      vocab,
    }),
  };
}

/**
 * Llama 4's cache as transformers' DynamicCache keeps it: a `chunked_attention` layer (the RoPE
 * layers, three in four) is a DynamicSlidingWindowLayer of `attention_chunk_size` tokens ("from a
 * cache point of view, both sliding and chunked are the same"), a `full_attention` one (NoPE)
 * keeps every token. The kinds come from `layer_types` when listed, else from `no_rope_layers`
 * (1: RoPE, chunked), else every `no_rope_layer_interval`-th layer is NoPE (Llama4TextConfig).
 */
function chunkedCache(config: ConfigFields, layers: Expr, perToken: Expr): KvCacheLayout {
  const count = config.size('num_hidden_layers');
  const chunk = config.value('attention_chunk_size');
  const listed = config.value('layer_types');
  const noRope = config.value('no_rope_layers');
  const interval = config.optionalSize('no_rope_layer_interval') ?? 4n;
  const chunked = Array.isArray(listed)
    ? BigInt(listed.filter((t) => t === 'chunked_attention').length)
    : Array.isArray(noRope) && noRope.length > 0
      ? BigInt(listedNoRope(noRope, count).filter((v) => v === 1 || v === true).length)
      : count - count / interval;
  if (typeof chunk !== 'number' || !Number.isSafeInteger(chunk) || chunk < 1 || chunked === 0n)
    return selfCache(layers, perToken);
  const window = BigInt(chunk);
  if (chunked >= count)
    return { entries: [{ name: 'sliding', layers, perToken, window }], sizes: {} };
  return {
    entries: [
      { name: 'self', layers: sym('L_global'), perToken },
      { name: 'sliding', layers: sym('L_local'), perToken, window },
    ],
    sizes: { L_global: count - chunked, L_local: chunked },
  };
}

/** `no_rope_layers` as listed: one entry a layer, as the decoder layers index it. */
function listedNoRope(list: readonly unknown[], layers: bigint): readonly unknown[] {
  if (BigInt(list.length) !== layers)
    throw fieldError(
      'no_rope_layers',
      list,
      `a list of ${layers} entries (1: RoPE, 0: NoPE), one a layer`,
    );
  return list;
}

/**
 * Llama 4's text model (modeling_llama4.py: Llama4ForCausalLM, Llama4TextModel): Llama's
 * attention, a SwiGLU `feed_forward` of `intermediate_size_mlp` in dense layers and Llama4TextMoe
 * in the layers `moe_layers` (or `interleave_moe_layer_step`) names. The multimodal `llama4`
 * composite is another family's.
 */
export const llama4Text: Family = {
  modelTypes: ['llama4_text'],
  // Llama4TextConfig's defaults (Llama-4-Scout-17B-16E's text shapes), one field a line.
  defaults: {
    vocab_size: 202048,
    hidden_size: 5120,
    intermediate_size: 8192, // each expert's and the shared expert's width
    intermediate_size_mlp: 16384, // the dense layers' SwiGLU width
    num_hidden_layers: 48,
    num_attention_heads: 40,
    num_key_value_heads: 8,
    head_dim: 128,
    attention_bias: false,
    num_local_experts: 16,
    num_experts_per_tok: 1,
    moe_layers: null, // none: every interleave_moe_layer_step-th layer is sparse
    interleave_moe_layer_step: 1, // 1: every layer sparse (Scout); Maverick writes 2
    tie_word_embeddings: false, // Scout's and Maverick's text_config leave it out: lm_head untied
    attention_chunk_size: 8192, // the RoPE layers attend (and cache) within chunks of this many tokens
    no_rope_layer_interval: 4, // every 4th layer is NoPE, with full attention
    no_rope_layers: null, // none listed: by the interval
    layer_types: null, // none listed: chunked where RoPE, full where NoPE
  },
  classes: ['Llama4ForCausalLM', 'Llama4TextModel'],
  build: buildLlama4Text,
};
