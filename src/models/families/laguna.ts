import { type Expr, mul, num } from '../../expr/nodes.js';
import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, expertsPerToken, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import { allLayers, decoderCache, keysAndValues } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import {
  interleavedStacks,
  isRun,
  kindCounts,
  type LayerGroup,
} from './parts/interleaved-stacks.js';
import type { LayerContext } from './parts/layer-context.js';
import { decoderNorm, layerNorms, normPlacements } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';
import { stackCounts } from './parts/layer-stack.js';

type MlpKind = 'dense' | 'sparse';

/** What sets a layer apart from the others: its query heads and its feed-forward. */
interface LayerKind {
  readonly heads: bigint;
  readonly mlp: MlpKind;
  readonly indices: bigint[];
}

/** A per-layer list the config may write: one entry a layer, each accepted by `valid`. */
function perLayerList<T>(
  config: ConfigFields,
  field: string,
  layers: bigint,
  expected: string,
  valid: (v: unknown) => v is T,
): T[] | undefined {
  const value = config.value(field);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || BigInt(value.length) !== layers || !value.every(valid))
    throw fieldError(field, value, `a list of ${layers} ${expected} (one a layer)`);
  return value;
}

const isHeadCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isMlpKind = (v: unknown): v is MlpKind => v === 'dense' || v === 'sparse';

/**
 * The layers grouped by kind, in the order each kind first appears. LagunaConfig's own defaults:
 * `num_attention_heads` heads in every layer, the first layer dense and the others sparse.
 */
function layerKinds(config: ConfigFields, layers: bigint, heads: bigint): LayerKind[] {
  const headList = perLayerList(
    config,
    'num_attention_heads_per_layer',
    layers,
    'positive integers',
    isHeadCount,
  );
  const mlpList = perLayerList(config, 'mlp_layer_types', layers, '"dense" or "sparse"', isMlpKind);
  const kinds = new Map<string, LayerKind>();
  for (let i = 0n; i < layers; i++) {
    const layerHeads = headList ? BigInt(headList[Number(i)]!) : heads;
    const mlp = mlpList ? mlpList[Number(i)]! : i === 0n ? 'dense' : 'sparse';
    const id = `${layerHeads}:${mlp}`;
    const kind = kinds.get(id) ?? { heads: layerHeads, mlp, indices: [] };
    kind.indices.push(i);
    kinds.set(id, kind);
  }
  return [...kinds.values()];
}

/**
 * Laguna's sparse feed-forward (LagunaSparseMoeBlock): a router `gate` (E × d) with its
 * `e_score_correction_bias` (E, an nn.Parameter with requires_grad off, still counted), experts
 * stored as two 3-D tensors (LagunaExperts: `gate_up_proj` [E, 2·d_moe, d], `down_proj`
 * [E, d, d_moe]) and an always-on SwiGLU `shared_experts` (no gate of its own) of
 * `shared_expert_intermediate_size`.
 */
function sparseBlock({ config, sizes, d }: LayerContext): ModuleSpec {
  const topK = expertsPerToken(config, sizes);
  const experts = sizes.bind('E', config.size('num_experts'));
  const dMoe = sizes.bind('d_moe', config.size('moe_intermediate_size'));
  const shared = sizes.bind('d_shared', config.size('shared_expert_intermediate_size'));
  return {
    kind: 'group',
    key: 'mlp',
    name: 'Laguna MoE block',
    label: 'MoE',
    children: [
      { kind: 'tensor', key: 'gate.e_score_correction_bias', shape: [experts] },
      {
        kind: 'moe',
        ...topK,
        key: 'moe',
        inline: true,
        d,
        experts,
        expert: { dFF: dMoe, gated: true, bias: false },
        shared: { dFF: shared, gated: true, bias: false },
        fusedExperts: [
          { name: 'experts.gate_up_proj', shape: [experts, mul(num(2), dMoe), d] },
          { name: 'experts.down_proj', shape: [experts, d, dMoe] },
        ],
        role: 'mlp',
      },
    ],
  };
}

/**
 * The softplus output gate `g_proj` (d → one gate a head, or one a channel with `gating`
 * "per-element"), inside `self_attn` beside Q, K, V and O.
 */
function outputGate(context: LayerContext, heads: Expr): ModuleSpec {
  const gating = context.config.value('gating');
  const perHead = gating === true || gating === 'per-head';
  return {
    kind: 'linear',
    key: 'g_proj',
    path: 'self_attn.g_proj',
    label: 'gate,attn',
    role: 'attention',
    in: context.d,
    out: perHead ? heads : mul(heads, context.widths.headDim),
    bias: false,
  };
}

function buildLaguna(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, layerCount, widths } = decoderPrologue(config, sizes);
  const base: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const kinds = layerKinds(config, layerCount, config.size('num_attention_heads'));
  const uniformHeads = new Set(kinds.map((k) => k.heads)).size === 1;
  const norms = layerNorms(base, normPlacements.pre);
  const layerOf = (kind: LayerKind) => (label: string) => {
    // Heads other than `num_attention_heads` (Laguna-XS.2's sliding layers) are written as numbers.
    const heads =
      kind.heads === config.size('num_attention_heads') ? widths.queryHeads : num(kind.heads);
    const context = { ...base, widths: { ...widths, queryHeads: heads } } as LayerContext;
    const attention = separateQkv({
      bias: { layout: 'all', when: 'attention_bias' },
      qkNorm: { over: 'head' },
    })(context);
    const mlp: ModuleSpec =
      kind.mlp === 'sparse'
        ? sparseBlock(context)
        : {
            kind: 'mlp',
            key: 'mlp',
            d,
            dFF: sizes.bind('d_ff', config.size('intermediate_size')),
            gated: true,
            bias: false,
            role: 'mlp',
          };
    return {
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label,
      children: [attention, outputGate(context, heads), mlp, ...norms],
    } as ModuleSpec;
  };
  const counts = groupCounts(sizes, kinds, layerCount);
  const groups: LayerGroup[] = kinds.map((kind, i) => ({
    indices: kind.indices,
    count: counts[i]!,
    key: `${kind.mlp === 'sparse' ? 'moe' : 'dense'}_layers${uniformHeads ? '' : `_h${kind.heads}`}`,
    name: `${kind.mlp === 'sparse' ? 'MoE' : 'dense'} decoder layers`,
    label: `${kind.mlp === 'sparse' ? 'moe' : 'dense'} layers${uniformHeads ? '' : `,${kind.heads}`}`,
    layer: layerOf(kind),
  }));
  const stacks = interleavedStacks(groups);
  const model: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'LagunaModel',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(base)('norm', 'final'),
    ],
  };
  const perToken = keysAndValues(widths.keyValueHeads, widths.headDim);
  return {
    name: className,
    sizes: sizes.sizes,
    // Sliding layers come from `layer_types` (all full attention by LagunaConfig's default).
    kvCache: decoderCache(config, allLayers(stackCounts(stacks)), layerCount, perToken),
    modules: decoderOnlyClass(className, model, {
      d,
      config,
      sizes,
      vocab,
    }),
  };
}

/**
 * The groups' counts: as `kindCounts` gives them when every layer has the same heads; else the
 * numbers themselves, and `L_moe` bound when a group is spread among the others (for `verify`).
 */
function groupCounts(sizes: SizeBook, kinds: readonly LayerKind[], layerCount: bigint): Expr[] {
  const byMlp = kinds.map((k) => ({ sparse: k.mlp === 'sparse', indices: k.indices }));
  if (new Set(kinds.map((k) => k.heads)).size === 1) return kindCounts(sizes, byMlp, layerCount);
  const sparse = byMlp.filter((k) => k.sparse).reduce((n, k) => n + BigInt(k.indices.length), 0n);
  if (sparse > 0n && !kinds.every((k) => isRun(k.indices))) sizes.bind('L_moe', sparse);
  return kinds.map((k) => num(BigInt(k.indices.length)));
}

/**
 * Laguna (modeling_laguna.py, Poolside's Laguna-XS.2): per layer, attention with per-head Q/K
 * RMSNorms, a softplus output gate `g_proj` and its own number of query heads
 * (`num_attention_heads_per_layer`), then a dense SwiGLU or a sparse block as `mlp_layer_types`
 * says. Partial rotary (by layer type) adds no weights. Only `LagunaForCausalLM` and `LagunaModel`
 * exist.
 */
export const laguna: Family = {
  modelTypes: ['laguna'],
  // LagunaConfig's defaults (Laguna-XS.2's shapes), one field a line.
  defaults: {
    vocab_size: 100352,
    hidden_size: 2048,
    intermediate_size: 8192, // the dense layers' SwiGLU width
    num_hidden_layers: 40,
    num_attention_heads: 48,
    num_key_value_heads: 8,
    head_dim: 128,
    attention_bias: false,
    gating: true, // one softplus gate a head; "per-element": one a channel
    num_attention_heads_per_layer: null, // none: num_attention_heads in every layer
    mlp_layer_types: null, // none: layer 0 dense, the others sparse
    num_experts: 256,
    num_experts_per_tok: 8,
    moe_intermediate_size: 512, // each routed expert's width
    shared_expert_intermediate_size: 512,
    sliding_window: 512, // the window of layers `layer_types` marks sliding (cache only)
    tie_word_embeddings: false,
  },
  classes: ['LagunaForCausalLM', 'LagunaModel'],
  build: buildLaguna,
};
