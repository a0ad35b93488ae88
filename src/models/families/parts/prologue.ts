import type { Sym } from '../../../expr/nodes.js';
import { requireMultiple, type ConfigFields } from '../../config/config-fields.js';
import type { SizeBook } from '../building-blocks.js';

/** The head layout of a decoder's attention, bound to `d_h`, `n_h` and `n_kv`. */
export interface AttentionWidths {
  readonly headDim: Sym;
  readonly queryHeads: Sym;
  /** `n_kv`, or `n_h` itself when every query head has its own key/value head. */
  readonly keyValueHeads: Sym;
}

/** The sizes every decoder family starts from: width, vocabulary, layers and the head layout. */
export interface DecoderPrologue {
  readonly d: Sym;
  readonly vocab: Sym;
  readonly layerCount: bigint;
  readonly widths: AttentionWidths;
}

/**
 * Where `d_h` comes from: the config's `head_dim` when set, else `hidden_size / num_attention_heads`
 * (`field`, Llama's lineage); always the latter (`width`: Phi and Phi-3 have no `head_dim`);
 * `head_dim`, else `hidden_size // num_attention_heads` rounded down, as GLM-4.5's attention reads
 * it (`floor`: Glm4MoeConfig's defaults, 4096 over 96 heads, build heads of 42).
 */
export type HeadDimSource = 'field' | 'width' | 'floor';

/**
 * Reads and checks the first fields of a decoder: `hidden_size`, `vocab_size`,
 * `num_attention_heads` and `num_key_value_heads` (which must divide them), and the head width.
 */
export function decoderPrologue(
  config: ConfigFields,
  sizes: SizeBook,
  headDimSource: HeadDimSource = 'field',
): DecoderPrologue {
  const hidden = config.size('hidden_size');
  const heads = config.size('num_attention_heads');
  if (headDimSource === 'width') headDimFromWidth(hidden, heads);
  const kvHeads = config.optionalSize('num_key_value_heads') ?? heads;
  requireMultiple('num_attention_heads', heads, 'num_key_value_heads', kvHeads);
  const headDimValue =
    (headDimSource === 'width' ? undefined : config.optionalSize('head_dim')) ??
    (headDimSource === 'floor' ? hidden / heads : headDimFromWidth(hidden, heads));
  const d = sizes.bind('d_model', hidden);
  const vocab = sizes.bind('V', config.size('vocab_size'));
  const headDim = sizes.bind('d_h', headDimValue);
  const queryHeads = sizes.bind('n_h', heads);
  const keyValueHeads = kvHeads === heads ? queryHeads : sizes.bind('n_kv', kvHeads);
  return {
    d,
    vocab,
    layerCount: config.size('num_hidden_layers'),
    widths: { headDim, queryHeads, keyValueHeads },
  };
}

/** `head_dim` defaults to `hidden_size / num_attention_heads`, which must then divide exactly. */
export function headDimFromWidth(hidden: bigint, heads: bigint): bigint {
  requireMultiple('hidden_size', hidden, 'num_attention_heads', heads);
  return hidden / heads;
}
