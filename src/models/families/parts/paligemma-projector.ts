import type { ModuleSpec } from '../../spec/model-spec.js';
import type { ProjectorContext } from '../composite-family.js';
import { multimodalProjector } from './projectors.js';

/**
 * PaliGemma's projector (`PaliGemmaMultiModalProjector`): one biased Linear `linear` from the
 * tower's width to `projection_dim`, which PaliGemmaConfig copies from its own field onto
 * `vision_config.projection_dim` (the language model's width in every released checkpoint).
 */
export function paligemmaProjector({ config, sizes, vision }: ProjectorContext): ModuleSpec {
  return multimodalProjector([
    {
      kind: 'linear',
      key: 'linear',
      label: 'proj',
      in: vision,
      out: sizes.bind('d_proj', config.size('projection_dim')),
      bias: true,
    },
  ]);
}
