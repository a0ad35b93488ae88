import { fieldError } from '../../../errors/user-error.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { ProjectorContext } from '../composite-family.js';
import { shuffledWidth } from '../internvl-vision.js';
import { multimodalProjector } from './projectors.js';

/**
 * InternVL's projector (`InternVLMultiModalProjector`): a LayerNorm over the pixel-shuffled width
 * d_vis·r² (r = int(1 / `downsample_ratio`)), a biased `linear_1` to the language model's width, an
 * activation and a biased `linear_2`.
 */
export function internvlProjector({ config, sizes, vision, text }: ProjectorContext): ModuleSpec {
  const ratio = config.value('downsample_ratio');
  if (typeof ratio !== 'number' || !(ratio > 0) || Math.trunc(1 / ratio) < 1)
    throw fieldError('downsample_ratio', ratio, 'a number in (0, 1]');
  const input = shuffledWidth(sizes.bind('r_down', BigInt(Math.trunc(1 / ratio))), vision);
  return multimodalProjector([
    { kind: 'norm', type: 'layernorm', key: 'layer_norm', label: 'proj norm', dim: input },
    { kind: 'linear', key: 'linear_1', label: 'proj,1', in: input, out: text, bias: true },
    { kind: 'linear', key: 'linear_2', label: 'proj,2', in: text, out: text, bias: true },
  ]);
}
