import { type Expr, mul, num } from '../../expr/nodes.js';
import { fieldError } from '../../errors/user-error.js';
import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import type { SizeBook } from './building-blocks.js';

/** Gemma4AudioConfig's defaults, one field a line. */
export const gemma4AudioDefaults: RawConfig = {
  hidden_size: 1024,
  num_hidden_layers: 12,
  num_attention_heads: 8,
  subsampling_conv_channels: [128, 32], // the two Conv2d layers' output channels
  conv_kernel_size: 5, // the depthwise Conv1d's kernel in each layer's light convolution
  use_clipped_linears: true, // clipping bounds are buffers, not parameters
  output_proj_dims: 1536, // output_proj's width, and embed_audio's input
};

/** A Gemma4ClippableLinear: its weight under `.linear`, no bias. */
const clippable = (key: string, label: string, inWidth: Expr, out: Expr): ModuleSpec => ({
  kind: 'linear',
  key,
  path: `${key}.linear`,
  label,
  in: inWidth,
  out,
  bias: false,
});

const rmsnorm = (key: string, label: string, dim: Expr): ModuleSpec => ({
  kind: 'norm',
  key,
  label,
  type: 'rmsnorm',
  dim,
});

const group = (key: string, label: string, children: ModuleSpec[]): ModuleSpec => ({
  kind: 'group',
  key,
  label,
  children,
});

/** The two subsampling channels, `subsampling_conv_channels`. */
function channelsOf(config: ConfigFields): [bigint, bigint] {
  const value = config.value('subsampling_conv_channels');
  const ok = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
  if (!Array.isArray(value) || value.length !== 2 || !value.every(ok))
    throw fieldError('audio_config.subsampling_conv_channels', value, 'two positive integers');
  return [BigInt(value[0] as number), BigInt(value[1] as number)];
}

/** Gemma4AudioFeedForward: pre-norm, clippable d → 4d → d, post-norm. */
const feedForward = (key: string, d: Expr): ModuleSpec =>
  group(key, `aud,${key}`, [
    clippable('ffw_layer_1', 'aud,ff1', d, mul(num(4), d)),
    clippable('ffw_layer_2', 'aud,ff2', mul(num(4), d), d),
    rmsnorm('pre_layer_norm', 'aud,ff-pre', d),
    rmsnorm('post_layer_norm', 'aud,ff-post', d),
  ]);

/**
 * Gemma4AudioModel (modeling_gemma4.py) under `audio_tower`, with Gemma4MultimodalEmbedder as
 * `embed_audio` (`embedding_projection` output_proj_dims → d_model; its norm has no weight):
 * `subsample_conv_projection` (two bias-free 3×3 Conv2d, each with a bias-free LayerNorm, then
 * `input_proj_linear` from (c₀ // 4)·c₁), conformer layers (two feed-forwards, chunked attention
 * with `relative_k_proj` and `per_dim_scale`, a light convolution, three norms) and a biased
 * `output_proj`.
 */
export function gemma4AudioTower(config: ConfigFields, sizes: SizeBook, text: Expr): ModuleSpec[] {
  const d = sizes.bind('d_aud', config.size('hidden_size'));
  const layers = sizes.bind('L_aud', config.size('num_hidden_layers'));
  const heads = config.size('num_attention_heads');
  const headDim = config.size('hidden_size') / heads;
  const width = num(heads * headDim);
  const [c0, c1] = channelsOf(config);
  const out = num(config.size('output_proj_dims'));
  const conv = (key: string, inChannels: bigint, outChannels: bigint): ModuleSpec =>
    group(key, `aud,${key}`, [
      {
        kind: 'conv',
        key: 'conv',
        in: num(inChannels),
        out: num(outChannels),
        kernel: [num(3), num(3)],
        bias: false,
      },
      { kind: 'norm', key: 'norm', type: 'layernorm', dim: num(outChannels), bias: false },
    ]);
  const layer = group('layer', 'aud-layer', [
    feedForward('feed_forward1', d),
    feedForward('feed_forward2', d),
    group('self_attn', 'aud,attn', [
      clippable('q_proj', 'aud,Q', d, width),
      clippable('k_proj', 'aud,K', d, width),
      clippable('v_proj', 'aud,V', d, width),
      clippable('post', 'aud,O', d, d),
      { kind: 'linear', key: 'relative_k_proj', label: 'aud,rel', in: d, out: width, bias: false },
      { kind: 'tensor', key: 'per_dim_scale', label: 'aud,scale', shape: [num(headDim)] },
    ]),
    group('lconv1d', 'aud,conv', [
      clippable('linear_start', 'aud,conv-in', d, mul(num(2), d)),
      clippable('linear_end', 'aud,conv-out', d, d),
      // Depthwise (groups = d): one input channel a filter.
      {
        kind: 'conv',
        key: 'depthwise_conv1d',
        in: num(1),
        out: d,
        kernel: [num(config.size('conv_kernel_size'))],
        bias: false,
      },
      rmsnorm('pre_layer_norm', 'aud,conv-pre', d),
      rmsnorm('conv_norm', 'aud,conv-norm', d),
    ]),
    rmsnorm('norm_pre_attn', 'aud,pre-attn', d),
    rmsnorm('norm_post_attn', 'aud,post-attn', d),
    rmsnorm('norm_out', 'aud,out', d),
  ]);
  return [
    {
      kind: 'group',
      key: 'audio_tower',
      name: 'audio tower (Gemma4AudioModel)',
      label: 'aud',
      role: 'tower',
      children: [
        group('subsample_conv_projection', 'aud,sub', [
          conv('layer0', 1n, c0),
          conv('layer1', c0, c1),
          {
            kind: 'linear',
            key: 'input_proj_linear',
            label: 'aud,in',
            in: num((c0 / 4n) * c1),
            out: d,
            bias: false,
          },
        ]),
        {
          kind: 'repeat',
          key: 'layers',
          name: 'audio layers',
          label: 'aud layers',
          count: layers,
          child: layer,
        },
        { kind: 'linear', key: 'output_proj', label: 'aud,out-proj', in: d, out, bias: true },
      ],
    },
    {
      kind: 'group',
      key: 'embed_audio',
      name: 'audio embedder',
      label: 'aud,proj',
      role: 'tower',
      children: [
        {
          kind: 'linear',
          key: 'embedding_projection',
          label: 'aud,proj',
          in: out,
          out: text,
          bias: false,
        },
      ],
    },
  ];
}
