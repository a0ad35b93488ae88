import { num, type Expr, type Sym } from '../../../expr/nodes.js';
import { fieldError } from '../../../errors/user-error.js';
import { requireMultiple, type ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';
import { intList } from './int-list.js';

/**
 * wav2vec 2.0's feature encoder (modeling_wav2vec2.py, reused by HuBERT): one Conv1d a layer from
 * the raw wave (1 channel) through `conv_dim[i]` channels with `conv_kernel[i]`, biased by
 * `conv_bias`; `feat_extract_norm` "group" puts a GroupNorm (one group a channel, affine) on the
 * first layer only, "layer" a LayerNorm on every layer. Runs of equal layers become one repeat.
 */
export function featureEncoder(config: ConfigFields): { module: ModuleSpec; width: bigint } {
  const dims = intList(config, 'conv_dim');
  const kernels = intList(config, 'conv_kernel');
  const strides = intList(config, 'conv_stride');
  if (kernels.length !== dims.length || strides.length !== dims.length)
    throw fieldError(
      'conv_kernel',
      kernels.map(Number),
      `as many entries as conv_dim (${dims.length})`,
    );
  const norm = config.text('feat_extract_norm');
  if (norm !== 'group' && norm !== 'layer')
    throw fieldError('feat_extract_norm', norm, '"group" or "layer"');
  const bias = config.flag('conv_bias');
  const layer = (i: number): ModuleSpec => {
    const out = num(dims[i]!);
    const children: ModuleSpec[] = [
      {
        kind: 'conv',
        key: 'conv',
        label: 'conv',
        in: num(i === 0 ? 1n : dims[i - 1]!),
        out,
        kernel: [num(kernels[i]!)],
        bias,
      },
    ];
    if (norm === 'layer' || i === 0)
      // GroupNorm(C, C, affine) has LayerNorm's parameters: a weight and a bias of C.
      children.push({
        kind: 'norm',
        type: 'layernorm',
        key: 'layer_norm',
        label: 'norm',
        dim: out,
      });
    return { kind: 'group', key: String(i), name: 'feature conv layer', label: 'conv', children };
  };
  const same = (i: number, j: number) =>
    i > 0 &&
    j > 0 &&
    dims[i] === dims[j] &&
    kernels[i] === kernels[j] &&
    dims[i - 1] === dims[j - 1];
  const runs: ModuleSpec[] = [];
  for (let i = 0; i < dims.length; ) {
    let end = i + 1;
    while (end < dims.length && (norm === 'layer' || i > 0) && same(i, end)) end++;
    runs.push(
      end - i === 1
        ? { ...layer(i), path: `conv_layers.${i}` }
        : {
            kind: 'repeat',
            key: `conv_layers_${i}`,
            name: `feature conv layers ${i}–${end - 1}`,
            label: 'convs',
            count: num(end - i),
            child: layer(i),
            indexAs: { key: 'conv_layers', from: num(i) },
          },
    );
    i = end;
  }
  return {
    module: {
      kind: 'group',
      key: 'feature_extractor',
      name: 'feature encoder',
      label: 'feat',
      role: 'embedding',
      children: runs,
    },
    width: dims[dims.length - 1]!,
  };
}

/** The projection of the conv features to the model width: LayerNorm (unless told not) and Linear. */
export function featureProjection(feature: Sym, d: Expr, withNorm: boolean): ModuleSpec {
  return {
    kind: 'group',
    key: 'feature_projection',
    name: 'feature projection',
    label: 'proj',
    role: 'embedding',
    children: [
      ...(withNorm
        ? [
            {
              kind: 'norm',
              type: 'layernorm',
              key: 'layer_norm',
              label: 'norm',
              dim: feature,
            } as ModuleSpec,
          ]
        : []),
      { kind: 'linear', key: 'projection', label: 'proj', in: feature, out: d, bias: true },
    ],
  };
}

/**
 * The positional convolution (`encoder.pos_conv_embed.conv`): Conv1d(d, d, k, groups) under
 * weight_norm(dim=2), whose parameters are the magnitude g [1, 1, k] and the direction
 * v [d, d/groups, k] (named `parametrizations.weight.original0/1` by current PyTorch, `weight_g` and
 * `weight_v` by older checkpoints, which verify reads as the same), and the bias [d]. HuBERT's
 * `conv_pos_batch_norm` puts a BatchNorm1d(d) before a plain conv instead.
 */
export function positionalConv(
  config: ConfigFields,
  sizes: SizeBook,
  d: Sym,
  hidden: bigint,
  batchNorm = false,
): ModuleSpec {
  const groups = config.size('num_conv_pos_embedding_groups');
  requireMultiple('hidden_size', hidden, 'num_conv_pos_embedding_groups', groups);
  const k = sizes.bind('k_pos', config.size('num_conv_pos_embeddings'));
  const perGroup = sizes.bind('d_grp', hidden / groups);
  const conv: ModuleSpec = batchNorm
    ? {
        kind: 'conv',
        key: 'conv',
        label: 'pos conv',
        in: perGroup,
        out: d,
        kernel: [k],
        bias: true,
      }
    : {
        kind: 'group',
        key: 'conv',
        name: 'weight-normed conv',
        label: 'pos conv',
        children: [
          {
            kind: 'tensor',
            key: 'weight_g',
            path: 'parametrizations.weight.original0',
            name: 'weight magnitude',
            label: 'g',
            shape: [num(1), num(1), k],
          },
          {
            kind: 'tensor',
            key: 'weight_v',
            path: 'parametrizations.weight.original1',
            name: 'weight direction',
            label: 'v',
            shape: [d, perGroup, k],
          },
          { kind: 'tensor', key: 'bias', name: 'bias', label: 'b', shape: [d] },
        ],
      };
  return {
    kind: 'group',
    key: 'pos_conv_embed',
    name: 'positional convolution',
    label: 'pos',
    role: 'position-embedding',
    children: [
      conv,
      ...(batchNorm
        ? [
            {
              kind: 'norm',
              type: 'layernorm',
              key: 'batch_norm',
              label: 'BN',
              dim: d,
            } as ModuleSpec,
          ]
        : []),
    ],
  };
}
