import { num, type Sym } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { textTower, type TowerDescription, visionTower } from './parts/tower-stacks.js';

function towerFamily(o: TowerDescription): Family {
  const p = o.prefix;
  const classes = [
    `${p}Model`,
    `${p}TextModel`,
    `${p}VisionModel`,
    `${p}ForImageClassification`,
    ...(o.top === 'clip' ? [`${p}TextModelWithProjection`, `${p}VisionModelWithProjection`] : []),
  ];
  return {
    modelTypes: o.modelTypes,
    defaults: { projection_dim: 512, text_config: null, vision_config: null },
    classes,
    build: (config, className) => buildTowers(o, config, className),
  };
}

function buildTowers(o: TowerDescription, config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const what = className.slice(o.prefix.length);
  const wantsText = what === 'Model' || what.startsWith('TextModel');
  const wantsVision =
    what === 'Model' || what.startsWith('VisionModel') || what === 'ForImageClassification';
  const modules: ModuleSpec[] = [];
  let text: { d: Sym } | undefined;
  let vision: { d: Sym } | undefined;
  if (wantsText) {
    const tower = textTower(o, config.sub('text_config', o.textDefaults), sizes);
    text = tower;
    modules.push(tower.module);
  }
  if (wantsVision) {
    const tower = visionTower(o, config.sub('vision_config', o.visionDefaults), sizes);
    vision = tower;
    modules.push(tower.module);
  }
  if (o.top === 'clip' && (what === 'Model' || what.endsWith('WithProjection'))) {
    const projection = sizes.bind('d_proj', config.size('projection_dim'));
    if (vision)
      modules.push({
        kind: 'linear',
        key: 'visual_projection',
        name: 'image projection',
        label: 'proj,vis',
        role: 'head',
        in: vision.d,
        out: projection,
        bias: false,
      });
    if (text)
      modules.push({
        kind: 'linear',
        key: 'text_projection',
        name: 'text projection',
        label: 'proj,text',
        role: 'head',
        in: text.d,
        out: projection,
        bias: false,
      });
  }
  if (what === 'Model') {
    modules.push({
      kind: 'tensor',
      key: 'logit_scale',
      name: 'logit scale',
      label: 'scale',
      role: 'head',
      shape: o.top === 'clip' ? [] : [num(1)],
    });
    if (o.top === 'siglip')
      modules.push({
        kind: 'tensor',
        key: 'logit_bias',
        name: 'logit bias',
        label: 'bias',
        role: 'head',
        shape: [num(1)],
      });
  }
  if (what === 'ForImageClassification') {
    modules.push({
      kind: 'linear',
      key: 'classifier',
      name: 'classifier',
      label: 'cls',
      role: 'head',
      in: vision!.d,
      out: sizes.bind('n_labels', config.numLabels()),
      bias: true,
    });
  }
  return {
    name: className,
    sizes: sizes.sizes,
    shape: text && vision ? 'two-tower' : vision ? 'vision' : 'text',
    symbols: o.linearPatches
      ? { ...nestedFields, n_patch: { field: 'vision_config.num_patches' } }
      : nestedFields,
    modules,
  };
}

/** Where the tower symbols are read from in a nested config, for the documents' symbol tables. */
const nestedFields = {
  V: { field: 'text_config.vocab_size' },
  P: { field: 'text_config.max_position_embeddings' },
  p: { field: 'vision_config.patch_size' },
  C_in: { field: 'vision_config.num_channels' },
  n_patch: { field: 'vision_config.image_size' },
};

/** CLIP: CLIPTextConfig and CLIPVisionConfig defaults (ViT-B/32 image tower, 512-wide text tower); CLIPConfig projection_dim 512. */
export const clipTowers: TowerDescription = {
  modelTypes: ['clip'],
  prefix: 'CLIP',
  textDefaults: {
    vocab_size: 49408,
    hidden_size: 512,
    intermediate_size: 2048,
    num_hidden_layers: 12,
    num_attention_heads: 8,
    max_position_embeddings: 77,
  },
  visionDefaults: {
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    num_channels: 3, // clip-vit-base-patch32 leaves it out
    image_size: 224,
    patch_size: 32,
  },
  classToken: true,
  towerHeads: false,
  top: 'clip',
};
/** The `clip` family: CLIPModel and its towers' classes. */
export const clip = towerFamily(clipTowers);

/** SigLIP: SiglipTextConfig and SiglipVisionConfig defaults (base, patch 16, 64 text positions); no projections, a sigmoid-loss bias. */
export const siglipTowers: TowerDescription = {
  modelTypes: ['siglip'],
  prefix: 'Siglip',
  textDefaults: {
    vocab_size: 32000,
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    max_position_embeddings: 64,
    projection_size: null,
  },
  visionDefaults: {
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    num_channels: 3, // gemma-3-4b-it's vision_config leaves it out
    image_size: 224,
    patch_size: 16,
    vision_use_head: true,
  },
  classToken: false,
  towerHeads: true,
  top: 'siglip',
};
/** The `siglip` family: SiglipModel and its towers' classes. */
export const siglip = towerFamily(siglipTowers);

/**
 * SigLIP 2 (modeling_siglip2.py): SigLIP's towers and heads, but the vision embeddings are a Linear
 * over the patches the processor cuts (`num_channels · p²` → d) and a table of `num_patches`
 * positions, resized to each image's grid in the forward pass; Siglip2TextConfig and
 * Siglip2VisionConfig defaults (base, patch 16, 256 patches).
 */
export const siglip2 = towerFamily({
  modelTypes: ['siglip2'],
  prefix: 'Siglip2',
  textDefaults: {
    vocab_size: 32000,
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    max_position_embeddings: 64,
    projection_size: null, // None: the text head is d → d
  },
  visionDefaults: {
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    num_channels: 3,
    num_patches: 256, // rows of the position table: a 16 × 16 grid, interpolated per image
    patch_size: 16,
    vision_use_head: true, // not a Siglip2VisionConfig field: the model uses the head unless a config sets it
  },
  classToken: false,
  linearPatches: true,
  towerHeads: true,
  top: 'siglip',
});
