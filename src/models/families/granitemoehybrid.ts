import { mul, num, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import { attentionLayersCache, keysAndValues } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import type { LayerContext } from './parts/layer-context.js';
import { layerKindStacks, layerKinds } from './parts/layer-kinds.js';
import {
  hybridMamba2Fields,
  mamba2Mixer,
  mamba2State,
  mamba2Widths,
} from './parts/mamba2-mixers.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { decoderNorm } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';

/**
 * GraniteMoeSharedMLP, the `shared_mlp` every layer has: gate and up fused in `input_linear`
 * d → 2·shared_intermediate_size, then `output_linear`; no biases.
 */
function sharedMlp(context: LayerContext): ModuleSpec {
  const { d, sizes, config } = context;
  const width = sizes.bind('d_shared', config.count('shared_intermediate_size'));
  return {
    kind: 'group',
    key: 'shared_mlp',
    name: 'shared feed-forward',
    label: 'shared',
    role: 'mlp',
    children: [
      {
        kind: 'linear',
        key: 'input_linear',
        label: 'gate,up',
        in: d,
        out: mul(num(2), width),
        bias: false,
      },
      { kind: 'linear', key: 'output_linear', label: 'down', in: width, out: d, bias: false },
    ],
  };
}

/** GraniteMoeHybridModel's layers: Mamba-2 or attention, the experts when any, the shared MLP. */
function buildGraniteMoeHybrid(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  // GraniteMoeAttention's head width is always hidden_size / num_attention_heads.
  const { d, vocab, widths } = decoderPrologue(config, sizes, 'width');
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const kindOfLayer = layerKinds(
    config,
    'layer_types',
    { mamba: 'mamba', attention: 'attention' },
    () => 'mamba', // no list: every layer Mamba-2
  );
  const norm = decoderNorm(context);
  const mamba = mamba2Widths(config, sizes, hybridMamba2Fields);
  const attention = separateQkv({ bias: { layout: 'all', when: 'attention_bias' } });
  // GraniteMoeMoE as in granitemoe: router `router.layer`, experts fused in two tensors.
  const experts = expertsBlock({
    key: 'block_sparse_moe',
    experts: 'num_local_experts',
    router: { path: 'router.layer' },
    fused: 'granite',
  });
  const hasExperts = config.count('num_local_experts') > 0n;
  const layerOf =
    (mixer: 'attention' | 'mamba') =>
    (label: string): ModuleSpec => ({
      kind: 'group',
      key: 'layer',
      name: `${mixer === 'attention' ? 'attention' : 'Mamba-2'} decoder layer`,
      label,
      children: [
        mixer === 'attention'
          ? attention(context)
          : mamba2Mixer(config, d, mamba, hybridMamba2Fields, 'mamba'),
        ...(hasExperts ? [experts(context)] : []),
        sharedMlp(context),
        norm('input_layernorm', 'in'),
        norm('post_attention_layernorm', 'post'),
      ],
    });
  const { stacks, countOf } = layerKindStacks(sizes, kindOfLayer, {
    mamba: { tag: 'ssm', name: 'Mamba-2 layers', layer: layerOf('mamba') },
    attention: { tag: 'attn', name: 'attention layers', layer: layerOf('attention') },
  });
  const attentionLayers: Expr | undefined = countOf('attention');
  const mambaLayers: Expr | undefined = countOf('mamba');
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'GraniteMoeHybridModel',
    label: 'base',
    children: [tokenEmbeddings('embed_tokens', vocab, d), ...stacks, norm('norm', 'final')],
  };
  return {
    name: className,
    sizes: sizes.sizes,
    ...attentionLayersCache(attentionLayers, keysAndValues(widths.keyValueHeads, widths.headDim)),
    ...(mambaLayers ? { recurrentState: { entries: mamba2State(mambaLayers, mamba) } } : {}),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
    }),
  };
}

/**
 * Granite 4.0 hybrids (modular_granitemoehybrid.py, GraniteMoeHybridConfig): Bamba's Mamba-2
 * mixer or Granite-MoE's attention (biased by `attention_bias`) as `layer_types` says, then
 * `block_sparse_moe` when `num_local_experts` > 0 and always a `shared_mlp`. The multipliers
 * (embedding, residual, attention, logits) change no shape.
 */
export const granitemoehybrid: Family = {
  modelTypes: ['granitemoehybrid'],
  aliases: { layer_types: ['layers_block_type'] },
  defaults: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 11008, // each routed expert's width
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null, // none: a key/value head per query head
    tie_word_embeddings: false,
    attention_bias: false,
    num_local_experts: 8, // 0: no block_sparse_moe (the dense Granite 4.0 models)
    num_experts_per_tok: 2,
    shared_intermediate_size: 1024,
    layer_types: null, // none: every layer Mamba-2
    mamba_n_heads: 128,
    mamba_n_groups: 1,
    mamba_d_state: 256,
    mamba_d_head: 'auto', // mamba_expand·hidden_size / mamba_n_heads
    mamba_d_conv: 4,
    mamba_expand: 2, // d_inner = mamba_expand·hidden_size
    mamba_conv_bias: true,
    mamba_proj_bias: false,
  },
  classes: ['GraniteMoeHybridForCausalLM', 'GraniteMoeHybridModel'],
  build: buildGraniteMoeHybrid,
};
