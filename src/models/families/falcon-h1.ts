import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import type { LayerContext } from './parts/layer-context.js';
import {
  hybridMamba2Fields,
  type Mamba2Fields,
  mamba2Mixer,
  mamba2State,
  mamba2Widths,
} from './parts/mamba2-mixers.js';
import { decoderNorm } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';

/**
 * FalconH1Mixer's fields: the hybrids' `mamba_*` names, d_inner written as `mamba_d_ssm` (else
 * `mamba_expand·hidden_size`), `out_proj` biased by `projectors_bias`, the gated RMSNorm only
 * with `mamba_rms_norm`.
 */
const falconH1Fields: Mamba2Fields = {
  ...hybridMamba2Fields,
  inner: 'mamba_d_ssm',
  outBias: 'projectors_bias',
  gatedNorm: 'mamba_rms_norm',
};

/** FalconH1Model: every layer runs attention and a Mamba-2 mixer side by side, then one MLP. */
function buildFalconH1(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, layerCount, widths } = decoderPrologue(config, sizes);
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const norm = decoderNorm(context);
  const mamba = mamba2Widths(config, sizes, falconH1Fields);
  const layer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'parallel hybrid decoder layer',
    label: 'layer',
    children: [
      { ...gatedMlp()(context), key: 'feed_forward' },
      mamba2Mixer(config, d, mamba, falconH1Fields, 'mamba'),
      // FalconH1Attention is LlamaAttention; FalconH1Config fixes attention_bias to false.
      separateQkv({ bias: { layout: 'none' } })(context),
      norm('input_layernorm', 'in'),
      norm('pre_ff_layernorm', 'ff'),
    ],
  };
  const count = sizes.bind('L', layerCount);
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: 'FalconH1Model',
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      {
        kind: 'repeat',
        key: 'layers',
        name: 'decoder layers',
        label: 'layers',
        count,
        child: layer,
      },
      norm('final_layernorm', 'final'),
    ],
  };
  return {
    name: className,
    sizes: sizes.sizes,
    // FalconHybridMambaAttentionDynamicCache: every layer keeps keys and values and Mamba state.
    kvCache: selfCache(count, keysAndValues(widths.keyValueHeads, widths.headDim)),
    recurrentState: { entries: mamba2State(count, mamba) },
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
    }),
  };
}

/**
 * Falcon-H1 (modeling_falcon_h1.py, FalconH1Config): attention and a Mamba-2 mixer in parallel
 * in every layer off one input norm, then a SwiGLU `feed_forward`. Its µP multipliers (embedding,
 * attention, SSM, MLP, LM head) scale activations and change no shape; `mup_vector` is a buffer.
 */
export const falconH1: Family = {
  modelTypes: ['falcon_h1'],
  defaults: {
    vocab_size: 128000,
    tie_word_embeddings: false,
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: null, // LlamaAttention's getattr: hidden_size / num_attention_heads when unset
    mamba_d_ssm: 1024, // d_inner as written; null: mamba_expand·hidden_size
    mamba_n_heads: 128,
    mamba_d_head: 'auto', // d_inner / mamba_n_heads
    mamba_n_groups: 1,
    mamba_d_state: 256,
    mamba_d_conv: 4,
    mamba_expand: 2,
    mamba_conv_bias: true,
    mamba_proj_bias: false, // in_proj's
    mamba_rms_norm: false, // no gated RMSNorm unless set
    projectors_bias: false, // out_proj's
  },
  classes: ['FalconH1ForCausalLM', 'FalconH1Model'],
  build: buildFalconH1,
};
