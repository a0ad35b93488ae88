import { fieldError } from '../../errors/user-error.js';
import type { Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import { attentionLayersCache, keysAndValues } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import type { LayerContext } from './parts/layer-context.js';
import { layerKindStacks, layerKinds } from './parts/layer-kinds.js';
import {
  hybridMamba2Fields,
  mamba2Mixer,
  mamba2State,
  mamba2Widths,
} from './parts/mamba2-mixers.js';
import { decoderNorm } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';

/** The layers `attn_layer_indices` lists attend; the others are Mamba-2 (BambaConfig's rule). */
export function attentionAtListed(config: ConfigFields, field = 'attn_layer_indices') {
  const listed = config.value(field);
  if (listed === undefined || listed === null) return () => 'mamba';
  if (!Array.isArray(listed) || !listed.every((i) => Number.isSafeInteger(i)))
    throw fieldError(field, listed, 'a list of layer indices');
  const at = new Set(listed as number[]);
  return (i: number) => (at.has(i) ? 'attention' : 'mamba');
}

/** The layer type names BambaConfig's `layers_block_type` has used, old and new. */
export const hybridLayerTypes = {
  attention: 'attention',
  full_attention: 'attention',
  mamba: 'mamba',
  linear_attention: 'mamba',
} as const;

/** BambaModel's layers: norms around an attention or a Mamba-2 mixer, then one SwiGLU MLP. */
function buildBamba(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, widths } = decoderPrologue(config, sizes);
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const kindOfLayer = layerKinds(
    config,
    'layers_block_type',
    hybridLayerTypes,
    attentionAtListed(config),
  );
  const norm = decoderNorm(context);
  const mamba = mamba2Widths(config, sizes, hybridMamba2Fields);
  const mixers: Record<'attention' | 'mamba', () => ModuleSpec> = {
    attention: () => separateQkv({ bias: { layout: 'none' } })(context),
    mamba: () => mamba2Mixer(config, d, mamba, hybridMamba2Fields, 'mamba'),
  };
  const layerOf =
    (mixer: 'attention' | 'mamba') =>
    (label: string): ModuleSpec => ({
      kind: 'group',
      key: 'layer',
      name: `${mixer === 'attention' ? 'attention' : 'Mamba-2'} decoder layer`,
      label,
      children: [
        mixers[mixer](),
        { ...gatedMlp()(context), key: 'feed_forward' },
        norm('input_layernorm', 'in'),
        norm('pre_ff_layernorm', 'ff'),
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
    name: 'BambaModel',
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
 * Bamba (modular_bamba.py, BambaConfig): Mamba-2 layers and the attention layers
 * `attn_layer_indices` lists (Llama's attention, no biases), each followed by a SwiGLU
 * `feed_forward`, with Jamba's `input_layernorm`/`pre_ff_layernorm` and `final_layernorm`.
 */
export const bamba: Family = {
  modelTypes: ['bamba'],
  defaults: {
    vocab_size: 128000,
    tie_word_embeddings: false,
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    attn_layer_indices: null, // none: every layer is Mamba-2
    mamba_n_heads: 128,
    mamba_d_head: 'auto', // mamba_expand·hidden_size / mamba_n_heads
    mamba_n_groups: 1,
    mamba_d_state: 256,
    mamba_d_conv: 4,
    mamba_expand: 2, // d_inner = mamba_expand·hidden_size
    mamba_conv_bias: true,
    mamba_proj_bias: false,
  },
  classes: ['BambaForCausalLM', 'BambaModel'],
  build: buildBamba,
};
