import type { Sym } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import { normFactory, type SizeBook } from './building-blocks.js';

/**
 * The fairseq-style layers of BART, mBART, Marian and Whisper: self-attention (q/k/v/out
 * projections) and its LayerNorm, in the decoder also cross-attention (`encoder_attn`) and its
 * LayerNorm, an fc1/fc2 feed-forward and `final_layer_norm`. Widths from `encoder_ffn_dim` and
 * `decoder_ffn_dim` (one symbol when equal); `keyBias: false` for Whisper's bias-free k_proj.
 */
export function seq2seqLayers(
  config: ConfigFields,
  sizes: SizeBook,
  d: Sym,
  options: { keyBias: boolean },
): (decoder: boolean) => ModuleSpec {
  const encoderFF = config.size('encoder_ffn_dim');
  const decoderFF = config.size('decoder_ffn_dim');
  const ffEnc = sizes.bind('d_ff', encoderFF);
  const ffDec = decoderFF === encoderFF ? ffEnc : sizes.bind('d_ff_dec', decoderFF);
  const ln = normFactory('layernorm', d);
  const attention = (key: string, name: string): ModuleSpec => ({
    kind: 'attention',
    key,
    name,
    d,
    role: 'attention',
    bias: { q: true, k: options.keyBias, v: true, o: true },
    keys: { q: 'q_proj', k: 'k_proj', v: 'v_proj', o: 'out_proj' },
  });
  return (decoder) => ({
    kind: 'group',
    key: 'layer',
    name: decoder ? 'decoder layer' : 'encoder layer',
    label: decoder ? 'dec-layer' : 'enc-layer',
    children: [
      attention('self_attn', 'self-attention'),
      ln('self_attn_layer_norm', 'LN1'),
      ...(decoder
        ? [attention('encoder_attn', 'cross-attention'), ln('encoder_attn_layer_norm', 'LN2')]
        : []),
      {
        kind: 'mlp',
        key: 'fc',
        name: 'feed-forward',
        d,
        dFF: decoder ? ffDec : ffEnc,
        gated: false,
        bias: true,
        keys: { up: 'fc1', down: 'fc2' },
        role: 'mlp',
        inline: true,
      },
      ln('final_layer_norm', decoder ? 'LN3' : 'LN2'),
    ],
  });
}
