import { mul } from '../../../expr/nodes.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { ProjectorContext } from '../composite-family.js';
import { multimodalProjector } from './projectors.js';

/**
 * Mistral 3's projector (`Mistral3MultiModalProjector`, modeling_mistral3.py): an RMSNorm `norm`
 * over the tower's width, the patch merger's bias-free `merging_layer` from m² merged patches
 * (m = `spatial_merge_size`) back to the tower's width, then LLaVA's `linear_1` (its input widened
 * by a list of feature layers) and `linear_2`, both biased as `multimodal_projector_bias` says.
 */
export function mistral3Projector({ config, sizes, vision, text }: ProjectorContext): ModuleSpec {
  const layers = config.value('vision_feature_layer');
  const concatenated = Array.isArray(layers) ? BigInt(layers.length) : 1n;
  const bias = config.flag('multimodal_projector_bias');
  const m = sizes.bind('m_merge', config.size('spatial_merge_size'));
  const input = concatenated === 1n ? vision : mul(sizes.bind('n_feat', concatenated), vision);
  return multimodalProjector([
    { kind: 'norm', type: 'rmsnorm', key: 'norm', label: 'proj norm', dim: vision },
    {
      kind: 'group',
      key: 'patch_merger',
      name: 'patch merger',
      label: 'merge',
      children: [
        {
          kind: 'linear',
          key: 'merging_layer',
          label: 'merge',
          in: mul(mul(m, m), vision),
          out: vision,
          bias: false,
        },
      ],
    },
    { kind: 'linear', key: 'linear_1', label: 'proj,1', in: input, out: text, bias },
    { kind: 'linear', key: 'linear_2', label: 'proj,2', in: text, out: text, bias },
  ]);
}
