import { mul, num, type Expr } from '../../expr/nodes.js';
import type { RawConfig } from '../config/config-fields.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import type { VisionTowerKind } from './vision-towers.js';

/** Gemma4VisionConfig's defaults, one field a line. */
const gemma4VisionDefaults: RawConfig = {
  hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 16,
  num_attention_heads: 12,
  num_key_value_heads: 12,
  head_dim: 64,
  attention_bias: false, // read by no module: Gemma4ClippableLinear never has a bias
  patch_size: 16,
  position_embedding_size: 10240, // rows of each of the two (x, y) position tables
  pooling_kernel_size: 3, // average pooling of soft tokens: no parameters
  use_clipped_linears: false, // clipping bounds are buffers, not parameters
  standardize: false, // std_bias/std_scale are buffers, not parameters
};

/** A Gemma4ClippableLinear: its weight sits under `.linear` (no bias). */
const clippable = (key: string, label: string, inWidth: Expr, out: Expr): ModuleSpec => ({
  kind: 'linear',
  key,
  path: `${key}.linear`,
  label,
  in: inWidth,
  out,
  bias: false,
});

const rmsnorm = (key: string, label: string, dim: Expr): ModuleSpec => ({
  kind: 'norm',
  key,
  label,
  type: 'rmsnorm',
  dim,
});

/**
 * Gemma4VisionModel (modeling_gemma4.py) under `vision_tower`: `patch_embedder` (`input_proj`
 * 3·p² → d, no bias; `position_embedding_table` [2, position_embedding_size, d]), then
 * `encoder.layers`: attention of clippable q/k/v/o projections with per-head `q_norm`/`k_norm`
 * (`v_norm` has no weight), a GeGLU MLP of clippable linears and four RMSNorms; the pooler has no
 * parameters.
 */
export const gemma4VisionTower: VisionTowerKind = {
  defaults: gemma4VisionDefaults,
  declaredBy: 'gemma4',
  build: (config, sizes) => {
    const d = sizes.bind('d_vis', config.size('hidden_size'));
    const dFF = sizes.bind('f_vis', config.size('intermediate_size'));
    const layers = sizes.bind('L_vis', config.size('num_hidden_layers'));
    const patch = sizes.bind('p', config.size('patch_size'));
    const headDim = num(config.size('head_dim'));
    const q = mul(num(config.size('num_attention_heads')), headDim);
    const kv = mul(num(config.size('num_key_value_heads')), headDim);
    const layer: ModuleSpec = {
      kind: 'group',
      key: 'layer',
      name: 'vision encoder layer',
      label: 'vis-layer',
      children: [
        {
          kind: 'group',
          key: 'self_attn',
          name: 'attention',
          label: 'vis,attn',
          children: [
            clippable('q_proj', 'vis,Q', d, q),
            clippable('k_proj', 'vis,K', d, kv),
            clippable('v_proj', 'vis,V', d, kv),
            clippable('o_proj', 'vis,O', q, d),
            rmsnorm('q_norm', 'vis,q-norm', headDim),
            rmsnorm('k_norm', 'vis,k-norm', headDim),
          ],
        },
        {
          kind: 'group',
          key: 'mlp',
          name: 'MLP',
          label: 'vis,mlp',
          children: [
            clippable('gate_proj', 'vis,gate', d, dFF),
            clippable('up_proj', 'vis,up', d, dFF),
            clippable('down_proj', 'vis,down', dFF, d),
          ],
        },
        rmsnorm('input_layernorm', 'vis,in', d),
        rmsnorm('post_attention_layernorm', 'vis,post-attn', d),
        rmsnorm('pre_feedforward_layernorm', 'vis,pre-ffn', d),
        rmsnorm('post_feedforward_layernorm', 'vis,post-ffn', d),
      ],
    };
    return {
      d,
      module: {
        kind: 'group',
        key: 'vision_tower',
        name: 'vision tower (Gemma4VisionModel)',
        label: 'vis',
        role: 'tower',
        children: [
          {
            kind: 'group',
            key: 'patch_embedder',
            name: 'patch embedder',
            label: 'patch',
            children: [
              // A plain nn.Linear, not a clippable one: `input_proj.weight`.
              {
                kind: 'linear',
                key: 'input_proj',
                label: 'patch',
                in: mul(num(3), patch, patch),
                out: d,
                bias: false,
              },
              {
                kind: 'tensor',
                key: 'position_embedding_table',
                label: 'vis,pos',
                shape: [num(2), num(config.size('position_embedding_size')), d],
              },
            ],
          },
          {
            kind: 'repeat',
            key: 'encoder',
            listKey: 'layers',
            name: 'vision encoder layers',
            label: 'vis layers',
            count: layers,
            child: layer,
          },
        ],
      },
    };
  },
};
