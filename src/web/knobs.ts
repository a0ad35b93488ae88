import type { RawConfig } from '../models/config/config-fields.js';

/**
 * The form's controls: each a size people change most, and the config field names families write it
 * under (transformers' names differ by lineage: `num_hidden_layers`, `n_layer`, `num_layers`, …).
 * A control binds to the first of its fields the config has, else the first its family's config
 * class defines; a model with neither shows no such control. One table, so adding a name is a line.
 */
export interface Knob {
  readonly key:
    | 'layers'
    | 'encoderLayers'
    | 'decoderLayers'
    | 'width'
    | 'heads'
    | 'kvHeads'
    | 'ffWidth'
    | 'experts'
    | 'vocab'
    | 'tie';
  readonly fields: readonly string[];
  readonly kind: 'size' | 'flag';
}

/** The controls, in the form's order, each with the fields families write it under. */
export const knobs: readonly Knob[] = [
  {
    key: 'layers',
    kind: 'size',
    fields: ['num_hidden_layers', 'n_layer', 'num_layers', 'n_layers'],
  },
  { key: 'encoderLayers', kind: 'size', fields: ['encoder_layers'] },
  { key: 'decoderLayers', kind: 'size', fields: ['decoder_layers', 'num_decoder_layers'] },
  { key: 'width', kind: 'size', fields: ['hidden_size', 'n_embd', 'd_model', 'dim'] },
  {
    key: 'heads',
    kind: 'size',
    fields: ['num_attention_heads', 'n_head', 'num_heads', 'n_heads', 'encoder_attention_heads'],
  },
  { key: 'kvHeads', kind: 'size', fields: ['num_key_value_heads', 'num_kv_heads'] },
  {
    key: 'ffWidth',
    kind: 'size',
    fields: ['intermediate_size', 'n_inner', 'd_ff', 'ffn_dim', 'hidden_dim', 'encoder_ffn_dim'],
  },
  {
    key: 'experts',
    kind: 'size',
    fields: ['num_local_experts', 'num_experts', 'n_routed_experts'],
  },
  { key: 'vocab', kind: 'size', fields: ['vocab_size'] },
  { key: 'tie', kind: 'flag', fields: ['tie_word_embeddings'] },
];

/** A control bound to a field of this model, with the value the model has before any override. */
export interface BoundKnob {
  readonly knob: Knob;
  readonly field: string;
  readonly value: unknown;
}

/** The controls this config can bind, each to its first field the config (or its class's defaults) has. */
export function boundKnobs(config: RawConfig, defaults: RawConfig = {}): BoundKnob[] {
  const has = (source: RawConfig, field: string) =>
    Object.hasOwn(source, field) && source[field] !== null;
  return knobs.flatMap((knob) => {
    const field =
      knob.fields.find((f) => has(config, f)) ?? knob.fields.find((f) => has(defaults, f));
    return field
      ? [{ knob, field, value: has(config, field) ? config[field] : defaults[field] }]
      : [];
  });
}
