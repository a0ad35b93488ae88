import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { normFactory, SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { linear } from './parts/encoder-parts.js';
import { nonNegativeNumber } from './parts/int-list.js';
import { adapterLayer, adapterStack } from './parts/speech-adapters.js';
import {
  frameClassifier,
  pretrainingHead,
  type SpeechHeadContext,
  sequenceClassifier,
  speechHeadSymbols,
  xvectorHead,
} from './parts/speech-heads.js';
import { featureEncoder, featureProjection, positionalConv } from './parts/speech-front-end.js';

/** What HuBERT changes in wav2vec 2.0's model, as data. */
interface SpeechDescription {
  modelTypes: string[];
  prefix: string;
  /** `base_model_prefix`: the base model's module name inside a class with a head. */
  baseKey: string;
  defaults: RawConfig;
  /** HuBERT: `feat_proj_layer_norm` decides the projection's LayerNorm; `conv_pos_batch_norm` a BatchNorm. */
  hubert: boolean;
}

/** Wav2Vec2Config and HubertConfig share these defaults (wav2vec2-base, hubert-base-ls960). */
const shared: RawConfig = {
  vocab_size: 32, // characters of the CTC head
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  feat_extract_norm: 'group', // GroupNorm on the first conv layer only; "layer": a LayerNorm on each
  conv_dim: [512, 512, 512, 512, 512, 512, 512], // channels of the seven feature conv layers
  conv_stride: [5, 2, 2, 2, 2, 2, 2],
  conv_kernel: [10, 3, 3, 3, 3, 2, 2],
  conv_bias: false,
  num_conv_pos_embeddings: 128, // kernel of the positional convolution
  num_conv_pos_embedding_groups: 16,
  do_stable_layer_norm: false, // pre-norm layers: the same modules and names, in another order
  mask_time_prob: 0.05, // > 0 (or mask_feature_prob > 0): the model holds masked_spec_embed [d]
  mask_feature_prob: 0,
  use_weighted_layer_sum: false, // classifiers: a learned weight for each of the L + 1 hidden states
  classifier_proj_size: 256,
};

/** The classes modeling_wav2vec2.py has and modeling_hubert.py does not. */
const wav2vec2Only = ['ForPreTraining', 'ForAudioFrameClassification', 'ForXVector'];

function speechFamily(o: SpeechDescription): Family {
  return {
    modelTypes: o.modelTypes,
    defaults: o.defaults,
    classes: [
      `${o.prefix}Model`,
      `${o.prefix}ForCTC`,
      `${o.prefix}ForSequenceClassification`,
      ...(o.hubert ? [] : wav2vec2Only.map((what) => `${o.prefix}${what}`)),
    ],
    build: (config, className) => buildSpeech(o, config, className),
  };
}

function buildSpeech(o: SpeechDescription, config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const hidden = config.size('hidden_size');
  const heads = config.size('num_attention_heads');
  if (hidden % heads !== 0n)
    throw fieldError('hidden_size', Number(hidden), `a multiple of num_attention_heads = ${heads}`);
  const d = sizes.bind('d_model', hidden);
  const ln = normFactory('layernorm', d);
  const front = featureEncoder(config);
  const feature = sizes.bind('d_feat', front.width);
  const dFF = sizes.bind('d_ff', config.size('intermediate_size'));
  const attnAdapter = o.hubert ? undefined : config.optionalSize('adapter_attn_dim');
  const layer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'encoder layer',
    label: 'layer',
    children: [
      {
        kind: 'attention',
        key: 'attention',
        d,
        bias: { q: true, k: true, v: true, o: true },
        keys: { q: 'q_proj', k: 'k_proj', v: 'v_proj', o: 'out_proj' },
        role: 'attention',
      },
      ln('layer_norm', 'LN1'),
      {
        kind: 'mlp',
        key: 'feed_forward',
        d,
        dFF,
        gated: false,
        bias: true,
        keys: { up: 'intermediate_dense', down: 'output_dense' },
        role: 'mlp',
      },
      ln('final_layer_norm', 'LN2'),
      // Wav2Vec2AttnAdapterLayer, on the stable-layer-norm layers only (MMS's language adapters).
      ...(attnAdapter && config.flag('do_stable_layer_norm')
        ? [adapterLayer(d, sizes.bind('d_adapt', attnAdapter))]
        : []),
    ],
  };
  const masked =
    nonNegativeNumber(config, 'mask_time_prob') > 0 ||
    nonNegativeNumber(config, 'mask_feature_prob') > 0;
  const base: ModuleSpec[] = [
    front.module,
    featureProjection(feature, d, o.hubert ? config.flag('feat_proj_layer_norm') : true),
    ...(masked
      ? [
          {
            kind: 'tensor',
            key: 'masked_spec_embed',
            name: 'mask embedding',
            label: 'mask',
            role: 'embedding',
            shape: [d],
          } as ModuleSpec,
        ]
      : []),
    {
      kind: 'group',
      key: 'encoder',
      name: 'encoder',
      label: 'enc',
      children: [
        positionalConv(config, sizes, d, hidden, o.hubert && config.flag('conv_pos_batch_norm')),
        ln('layer_norm', 'enc norm'),
        {
          kind: 'repeat',
          key: 'layers',
          name: 'encoder layers',
          label: 'layers',
          count: sizes.bind('L', config.size('num_hidden_layers')),
          child: layer,
        },
      ],
    },
  ];
  const withAdapter = !o.hubert && config.flag('add_adapter');
  const stack = withAdapter ? adapterStack(config, sizes, d, hidden) : undefined;
  if (stack) base.push(stack.module);
  const what = className.slice(o.prefix.length);
  const spec = (modules: ModuleSpec[]): ModelSpec => ({
    name: className,
    sizes: sizes.sizes,
    shape: 'audio', // no token vocabulary: the approximations that need one do not apply
    symbols,
    modules,
  });
  if (what === 'Model') return spec(base);
  const model: ModuleSpec = {
    kind: 'group',
    key: o.baseKey,
    name: `${o.prefix}Model`,
    label: 'base',
    children: base,
  };
  if (what === 'ForCTC')
    return spec([
      model,
      {
        ...linear('lm_head', 'CTC', stack?.out ?? d, sizes.bind('V', config.size('vocab_size'))),
        role: 'head',
      },
    ]);
  const taskHead = speechHeads[what];
  if (!taskHead) throw new Error(`${className} has no head declared`);
  // transformers refuses the adapter in these two (Wav2Vec2ForAudioFrameClassification's __init__).
  if (
    withAdapter &&
    (what === 'ForSequenceClassification' || what === 'ForAudioFrameClassification')
  )
    throw fieldError('add_adapter', true, `false: ${className} does not support adapters`);
  const layers = sizes.bind('L', config.size('num_hidden_layers'));
  return spec([model, ...taskHead({ config, sizes, d, layers, feature })]);
}

/** The heads of the classes beside …Model and …ForCTC, by the class name's ending. */
const speechHeads: Record<string, (c: SpeechHeadContext) => ModuleSpec[]> = {
  ForSequenceClassification: sequenceClassifier,
  ForAudioFrameClassification: frameClassifier,
  ForXVector: xvectorHead,
  ForPreTraining: pretrainingHead,
};

/** The symbols the speech families add to the table, with their meaning. */
const symbols = {
  ...speechHeadSymbols,
  d_feat: { meaning: 'channels of the last feature conv layer', field: 'conv_dim' },
  k_pos: { meaning: 'kernel of the positional convolution', field: 'num_conv_pos_embeddings' },
  d_grp: {
    meaning: 'channels a group of the positional convolution reads (d / groups)',
    field: 'num_conv_pos_embedding_groups',
  },
  d_out: { meaning: "width of the adapter's output", field: 'output_hidden_size' },
  k_adapt: { meaning: 'kernel of the adapter convolutions', field: 'adapter_kernel_size' },
  L_adapt: { meaning: 'adapter conv layers', field: 'num_adapter_layers' },
  d_adapt: { meaning: 'width of the attention adapters', field: 'adapter_attn_dim' },
};

/** wav2vec 2.0 (Wav2Vec2Config): the shared defaults, the adapter's and the attention adapters'. */
export const wav2vec2 = speechFamily({
  modelTypes: ['wav2vec2'],
  prefix: 'Wav2Vec2',
  baseKey: 'wav2vec2',
  defaults: {
    ...shared,
    add_adapter: false,
    adapter_kernel_size: 3,
    num_adapter_layers: 3,
    output_hidden_size: null, // None: the hidden size
    adapter_attn_dim: null, // a width: an attention adapter in each stable-layer-norm layer
    num_codevector_groups: 2, // the pre-training quantizer's codebooks (G)
    num_codevectors_per_group: 320, // entries of each codebook (V)
    codevector_dim: 256, // a quantized vector's width, split over the G codebooks
    proj_codevector_dim: 256, // project_hid and project_q's common output
    tdnn_dim: [512, 512, 512, 512, 1500], // the x-vector head's TDNN layer widths
    tdnn_kernel: [5, 3, 3, 1, 1], // their kernels: a layer's Linear reads kernel · previous width
    xvector_output_dim: 512,
  },
  hubert: false,
});

/** HuBERT (HubertConfig): wav2vec 2.0's model without adapters; an optional projection norm and a BatchNorm before the positional conv. */
export const hubert = speechFamily({
  modelTypes: ['hubert'],
  prefix: 'Hubert',
  baseKey: 'hubert',
  defaults: {
    ...shared,
    feat_proj_layer_norm: true, // false: the feature projection has no LayerNorm
    conv_pos_batch_norm: false, // true: BatchNorm1d(d) and a plain conv instead of weight_norm
  },
  hubert: true,
});
