import { mul, num, type Sym } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';
import { linear } from './encoder-parts.js';

/** wav2vec 2.0's adapter (`add_adapter`, off by default): a projection to `output_hidden_size` when it differs, then GLU convs. */
export function adapterStack(config: ConfigFields, sizes: SizeBook, d: Sym, hidden: bigint) {
  const width = config.optionalSize('output_hidden_size') ?? hidden;
  const out = width === hidden ? d : sizes.bind('d_out', width);
  const conv: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'adapter layer',
    label: 'adapter',
    children: [
      {
        kind: 'conv',
        key: 'conv',
        label: 'conv',
        in: out,
        out: mul(num(2), out),
        kernel: [sizes.bind('k_adapt', config.size('adapter_kernel_size'))],
        bias: true,
      },
    ],
  };
  const module: ModuleSpec = {
    kind: 'group',
    key: 'adapter',
    name: 'adapter',
    label: 'adapter',
    children: [
      ...(width === hidden
        ? []
        : [
            linear('proj', 'proj', d, out),
            {
              kind: 'norm',
              type: 'layernorm',
              key: 'proj_layer_norm',
              label: 'LN',
              dim: out,
            } as ModuleSpec,
          ]),
      {
        kind: 'repeat',
        key: 'layers',
        name: 'adapter layers',
        label: 'adapters',
        count: sizes.bind('L_adapt', config.size('num_adapter_layers')),
        child: conv,
      },
    ],
  };
  return { module, out };
}

/** An attention adapter: LayerNorm, d → d_adapt, ReLU, d_adapt → d. */
export function adapterLayer(d: Sym, width: Sym): ModuleSpec {
  return {
    kind: 'group',
    key: 'adapter_layer',
    name: 'attention adapter',
    label: 'adapter',
    children: [
      { kind: 'norm', type: 'layernorm', key: 'norm', label: 'LN', dim: d },
      linear('linear_1', 'down', d, width),
      linear('linear_2', 'up', width, d),
    ],
  };
}
