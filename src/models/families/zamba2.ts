import { fieldError } from '../../errors/user-error.js';
import type { Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, normFactory, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import { attentionLayersCache, keysAndValues } from './kv-cache-layout.js';
import { layerKindStacks, layerKinds } from './parts/layer-kinds.js';
import {
  mamba2Mixer,
  mamba2State,
  mamba2Widths,
  zamba2Mamba2Fields,
} from './parts/mamba2-mixers.js';
import { zamba2SharedBlock } from './parts/zamba2-shared-blocks.js';

/** Zamba2Config's `layers_block_type` when none is given: 54 layers, 9 of them hybrid. */
const defaultBlockTypes: readonly string[] = [
  'mamba',
  ...Array.from({ length: 7 }, () => [...Array(5).fill('mamba'), 'hybrid']).flat(),
  ...Array(4).fill('mamba'),
  'hybrid',
  ...Array(3).fill('mamba'),
  'hybrid',
  ...Array(2).fill('mamba'),
];

/** The default pattern, which Zamba2Config writes whatever `num_hidden_layers` says. */
function defaultBlockType(i: number): string {
  const type = defaultBlockTypes[i];
  if (type === undefined)
    throw fieldError('layers_block_type', null, `a list of layer types (the default has 54)`);
  return type;
}

/** Binds the widths of Zamba2's shared blocks: 2·d_model over n_h heads, `intermediate_size`. */
function blockWidths(config: ConfigFields, sizes: SizeBook, d: Expr) {
  const hidden = config.size('hidden_size');
  const heads = config.size('num_attention_heads');
  const kvHeads = config.optionalSize('num_key_value_heads') ?? heads;
  const queryHeads = sizes.bind('n_h', heads);
  return {
    d,
    ff: sizes.bind('d_ff', config.optionalSize('intermediate_size') ?? 4n * hidden),
    heads: queryHeads,
    kvHeads: kvHeads === heads ? queryHeads : sizes.bind('n_kv', kvHeads),
    // Zamba2Config: attention_head_dim = 2 * hidden_size // num_attention_heads.
    headDim: sizes.bind('d_h', (2n * hidden) / heads),
    rank: sizes.bind('r_ad', config.size('adapter_rank')),
  };
}

/** Zamba2Model: Mamba-2 layers, some hybrid (a shared block's output through `linear`, then Mamba-2). */
function buildZamba2(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const d = sizes.bind('d_model', config.size('hidden_size'));
  const vocab = sizes.bind('V', config.size('vocab_size'));
  const kinds = layerKinds(
    config,
    'layers_block_type',
    { mamba: 'mamba', hybrid: 'hybrid' },
    defaultBlockType,
  );
  const hybridIds = kinds.flatMap((kind, i) => (kind === 'hybrid' ? [i] : []));
  const w = blockWidths(config, sizes, d);
  const mamba = mamba2Widths(config, sizes, zamba2Mamba2Fields);
  const norm = normFactory('rmsnorm', d);
  const mambaDecoder = (key: string, label: string): ModuleSpec => ({
    kind: 'group',
    key,
    name: 'Mamba-2 decoder layer',
    label,
    children: [
      mamba2Mixer(config, d, mamba, zamba2Mamba2Fields, 'mamba'),
      norm('input_layernorm', 'in'),
    ],
  });
  const hybridLayer = (label: string): ModuleSpec => ({
    kind: 'group',
    key: 'layer',
    name: 'hybrid layer',
    label,
    children: [
      mambaDecoder('mamba_decoder', 'mamba'),
      { kind: 'linear', key: 'linear', label: 'linear', in: d, out: d, bias: false },
    ],
  });
  const { stacks, countOf } = layerKindStacks(sizes, kinds, {
    mamba: { tag: 'ssm', name: 'Mamba-2 layers', layer: (label) => mambaDecoder('layer', label) },
    hybrid: { tag: 'attn', name: 'hybrid layers', layer: hybridLayer },
  });
  // The shared blocks are held by the hybrid layers: each is counted once, under its first user.
  const blocks = Math.min(Number(config.size('num_mem_blocks')), hybridIds.length);
  const shared: ModuleSpec[] = Array.from({ length: blocks }, (_, block) =>
    zamba2SharedBlock(config, w, {
      block,
      blocks: Number(config.size('num_mem_blocks')),
      hybridIds,
    }),
  );
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'Zamba2Model',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      ...shared,
      norm('final_layernorm', 'final'),
    ],
  };
  const attentionLayers = countOf('hybrid');
  const allLayers = sizes.bind('L', BigInt(kinds.length));
  return {
    name: className,
    sizes: sizes.sizes,
    ...attentionLayersCache(attentionLayers, keysAndValues(w.kvHeads, w.headDim)),
    // Zamba2HybridDynamicCache keeps conv and SSM states for every layer: each has its Mamba-2.
    recurrentState: { entries: mamba2State(allLayers, mamba) },
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
    }),
  };
}

/**
 * Zamba2 (modular_zamba2.py, Zamba2Config): Mamba-2 layers (`mamba` + `input_layernorm`), and
 * hybrid layers that first run one of `num_mem_blocks` shared transformer blocks over
 * [hidden, embeddings] with per-use LoRA adapters, then their own `linear` and Mamba-2 layer.
 */
export const zamba2: Family = {
  modelTypes: ['zamba2'],
  defaults: {
    vocab_size: 32000,
    tie_word_embeddings: true, // PretrainedConfig's default; Zamba2ForCausalLM ties lm_head
    hidden_size: 2560,
    num_hidden_layers: 54,
    layers_block_type: null, // the 54-layer pattern of defaultBlockTypes (9 hybrid)
    mamba_d_state: 64,
    mamba_d_conv: 4,
    mamba_expand: 2, // d_inner = mamba_expand·hidden_size
    mamba_ngroups: 1,
    n_mamba_heads: 8,
    mamba_headdim: 'auto', // mamba_expand·hidden_size // n_mamba_heads
    use_conv_bias: true, // stored, but conv1d is built with bias=True regardless
    add_bias_linear: false, // in_proj, out_proj, gate_up_proj and down_proj biases
    intermediate_size: null, // 4·hidden_size
    num_attention_heads: 32,
    num_key_value_heads: null, // num_attention_heads
    num_mem_blocks: 1, // shared transformer blocks, used in turn by the hybrid layers
    use_shared_attention_adapter: false, // q/k/v LoRA adapters a hybrid use
    adapter_rank: 128,
    use_mem_rope: false, // rotary embedding: buffers only
  },
  classes: ['Zamba2ForCausalLM', 'Zamba2Model', 'Zamba2ForSequenceClassification'],
  build: buildZamba2,
};
