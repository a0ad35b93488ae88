import { sym, type Expr } from '../expr/nodes.js';
import { multiheadAttention } from '../components/multihead-attention.js';
import { conv } from '../components/conv.js';
import { embeddingTable } from '../components/embedding.js';
import { decoderLayer, encoderLayer } from '../components/layers.js';
import { linear } from '../components/linear.js';
import { layerNorm, rmsNorm } from '../components/norms.js';
import { countLabel, sum, type Part } from '../components/part.js';
import { stack } from '../components/stack.js';
import { bindingsOf, requireDivisible, type Arguments, type ParameterSpec } from './parameters.js';
import { flag, ignored, size, torchLayerParameters } from './shared-parameters.js';
import type { Target } from './target.js';

/**
 * `torch.nn` modules by their constructor arguments, with PyTorch's defaults: an argument PyTorch
 * defaults takes that default; one it requires stays a symbol until given.
 */
function torchModule(
  name: string,
  description: string,
  parameters: ParameterSpec[],
  build: (args: Arguments) => Part,
): Target {
  return {
    id: `torch.nn.${name}`,
    group: 'torch',
    description,
    parameters,
    build: (args) => ({ part: build(args), bindings: bindingsOf(parameters, args) }),
  };
}

const d = sym('d_model');

function layerOptions(args: Arguments) {
  requireDivisible('d_model', args.size('d_model'), 'nhead', args.size('nhead'));
  return { d, dFF: sym('d_ff'), bias: args.flag('bias') };
}

/** The final LayerNorm PyTorch puts after a stack (`LayerNorm(d_model, eps, bias=bias)`). */
const finalNorm = (bias: boolean) =>
  layerNorm({ key: 'norm', name: 'final LayerNorm', tag: 'LN final' }, d, { bias });

function stackTarget(kind: 'Encoder' | 'Decoder'): Target {
  const makeLayer = kind === 'Encoder' ? encoderLayer : decoderLayer;
  return torchModule(
    `Transformer${kind}`,
    `${kind.toLowerCase()} stack: num_layers × Transformer${kind}Layer (+ a final LayerNorm with norm=true)`,
    [
      ...torchLayerParameters(),
      size('num_layers', 'L', 'number of layers'),
      flag('norm', false, 'a final LayerNorm after the stack'),
      ...ignored('enable_nested_tensor', 'mask_check'),
    ],
    (args) => {
      const options = layerOptions(args);
      const norm = args.flag('norm') ? finalNorm(options.bias) : undefined;
      return stack(
        {
          key: kind.toLowerCase(),
          name: `${kind.toLowerCase()}`,
          tag: kind === 'Encoder' ? 'enc' : 'dec',
        },
        sym('L'),
        makeLayer(options),
        norm,
      );
    },
  );
}

/**
 * `nn.Conv1d` / `nn.Conv2d(in_channels, out_channels, kernel_size, groups=1, bias=True)`: weight
 * `(out, in/groups, k…)` and bias `(out)`. A square kernel (`kernel_size=3`); with `groups`, the
 * input channels per group are the symbol `C_g` (PyTorch requires both channel counts to divide).
 */
function convTarget(dims: 1 | 2): Target {
  const parameters: ParameterSpec[] = [
    size('in_channels', 'C_in', 'input channels'),
    size('out_channels', 'C_out', 'output channels'),
    size(
      'kernel_size',
      'k',
      dims === 1 ? 'kernel width' : 'kernel height and width (a square kernel)',
    ),
    size(
      'groups',
      undefined,
      'blocked connections: each output channel sees in_channels/groups inputs',
      1n,
    ),
    flag('bias', true, 'output bias'),
    ...ignored('stride', 'padding', 'dilation', 'padding_mode', 'device', 'dtype'),
  ];
  return {
    id: `torch.nn.Conv${dims}d`,
    group: 'torch',
    description: `nn.Conv${dims}d(in_channels, out_channels, kernel_size, groups=1, bias=True)`,
    parameters,
    build: (args) => {
      const groups = args.size('groups')!;
      const [inChannels, outChannels] = [args.size('in_channels'), args.size('out_channels')];
      if (inChannels !== undefined) requireDivisible('in_channels', inChannels, 'groups', groups);
      if (outChannels !== undefined)
        requireDivisible('out_channels', outChannels, 'groups', groups);
      const grouped = groups > 1n;
      const perGroup = grouped ? sym('C_g') : sym('C_in');
      const kernel = Array.from({ length: dims }, () => sym('k'));
      const part = conv(
        { key: 'conv', name: `${dims}-d convolution`, tag: 'conv' },
        perGroup,
        sym('C_out'),
        kernel,
        args.flag('bias'),
      );
      const bindings = bindingsOf(parameters, args);
      return {
        part,
        bindings:
          grouped && inChannels !== undefined
            ? { ...bindings, C_g: inChannels / groups }
            : bindings,
      };
    },
  };
}

/** The `torch.nn` modules, in the order `tparams list` shows them. */
export const torchTargets: readonly Target[] = [
  torchModule(
    'MultiheadAttention',
    'nn.MultiheadAttention(embed_dim, num_heads, bias=True, add_bias_kv=False, kdim=None, vdim=None)',
    [
      size('embed_dim', 'd_model', 'model width'),
      size('num_heads', 'n_h', 'heads (must divide embed_dim; does not change the count)'),
      flag('bias', true, 'input and output projection biases'),
      flag('add_bias_kv', false, 'learned bias_k and bias_v'),
      size('kdim', 'd_k', 'key input width (default embed_dim)'),
      size('vdim', 'd_v', 'value input width (default embed_dim)'),
      ...ignored('dropout', 'add_zero_attn', 'batch_first', 'device', 'dtype'),
    ],
    (args) => {
      requireDivisible('embed_dim', args.size('embed_dim'), 'num_heads', args.size('num_heads'));
      // PyTorch fuses Q, K and V into in_proj_weight unless kdim or vdim differs from embed_dim.
      const differs = (name: string) =>
        args.given(name) &&
        (args.size(name) === undefined ||
          args.size('embed_dim') === undefined ||
          args.size(name) !== args.size('embed_dim'));
      const separate = differs('kdim') || differs('vdim');
      return multiheadAttention({
        key: 'attn',
        d,
        bias: args.flag('bias'),
        addBiasKv: args.flag('add_bias_kv'),
        ...(separate
          ? {
              keyInputDim: args.given('kdim') ? sym('d_k') : d,
              valueInputDim: args.given('vdim') ? sym('d_v') : d,
            }
          : {}),
      });
    },
  ),
  torchModule(
    'TransformerEncoderLayer',
    'nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, bias=True)',
    torchLayerParameters(),
    (args) => encoderLayer(layerOptions(args)),
  ),
  torchModule(
    'TransformerDecoderLayer',
    'nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, bias=True)',
    torchLayerParameters(),
    (args) => decoderLayer(layerOptions(args)),
  ),
  stackTarget('Encoder'),
  stackTarget('Decoder'),
  torchModule(
    'Transformer',
    'nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048): both stacks with final LayerNorms',
    [
      ...torchLayerParameters({ dModel: 512n, nhead: 8n }),
      size('num_encoder_layers', 'L_enc', 'encoder layers', 6n),
      size('num_decoder_layers', 'L_dec', 'decoder layers', 6n),
      ...ignored('custom_encoder', 'custom_decoder'),
    ],
    (args) => {
      const options = layerOptions(args);
      return sum({ key: 'transformer', name: 'Transformer', label: countLabel('model') }, [
        stack(
          { key: 'encoder', name: 'encoder', tag: 'enc' },
          sym('L_enc'),
          encoderLayer(options),
          finalNorm(options.bias),
        ),
        stack(
          { key: 'decoder', name: 'decoder', tag: 'dec' },
          sym('L_dec'),
          decoderLayer(options),
          finalNorm(options.bias),
        ),
      ]);
    },
  ),
  torchModule(
    'LayerNorm',
    'nn.LayerNorm(normalized_shape, elementwise_affine=True, bias=True)',
    [
      size('normalized_shape', 'd_model', 'normalized width'),
      flag('elementwise_affine', true, 'learned scale and shift'),
      flag('bias', true, 'learned shift (PyTorch ≥ 2.1)'),
      ...ignored('eps', 'device', 'dtype'),
    ],
    (args) =>
      layerNorm({ key: 'norm' }, d, {
        affine: args.flag('elementwise_affine'),
        bias: args.flag('bias'),
      }),
  ),
  torchModule(
    'RMSNorm',
    'nn.RMSNorm(normalized_shape, elementwise_affine=True) (PyTorch ≥ 2.4)',
    [
      size('normalized_shape', 'd_model', 'normalized width'),
      flag('elementwise_affine', true, 'learned scale'),
      ...ignored('eps', 'device', 'dtype'),
    ],
    (args) => rmsNorm({ key: 'norm' }, d, { affine: args.flag('elementwise_affine') }),
  ),
  torchModule(
    'Embedding',
    'nn.Embedding(num_embeddings, embedding_dim)',
    [
      size('num_embeddings', 'V', 'rows (vocabulary size)'),
      size('embedding_dim', 'd_model', 'width of each row'),
      ...ignored(
        'padding_idx',
        'max_norm',
        'norm_type',
        'scale_grad_by_freq',
        'sparse',
        '_weight',
        '_freeze',
        'device',
        'dtype',
      ),
    ],
    () => embeddingTable({ key: 'embedding', name: 'embedding table', tag: 'emb' }, sym('V'), d),
  ),
  torchModule(
    'Linear',
    'nn.Linear(in_features, out_features, bias=True)',
    [
      size('in_features', 'd_in', 'input width'),
      size('out_features', 'd_out', 'output width'),
      flag('bias', true, 'output bias'),
      ...ignored('device', 'dtype'),
    ],
    (args) =>
      linear(
        { key: 'linear', name: 'linear layer', tag: 'lin' },
        sym('d_in') as Expr,
        sym('d_out'),
        args.flag('bias'),
      ),
  ),
  convTarget(1),
  convTarget(2),
];
