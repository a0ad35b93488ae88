import { mul, num } from '../../../expr/nodes.js';
import type { MlpSpec } from '../../spec/model-spec.js';
import { flagOf, type FlagRule, type LayerContext, type LayerPart } from './layer-context.js';

/** A feed-forward's options: its bias (or the flag that decides it) and other module names. */
export interface FeedForwardOptions {
  readonly bias?: FlagRule;
  readonly keys?: MlpSpec['keys'];
}

/** The `d_ff` of a layer's dense feed-forward: `intermediate_size`. */
const denseWidth = ({ sizes, config }: LayerContext) =>
  sizes.bind('d_ff', config.size('intermediate_size'));

/** SwiGLU with separate `gate_proj`, `up_proj` and `down_proj` (Llama). */
export function gatedMlp(o: FeedForwardOptions = {}): LayerPart {
  return mlp(true, o);
}

/** Two matrices, up and down (StarCoder2's c_fc/c_proj, Phi's fc1/fc2). */
export function plainMlp(o: FeedForwardOptions = {}): LayerPart {
  return mlp(false, o);
}

function mlp(gated: boolean, o: FeedForwardOptions): LayerPart {
  return (context) => ({
    kind: 'mlp',
    key: 'mlp',
    d: context.d,
    dFF: denseWidth(context),
    gated,
    bias: flagOf(context.config, o.bias),
    role: 'mlp',
    ...(o.keys ? { keys: o.keys } : {}),
  });
}

/** SwiGLU with gate and up fused into one `gate_up_proj`, d → 2·d_ff, then `down_proj` (Phi-3, GLM-4). */
export function fusedGateUp(): LayerPart {
  return (context) => {
    const { d } = context;
    const dFF = denseWidth(context);
    return {
      kind: 'group',
      key: 'mlp',
      name: 'gated feed-forward',
      label: 'FFN',
      role: 'mlp',
      children: [
        {
          kind: 'linear',
          key: 'gate_up_proj',
          label: 'gate,up',
          in: d,
          out: mul(num(2), dFF),
          bias: false,
        },
        { kind: 'linear', key: 'down_proj', label: 'down', in: dFF, out: d, bias: false },
      ],
    };
  };
}
