import { mul } from '../../../expr/nodes.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { ProjectorContext } from '../composite-family.js';

/**
 * Idefics3's and SmolVLM's connector (`Idefics3Connector`): a pixel shuffle that folds s × s
 * patches (s = `scale_factor`) into one token, no parameters, then
 * `modality_projection.proj`, a bias-free Linear from d_vis·s² to the language model's width.
 */
export function idefics3Connector({ config, sizes, vision, text }: ProjectorContext): ModuleSpec {
  const s = sizes.bind('s_scale', config.size('scale_factor'));
  return {
    kind: 'group',
    key: 'connector',
    name: 'connector',
    label: 'proj',
    role: 'tower',
    children: [
      {
        kind: 'group',
        key: 'modality_projection',
        name: 'modality projection',
        label: 'proj',
        children: [
          {
            kind: 'linear',
            key: 'proj',
            label: 'proj',
            in: mul(mul(s, s), vision),
            out: text,
            bias: false,
          },
        ],
      },
    ],
  };
}
