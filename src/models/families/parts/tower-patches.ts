import { add, mul, num, type Sym } from '../../../expr/nodes.js';
import { requireMultiple, type ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';

/** How a vision tower turns pixels into its first hidden states. */
export interface PatchLayout {
  /** CLIP: a class embedding (and one more position) and a bias-free patch Conv2d. */
  classToken: boolean;
  /**
   * SigLIP 2: the processor cuts the patches, so `patch_embedding` is a biased Linear
   * (`num_channels · p²` → d) and the position table has `num_patches` rows, a config field of
   * its own (no `image_size`).
   */
  linearPatches?: boolean;
}

/** The vision tower's `embeddings` children: any class embedding, the patch projection, the positions. */
export function patchEmbeddings(
  o: PatchLayout,
  config: ConfigFields,
  sizes: SizeBook,
  d: Sym,
): ModuleSpec[] {
  // Bound in the order the tower always bound them (n_patch, p, C_in): the sizes print in that order.
  let patches: Sym;
  if (o.linearPatches) patches = sizes.bind('n_patch', config.size('num_patches'));
  else {
    const image = config.size('image_size');
    const patch = config.size('patch_size');
    requireMultiple('vision_config.image_size', image, 'vision_config.patch_size', patch);
    patches = sizes.bind('n_patch', (image / patch) * (image / patch));
  }
  const patchSize = sizes.bind('p', config.size('patch_size'));
  const channels = sizes.bind('C_in', config.size('num_channels'));
  const projection: ModuleSpec = o.linearPatches
    ? {
        kind: 'linear',
        key: 'patch_embedding',
        name: 'patch projection',
        label: 'patch',
        role: 'embedding',
        in: mul(channels, { kind: 'pow', base: patchSize, exponent: 2 }),
        out: d,
        bias: true,
      }
    : {
        kind: 'conv',
        key: 'patch_embedding',
        name: 'patch projection',
        label: 'patch',
        role: 'embedding',
        in: channels,
        out: d,
        kernel: [patchSize, patchSize],
        bias: !o.classToken,
      };
  return [
    ...(o.classToken
      ? [
          {
            kind: 'tensor',
            key: 'class_embedding',
            name: 'class embedding',
            label: 'cls',
            role: 'embedding',
            shape: [d],
          } as ModuleSpec,
        ]
      : []),
    projection,
    {
      kind: 'embedding',
      key: 'position_embedding',
      name: 'position embeddings',
      label: 'pos,vis',
      role: 'position-embedding',
      rows: o.classToken ? add(patches, num(1)) : patches,
      dim: d,
    },
  ];
}
