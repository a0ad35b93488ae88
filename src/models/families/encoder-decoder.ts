import { show, UserError } from '../../errors/user-error.js';
import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { tagSymbols } from '../spec/rename-symbols.js';
import type { Family } from './family.js';

/** The families whose causal-LM class can take cross-attention to an encoder (`add_cross_attention`). */
const crossAttentionDecoders = ['bert', 'roberta', 'xlm-roberta', 'gpt2'];

/**
 * `EncoderDecoderModel` (modeling_encoder_decoder.py): any encoder's base model (`AutoModel` of the
 * nested `encoder` config, with its pooler where that class has one) and a decoder's causal-LM class
 * (`AutoModelForCausalLM` of the nested `decoder` config, whose layers add cross-attention when it
 * says `add_cross_attention`), each over its own family's defaults; `enc_to_dec_proj` when the two
 * widths differ and the decoder sets no `cross_attention_hidden_size`. Each stack's symbols are
 * tagged (`d_model^enc`, `L^dec`) since the two may differ.
 */
export function encoderDecoderFamily(lookup: () => readonly Family[]): Family {
  return {
    modelTypes: ['encoder-decoder'],
    defaults: { encoder: null, decoder: null, tie_encoder_decoder: false },
    classes: ['EncoderDecoderModel'],
    build: (config, className) => buildEncoderDecoder(config, className, lookup()),
  };
}

function buildEncoderDecoder(
  config: ConfigFields,
  className: string,
  families: readonly Family[],
): ModelSpec {
  if (config.flag('tie_encoder_decoder')) {
    throw new UserError(
      "config field tie_encoder_decoder = true: not supported (the decoder would share the encoder's weights); expected false",
      { field: 'tie_encoder_decoder', received: true },
    );
  }
  const stack = (side: 'encoder' | 'decoder') => {
    const raw = config.value(side);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new UserError(
        `config field ${side}: expected the ${side}'s config (an object with its model_type)`,
        { field: side },
      );
    const modelType = (raw as RawConfig).model_type;
    const family = families.find(
      (f) =>
        typeof modelType === 'string' &&
        f.modelTypes.includes(modelType) &&
        !f.modelTypes.includes('encoder-decoder'),
    );
    if (!family)
      throw new UserError(
        `config field ${side}.model_type = ${show(modelType)}: unsupported for an EncoderDecoderModel`,
        { field: `${side}.model_type` },
      );
    return {
      raw: raw as RawConfig,
      modelType: modelType as string,
      family,
      fields: config.sub(side, family.defaults, family.aliases),
    };
  };
  const encoder = stack('encoder');
  const decoder = stack('decoder');
  if (!crossAttentionDecoders.includes(decoder.modelType)) {
    throw new UserError(
      `config field decoder.model_type = "${decoder.modelType}": its causal-LM class cannot attend to an encoder; expected one of ${crossAttentionDecoders.join(', ')}`,
      { field: 'decoder.model_type' },
    );
  }
  const baseClass = encoder.family.classes.find((c) => /Model$/.test(c) && !/For|LMHead/.test(c))!;
  const causalClass = decoder.family.classes.find((c) => /ForCausalLM$|LMHeadModel$/.test(c))!;
  const encoderSpec = tagSymbols(encoder.family.build(encoder.fields, baseClass), 'enc', 'encoder');
  const decoderSpec = tagSymbols(
    decoder.family.build(decoder.fields, causalClass),
    'dec',
    'decoder',
  );

  const encoderWidth = encoder.fields.optionalSize(
    encoder.modelType === 'gpt2' ? 'n_embd' : 'hidden_size',
  );
  const decoderWidth = decoder.fields.optionalSize(
    decoder.modelType === 'gpt2' ? 'n_embd' : 'hidden_size',
  );
  const modules: ModuleSpec[] = [
    {
      kind: 'group',
      key: 'encoder',
      name: `encoder (${baseClass})`,
      label: 'enc',
      children: encoderSpec.modules,
    },
    {
      kind: 'group',
      key: 'decoder',
      name: `decoder (${causalClass})`,
      label: 'dec',
      children: decoderSpec.modules,
    },
  ];
  if (
    encoderWidth !== decoderWidth &&
    decoder.fields.value('cross_attention_hidden_size') == null
  ) {
    modules.push({
      kind: 'linear',
      key: 'enc_to_dec_proj',
      name: 'encoder-to-decoder projection',
      label: 'proj',
      in: { kind: 'sym', name: 'd_model_enc' },
      out: { kind: 'sym', name: 'd_model_dec' },
      bias: true,
    });
  }
  return {
    name: className,
    sizes: { ...encoderSpec.sizes, ...decoderSpec.sizes },
    symbols: { ...encoderSpec.symbols, ...decoderSpec.symbols },
    shape: 'encoder-decoder',
    modules,
  };
}
