import type { CheckpointRename } from '../spec/model-spec.js';
import { compositeFamily } from './composite-family.js';
import { decoderFamily } from './decoder-family.js';
import type { Family } from './family.js';
import { separateQkv } from './parts/attention-kinds.js';
import { gatedMlp } from './parts/feed-forward-kinds.js';
import { expertsBlock } from './parts/moe-blocks.js';
import { normPlacements } from './parts/norm-placements.js';

/** Qwen3's attention: Q/K/V/O biased as `attention_bias` says, per-head RMSNorm on Q and K. */
const qwen3Attention = separateQkv({
  bias: { layout: 'all', when: 'attention_bias' },
  qkNorm: { over: 'head' },
});

/**
 * Qwen3-VL's language model (`Qwen3VLTextModel`, configuration_qwen3_vl.py's Qwen3VLTextConfig):
 * Qwen3's layers. transformers has no causal-LM class for it; the composite nests its base model.
 */
export const qwen3VlText = decoderFamily({
  modelTypes: ['qwen3_vl_text'],
  classPrefix: 'Qwen3VLText',
  defaults: {
    vocab_size: 151936,
    hidden_size: 4096,
    intermediate_size: 22016,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    head_dim: 128,
    attention_bias: false,
    tie_word_embeddings: false,
  },
  taskHeads: [],
  attention: qwen3Attention,
  feedForward: gatedMlp(),
  norms: normPlacements.pre,
});

/**
 * Qwen3-VL-MoE's language model (`Qwen3VLMoeTextModel`, Qwen3VLMoeTextConfig): Qwen3-MoE's
 * layers, a router `gate` and the experts stored fused (`experts.gate_up_proj` [E, d, 2·d_moe],
 * `experts.down_proj` [E, d_moe, d]); layers in `mlp_only_layers` keep a dense SwiGLU.
 */
export const qwen3VlMoeText = decoderFamily({
  modelTypes: ['qwen3_vl_moe_text'],
  classPrefix: 'Qwen3VLMoeText',
  defaults: {
    vocab_size: 151936,
    hidden_size: 2048,
    intermediate_size: 5632,
    num_hidden_layers: 24,
    num_attention_heads: 16,
    num_key_value_heads: 16,
    head_dim: null, // none given: d / n_h
    attention_bias: false,
    decoder_sparse_step: 1, // every layer sparse
    moe_intermediate_size: 1408,
    num_experts: 60,
    num_experts_per_tok: 4, // the active count needs it when a config leaves it out
    mlp_only_layers: [], // None in the class: no dense layer
    tie_word_embeddings: true, // Qwen3VLMoeTextConfig's own default
  },
  aliases: { num_experts: ['num_local_experts'] },
  taskHeads: [],
  attention: qwen3Attention,
  feedForward: gatedMlp(),
  moe: {
    layers: {
      period: 'decoder_sparse_step',
      exceptListed: 'mlp_only_layers',
      experts: 'num_experts',
    },
    block: expertsBlock({
      key: 'mlp',
      experts: 'num_experts',
      width: { symbol: 'd_moe', field: 'moe_intermediate_size' },
      fused: 'qwen3-vl-moe',
    }),
  },
  norms: normPlacements.pre,
});

/** Qwen3-VL's `_checkpoint_conversion_mapping`: older names `model.…` and `visual.…`, as Qwen2-VL's. */
const qwen3VlNames = (prefix: string): CheckpointRename[] => [
  { from: '^visual\\.', to: `${prefix}visual.` },
  { from: '^model\\.(?!language_model\\.|visual\\.)', to: `${prefix}language_model.` },
];

/**
 * Qwen3-VL (modeling_qwen3_vl.py): `Qwen3VLModel` holds the Qwen3-VL tower under `visual` (its
 * mergers are the projector) and the text model under `language_model`; the generation class
 * nests it under `model` with an `lm_head`. Its config always nests `text_config`.
 */
export const qwen3Vl = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['qwen3_vl'],
      classPrefix: 'Qwen3VL',
      defaults: {
        tie_word_embeddings: false, // Qwen3VLConfig's; Qwen3-VL-8B writes false at the top
      },
      text: { defaultType: 'qwen3_vl_text' },
      vision: { defaultType: 'qwen3_vl' },
      checkpointRenames: qwen3VlNames,
    },
    lookup,
  );

/** Qwen3-VL-MoE (modeling_qwen3_vl_moe.py): Qwen3-VL's layout over the MoE text model. */
export const qwen3VlMoe = (lookup: () => readonly Family[]): Family =>
  compositeFamily(
    {
      modelTypes: ['qwen3_vl_moe'],
      classPrefix: 'Qwen3VLMoe',
      defaults: {
        tie_word_embeddings: false, // Qwen3VLMoeConfig's, not its text config's True
      },
      text: { defaultType: 'qwen3_vl_moe_text' },
      vision: { defaultType: 'qwen3_vl_moe_vision' },
      checkpointRenames: qwen3VlNames,
    },
    lookup,
  );
