import { mul, sym, type Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { LeftOutSpec, ModuleSpec } from '../spec/model-spec.js';
import { normFactory } from './building-blocks.js';

/**
 * What DeepSeek-V3's checkpoint holds beyond what `DeepseekV3ForCausalLM` counts. Each router's
 * `e_score_correction_bias` (E a MoE layer) is a buffer in transformers (`register_buffer`), not a
 * parameter. The `num_nextn_predict_layers` multi-token-prediction layers (`model.layers.61` for V3,
 * DeepSeek-V3's inference/model.py and vLLM's deepseek_mtp.py): `embed_tokens`, `enorm` and `hnorm`,
 * `eh_proj` (2d → d), a whole MoE decoder layer and `shared_head` (`norm`, `head`); transformers does
 * not load them. The model card: 685B on the Hub = 671B main model + 14B MTP.
 */
export function v3LeftOut(
  config: ConfigFields,
  d: Expr,
  vocab: Expr,
  moeLayers: ModuleSpec & { kind: 'repeat' },
  // What the model card says of them (GLM-4.5 reuses this with its own).
  cardNote = '(the model card counts them: 685B on the Hub = 671B main model + 14B MTP)',
): LeftOutSpec[] {
  const out: LeftOutSpec[] = [
    {
      key: 'e_score_correction_bias',
      name: "routers' score-correction biases",
      label: 'bias,router',
      reason:
        "each MoE layer's router keeps e_score_correction_bias (E values) as a buffer in transformers, not a parameter; the checkpoint stores it",
      modules: [
        {
          kind: 'repeat',
          key: 'layers',
          name: 'MoE layers',
          label: 'router biases',
          count: moeLayers.count,
          child: {
            kind: 'tensor',
            key: 'e_score_correction_bias',
            label: 'e_score',
            shape: [sym('E')],
          },
        },
      ],
    },
  ];
  const mtpLayers = config.count('num_nextn_predict_layers');
  if (mtpLayers === 0n) return out;
  const rms = normFactory('rmsnorm', d);
  const mtpLayer: ModuleSpec = {
    kind: 'group',
    key: 'layer',
    name: 'multi-token-prediction layer',
    label: 'MTP layer',
    children: [
      {
        kind: 'embedding',
        key: 'embed_tokens',
        name: 'token embeddings (a copy of the main model’s)',
        label: 'tok',
        role: 'token-embedding',
        rows: vocab,
        dim: d,
      },
      rms('enorm', 'enorm'),
      rms('hnorm', 'hnorm'),
      {
        kind: 'linear',
        key: 'eh_proj',
        label: 'eh',
        in: mul({ kind: 'num', value: 2n }, d),
        out: d,
        bias: false,
      },
      moeLayers.child,
      {
        kind: 'group',
        key: 'shared_head',
        name: 'shared head',
        label: 'shared head',
        children: [
          rms('norm', 'head norm'),
          { kind: 'linear', key: 'head', label: 'head', in: d, out: vocab, bias: false },
        ],
      },
    ],
  };
  out.push({
    key: 'mtp',
    name: 'multi-token-prediction layer',
    label: 'MTP',
    // The MTP layers are numbered after the main model's (model.layers.61 for V3's 61 layers).
    reason: [
      `the checkpoint's multi-token-prediction layers (num_nextn_predict_layers = ${mtpLayers},`,
      `from model.layers.${config.count('num_hidden_layers')} on), which transformers does not load;`,
      "their embed_tokens and shared_head.head repeat the main model's tables",
      cardNote,
    ].join(' '),
    // V3 ships one; more are numbered copies of the same layer.
    modules:
      mtpLayers === 1n
        ? [mtpLayer]
        : [
            {
              kind: 'repeat',
              key: 'mtp',
              name: 'MTP layers',
              label: 'MTP layers',
              count: { kind: 'num', value: mtpLayers },
              child: mtpLayer,
            },
          ],
  });
  return out;
}
