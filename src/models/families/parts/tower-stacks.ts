import { mul, num, type Expr, type Sym } from '../../../expr/nodes.js';
import { requireMultiple, type ConfigFields, type RawConfig } from '../../config/config-fields.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import { normFactory, type SizeBook, tokenEmbeddings } from '../building-blocks.js';
import { type PatchLayout, patchEmbeddings } from './tower-patches.js';

/**
 * Contrastive two-tower models, CLIP (modeling_clip.py) and SigLIP (modeling_siglip.py): a text
 * tower and a vision tower, each L encoder layers (self-attention with biased q/k/v/out projections,
 * layer_norm1, an fc1/fc2 MLP, layer_norm2), each with its own width, read from the nested
 * `text_config` and `vision_config` over the defaults of their own config classes. What differs is
 * written here as data.
 */
export interface TowerDescription extends PatchLayout {
  modelTypes: string[];
  prefix: string;
  textDefaults: RawConfig;
  visionDefaults: RawConfig;
  /** CLIP: a class embedding (and one more position), a bias-free patch Conv2d, a pre-encoder LayerNorm. */
  classToken: boolean;
  /** SigLIP: the text tower ends in `head` (d → projection_size); the vision tower in an attention-pooling head. */
  towerHeads: boolean;
  /** The model's own parameters beside the towers: CLIP's projections and `logit_scale`, SigLIP's `logit_scale` and `logit_bias`. */
  top: 'clip' | 'siglip';
}

/** One encoder layer of either tower: biased q/k/v/out, two LayerNorms, an fc1/fc2 MLP. */
function encoderLayer(d: Expr, dFF: Expr): ModuleSpec {
  const ln = normFactory('layernorm', d);
  return {
    kind: 'group',
    key: 'layer',
    name: 'encoder layer',
    label: 'layer',
    children: [
      {
        kind: 'attention',
        key: 'self_attn',
        d,
        bias: { q: true, k: true, v: true, o: true },
        keys: { q: 'q_proj', k: 'k_proj', v: 'v_proj', o: 'out_proj' },
        role: 'attention',
      },
      ln('layer_norm1', 'LN1'),
      {
        kind: 'mlp',
        key: 'mlp',
        d,
        dFF,
        gated: false,
        bias: true,
        keys: { up: 'fc1', down: 'fc2' },
        role: 'mlp',
      },
      ln('layer_norm2', 'LN2'),
    ],
  };
}

function widthOf(
  config: ConfigFields,
  sizes: SizeBook,
  tower: 'text' | 'vis',
): { d: Sym; dFF: Sym; layers: Sym } {
  const prefix = tower === 'text' ? 'text_config.' : 'vision_config.';
  const hidden = config.size('hidden_size');
  requireMultiple(
    `${prefix}hidden_size`,
    hidden,
    `${prefix}num_attention_heads`,
    config.size('num_attention_heads'),
  );
  return {
    d: sizes.bind(tower === 'text' ? 'd_text' : 'd_vis', hidden),
    dFF: sizes.bind(tower === 'text' ? 'f_text' : 'f_vis', config.size('intermediate_size')),
    layers: sizes.bind(tower === 'text' ? 'L_text' : 'L_vis', config.size('num_hidden_layers')),
  };
}

/** The text tower (`text_model`): token and position embeddings, its layers, a final LayerNorm and any head. */
export function textTower(
  o: TowerDescription,
  config: ConfigFields,
  sizes: SizeBook,
): { d: Sym; module: ModuleSpec } {
  const { d, dFF, layers } = widthOf(config, sizes, 'text');
  const children: ModuleSpec[] = [
    {
      kind: 'group',
      key: 'embeddings',
      name: 'text embeddings',
      label: 'emb,text',
      children: [
        tokenEmbeddings('token_embedding', sizes.bind('V', config.size('vocab_size')), d),
        {
          kind: 'embedding',
          key: 'position_embedding',
          name: 'position embeddings',
          label: 'pos,text',
          role: 'position-embedding',
          rows: sizes.bind('P', config.size('max_position_embeddings')),
          dim: d,
        },
      ],
    },
    {
      kind: 'repeat',
      key: 'encoder',
      listKey: 'layers',
      name: 'text encoder layers',
      label: 'layers,text',
      count: layers,
      child: encoderLayer(d, dFF),
    },
    {
      kind: 'norm',
      type: 'layernorm',
      key: 'final_layer_norm',
      label: 'final,text',
      dim: d,
      role: 'norm',
    },
  ];
  if (o.towerHeads) {
    const width = config.optionalSize('projection_size');
    children.push({
      kind: 'linear',
      key: 'head',
      name: 'text head',
      label: 'head,text',
      role: 'head',
      in: d,
      out: width ? sizes.bind('d_proj', width) : d,
      bias: true,
    });
  }
  return {
    d,
    module: { kind: 'group', key: 'text_model', name: 'text tower', label: 'text', children },
  };
}

/** The vision tower (`vision_model`): the patch embedding, its layers, LayerNorms and any pooling head. */
export function visionTower(
  o: TowerDescription,
  config: ConfigFields,
  sizes: SizeBook,
): { d: Sym; module: ModuleSpec } {
  const { d, dFF, layers } = widthOf(config, sizes, 'vis');
  const ln = normFactory('layernorm', d);
  const embeddings = patchEmbeddings(o, config, sizes, d);
  const children: ModuleSpec[] = [
    {
      kind: 'group',
      key: 'embeddings',
      name: 'patch embeddings',
      label: 'emb,vis',
      children: embeddings,
    },
    ...(o.classToken ? [ln('pre_layrnorm', 'pre,vis')] : []),
    {
      kind: 'repeat',
      key: 'encoder',
      listKey: 'layers',
      name: 'vision encoder layers',
      label: 'layers,vis',
      count: layers,
      child: encoderLayer(d, dFF),
    },
    ln('post_layernorm', 'post,vis'),
  ];
  if (o.towerHeads && config.flag('vision_use_head')) {
    // A learned probe attends over the patches (nn.MultiheadAttention: fused in_proj 3d × d, out_proj d × d).
    children.push({
      kind: 'group',
      key: 'head',
      name: 'attention-pooling head',
      label: 'pool',
      role: 'head',
      children: [
        { kind: 'tensor', key: 'probe', name: 'probe', label: 'probe', shape: [num(1), num(1), d] },
        {
          kind: 'group',
          key: 'attention',
          name: 'pooling attention',
          label: 'pool attn',
          children: [
            {
              kind: 'tensor',
              key: 'in_proj_weight',
              name: 'fused Q/K/V weight',
              label: 'in',
              shape: [mul(num(3), d), d],
            },
            {
              kind: 'tensor',
              key: 'in_proj_bias',
              name: 'fused Q/K/V bias',
              label: 'in,b',
              shape: [mul(num(3), d)],
            },
            { kind: 'linear', key: 'out_proj', label: 'out', in: d, out: d, bias: true },
          ],
        },
        ln('layernorm', 'LN,pool'),
        {
          kind: 'mlp',
          key: 'mlp',
          d,
          dFF,
          gated: false,
          bias: true,
          keys: { up: 'fc1', down: 'fc2' },
        },
      ],
    });
  }
  return {
    d,
    module: { kind: 'group', key: 'vision_model', name: 'vision tower', label: 'vision', children },
  };
}
