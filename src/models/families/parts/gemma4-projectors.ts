import type { ModuleSpec } from '../../spec/model-spec.js';
import type { ProjectorContext } from '../composite-family.js';

/**
 * Gemma4MultimodalEmbedder as `embed_vision`: `embedding_projection` from the tower's width to
 * the language model's, no bias; its `embedding_pre_projection_norm` has no weight
 * (`with_scale=False`), so it is no parameter.
 */
export function gemma4VisionEmbedder({ vision, text }: ProjectorContext): ModuleSpec {
  return {
    kind: 'group',
    key: 'embed_vision',
    name: 'vision embedder',
    label: 'proj',
    role: 'tower',
    children: [
      {
        kind: 'linear',
        key: 'embedding_projection',
        label: 'proj',
        in: vision,
        out: text,
        bias: false,
      },
    ],
  };
}
