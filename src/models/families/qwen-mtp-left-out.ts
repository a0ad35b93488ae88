import { mul, num } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { LeftOutSpec, ModuleSpec } from '../spec/model-spec.js';
import { normFactory } from './building-blocks.js';
import type { DeltaHybridText } from './parts/delta-hybrid-text.js';

/** Where a Qwen hybrid's config says how many MTP layers it has (vLLM reads 1 when absent). */
export interface QwenMtpFields {
  /** `num_nextn_predict_layers` (Qwen3-Next) or `mtp_num_hidden_layers` (Qwen3.5). */
  readonly layersField: string;
  /** The MTP layer's feed-forward is the dense one (a dense Qwen3.5, or layer 0 in `mlp_only_layers`). */
  readonly dense: boolean;
}

/**
 * The multi-token-prediction layer Qwen3-Next's and Qwen3.5's checkpoints store under `mtp.`,
 * which transformers skips on load (`_keys_to_ignore_on_load_unexpected = [r"^mtp.*"]`). Its
 * layout is vLLM's (qwen3_next_mtp.py, qwen3_5_mtp.py): `fc` (2d → d, no bias) over the
 * concatenated embedding and hidden state, `layers.N` full-attention decoder layers as the main
 * model's, the RMSNorms `norm`, `pre_fc_norm_hidden` and `pre_fc_norm_embedding`. It has no
 * embedding or head of its own: vLLM loads the main model's `embed_tokens` and `lm_head` into it.
 */
export function qwenMtpLeftOut(
  config: ConfigFields,
  text: DeltaHybridText,
  o: QwenMtpFields,
): LeftOutSpec[] {
  // The families default it to 1, as vLLM's MultiTokenPredictor reads it when absent.
  const layers = config.count(o.layersField);
  if (layers === 0n) return [];
  const rms = normFactory('rmsnorm', text.d);
  const modules: ModuleSpec[] = [
    {
      kind: 'linear',
      key: 'fc',
      name: 'embedding and hidden state, fused',
      label: 'fc',
      in: mul(num(2), text.d),
      out: text.d,
      bias: false,
    },
    {
      kind: 'repeat',
      key: 'layers',
      name: 'MTP decoder layers',
      label: 'MTP layers',
      count: num(layers),
      child: text.attentionLayer(o.dense),
    },
    rms('norm', 'MTP norm'),
    rms('pre_fc_norm_hidden', 'hidden norm'),
    rms('pre_fc_norm_embedding', 'embedding norm'),
  ];
  return [
    {
      key: 'mtp',
      name: 'multi-token-prediction layer',
      label: 'MTP',
      reason: [
        `the checkpoint's multi-token-prediction module (mtp.*: ${o.layersField} = ${layers}`,
        'gated-attention layer(s), fc and three RMSNorms, as vLLM loads it), which transformers',
        "does not load (_keys_to_ignore_on_load_unexpected); it reuses the main model's",
        'embed_tokens and lm_head, and not every checkpoint stores it',
      ].join(' '),
      modules: [
        {
          kind: 'group',
          key: 'mtp',
          name: 'multi-token-prediction module',
          label: 'MTP',
          children: modules,
        },
      ],
      checkpointPrefix: 'mtp',
    },
  ];
}
