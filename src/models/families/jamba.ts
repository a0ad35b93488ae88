import { fieldError } from '../../errors/user-error.js';
import type { Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import type { Family } from './family.js';
import { allLayers, keysAndValues, selfCache } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import type { LayerContext } from './parts/layer-context.js';
import { layerKindStacks, layerKinds, type LayerKind } from './parts/layer-kinds.js';
import { mambaMixer, mambaState, mambaWidths, type MambaFields } from './parts/mamba-mixers.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { decoderNorm } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';
import {
  decoderOnlyClass,
  decoderOnlyClassNames,
  SizeBook,
  tokenEmbeddings,
} from './building-blocks.js';

/** JambaConfig's names for the Mamba mixer's widths (`intermediate_size` is the MLP's). */
const jambaMambaFields: MambaFields = {
  expand: 'mamba_expand',
  state: 'mamba_d_state',
  rank: 'mamba_dt_rank',
  kernel: 'mamba_d_conv',
  bias: 'mamba_proj_bias',
  convBias: 'mamba_conv_bias',
};

/**
 * A Jamba layer differs in two ways, so its kind is the pair: the mixer (attention when
 * `i % attn_layer_period == attn_layer_offset`, else Mamba) and the feed-forward (experts when
 * `i % expert_layer_period == expert_layer_offset` and `num_experts` > 1, else one MLP).
 */
const kindTable = {
  'attention+mlp': { tag: 'attn', name: 'attention layers (MLP)' },
  'attention+moe': { tag: 'attn_moe', name: 'attention layers (experts)' },
  'mamba+mlp': { tag: 'ssm', name: 'Mamba layers (MLP)' },
  'mamba+moe': { tag: 'ssm_moe', name: 'Mamba layers (experts)' },
} as const;

/** `offset < period`, as JambaConfig's `_check_supported_offset` requires. */
function period(config: ConfigFields, periodField: string, offsetField: string) {
  const every = config.size(periodField);
  const offset = config.count(offsetField);
  if (offset >= every)
    throw fieldError(offsetField, Number(offset), `less than ${periodField} (${every})`);
  return { every, offset };
}

/** Each layer's kind, from JambaConfig's `layers_block_type` and `layers_num_experts` rules. */
function jambaKinds(config: ConfigFields): string[] {
  const attention = period(config, 'attn_layer_period', 'attn_layer_offset');
  const experts = period(config, 'expert_layer_period', 'expert_layer_offset');
  const routed = config.size('num_experts');
  const sparse = routed > 1n;
  // One expert builds no MoE block, so no router checks a written k against it: checked here.
  const k = config.size('num_experts_per_tok');
  if (!sparse && config.given('num_experts_per_tok') && k > routed)
    throw fieldError(
      'config field num_experts_per_tok',
      Number(k),
      `at most the number of routed experts, num_experts = ${routed}`,
    );
  const mixers = layerKinds(
    config,
    'layers_block_type',
    { attention: 'attention', mamba: 'mamba' },
    (i) => (BigInt(i) % attention.every === attention.offset ? 'attention' : 'mamba'),
  );
  return mixers.map((mixer, i) =>
    sparse && BigInt(i) % experts.every === experts.offset ? `${mixer}+moe` : `${mixer}+mlp`,
  );
}

/** The layers of JambaModel and what each kind keeps between tokens. */
function buildJamba(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, widths } = decoderPrologue(config, sizes, 'width');
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const kindOfLayer = jambaKinds(config);
  const norm = decoderNorm(context);
  const attention = separateQkv({ bias: { layout: 'none' } });
  const mamba = mambaWidths(config, sizes, jambaMambaFields);
  const mixers = {
    attention: () => attention(context),
    mamba: () =>
      mambaMixer(config, d, mamba, jambaMambaFields, {
        key: 'mamba',
        dtBcNorms: { dt: 'dt_layernorm', b: 'b_layernorm', c: 'c_layernorm' },
      }),
  };
  const feedForwards = {
    mlp: (): ModuleSpec => ({
      kind: 'mlp',
      key: 'feed_forward',
      d,
      dFF: sizes.bind('d_ff', config.size('intermediate_size')),
      gated: true,
      bias: false,
      role: 'mlp',
    }),
    // JambaSparseMoeBlock: `router` d → E without bias, E JambaMLPs of intermediate_size.
    moe: () =>
      expertsBlock({ key: 'feed_forward', experts: 'num_experts', router: { path: 'router' } })(
        context,
      ),
  };
  const kinds: Record<string, LayerKind> = {};
  for (const [kind, { tag, name }] of Object.entries(kindTable)) {
    const [mixer, ff] = kind.split('+') as ['attention' | 'mamba', 'mlp' | 'moe'];
    kinds[kind] = {
      tag,
      name,
      layer: (label) => ({
        kind: 'group',
        key: 'layer',
        name: `${mixer === 'attention' ? 'attention' : 'Mamba'} decoder layer`,
        label,
        children: [
          mixers[mixer](),
          feedForwards[ff](),
          norm('input_layernorm', 'in'),
          norm('pre_ff_layernorm', 'ff'),
        ],
      }),
    };
  }
  const { stacks, countOf } = layerKindStacks(sizes, kindOfLayer, kinds);
  const counted = (...of: string[]): Expr[] =>
    of.map(countOf).filter((c): c is Expr => c !== undefined);
  const attentionLayers = counted('attention+mlp', 'attention+moe');
  const mambaLayers = counted('mamba+mlp', 'mamba+moe');
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'JambaModel',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      norm('final_layernorm', 'final'),
    ],
  };
  return {
    name: className,
    sizes: sizes.sizes,
    // HybridMambaAttentionDynamicCache: keys and values in the attention layers only, the Mamba
    // layers' conv [d_inner, d_conv] and ssm [d_inner, d_state] states (empty in the others).
    ...(attentionLayers.length > 0
      ? {
          kvCache: selfCache(
            allLayers(attentionLayers),
            keysAndValues(widths.keyValueHeads, widths.headDim),
          ),
        }
      : {}),
    ...(mambaLayers.length > 0
      ? { recurrentState: { entries: mambaState(allLayers(mambaLayers), mamba) } }
      : {}),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
    }),
  };
}

/**
 * Jamba (modeling_jamba.py, JambaConfig): attention and Mamba layers, dense and expert
 * feed-forwards, interleaved by period and offset; unbiased Q/K/V/O; Jamba's Mamba mixer has
 * RMSNorms on Δ, B and C; four kinds of layer at most, each a stack at its own indices.
 */
export const jamba: Family = {
  modelTypes: ['jamba'],
  defaults: {
    vocab_size: 65536,
    tie_word_embeddings: false,
    hidden_size: 4096,
    intermediate_size: 14336, // each MLP's and each expert's
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    num_experts_per_tok: 2,
    num_experts: 16,
    expert_layer_period: 2, // experts in layers 1, 3, 5, …
    expert_layer_offset: 1,
    attn_layer_period: 8, // attention in layers 4, 12, 20, …; Mamba in the others
    attn_layer_offset: 4,
    layers_block_type: null, // JambaConfig computes it from attn_layer_period and attn_layer_offset
    mamba_d_state: 16,
    mamba_d_conv: 4,
    mamba_expand: 2, // d_inner = mamba_expand·hidden_size, always
    mamba_dt_rank: 'auto', // ⌈hidden_size / 16⌉
    mamba_conv_bias: true,
    mamba_proj_bias: false,
  },
  classes: decoderOnlyClassNames('Jamba').filter(
    (name) => !/ForTokenClassification|ForQuestionAnswering/.test(name),
  ),
  build: buildJamba,
};
