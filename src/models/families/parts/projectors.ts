import { mul } from '../../../expr/nodes.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { ProjectorContext } from '../composite-family.js';

/**
 * LLaVA's projector (`LlavaMultiModalProjector`): `linear_1` from the tower's width (times the
 * number of `vision_feature_layer`s concatenated, when it lists several) to the language model's,
 * an activation, and `linear_2`; both biased as `multimodal_projector_bias` says.
 */
export function llavaProjector({ config, sizes, vision, text }: ProjectorContext): ModuleSpec {
  const layers = config.value('vision_feature_layer');
  const concatenated = Array.isArray(layers) ? BigInt(layers.length) : 1n;
  const bias = config.flag('multimodal_projector_bias');
  const input = concatenated === 1n ? vision : mul(sizes.bind('n_feat', concatenated), vision);
  return multimodalProjector([
    { kind: 'linear', key: 'linear_1', label: 'proj,1', in: input, out: text, bias },
    { kind: 'linear', key: 'linear_2', label: 'proj,2', in: text, out: text, bias },
  ]);
}

/**
 * Gemma 3's projector (`Gemma3MultiModalProjector`): an RMSNorm over the tower's width
 * (`mm_soft_emb_norm`) and a raw projection matrix `[d_vis, d_model]`
 * (`mm_input_projection_weight`); its average pooling has no parameters.
 */
export function gemma3Projector({ vision, text }: ProjectorContext): ModuleSpec {
  return multimodalProjector([
    {
      kind: 'tensor',
      key: 'mm_input_projection_weight',
      name: 'input projection',
      label: 'proj',
      shape: [vision, text],
    },
    { kind: 'norm', type: 'rmsnorm', key: 'mm_soft_emb_norm', label: 'soft', dim: vision },
  ]);
}

/** A projector that is one Linear from the tower's width to the language model's (PaliGemma's `linear`). */
export function linearProjector({ vision, text }: ProjectorContext): ModuleSpec {
  return multimodalProjector([
    { kind: 'linear', key: 'linear', label: 'proj', in: vision, out: text, bias: true },
  ]);
}

/** `multi_modal_projector`: a composite's bridge from its tower to the language model, of these modules. */
export function multimodalProjector(children: ModuleSpec[]): ModuleSpec {
  return {
    kind: 'group',
    key: 'multi_modal_projector',
    name: 'multimodal projector',
    label: 'proj',
    role: 'tower',
    children,
  };
}
