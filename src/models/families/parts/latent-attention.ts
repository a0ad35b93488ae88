import { add, mul, sym, type Expr } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { KvCacheLayout, ModuleSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';

/**
 * Multi-head latent attention caches, in every layer, the compressed latent (`r_kv`) and the one
 * rotary key shared by all heads (`d_rope`) — the DeepSeek-V2 paper's Table 1, `(d_c + d_h^R)·l`.
 * An implementation that expands the latents through `kv_b_proj` stores full keys
 * (`n_h·(d_nope + d_rope)`) and values (`n_h·d_vh`) instead.
 */
export function latentCache(): KvCacheLayout {
  const [heads, nope, rope, value] = ['n_h', 'd_nope', 'd_rope', 'd_vh'].map((name) =>
    sym(name),
  ) as [Expr, Expr, Expr, Expr];
  return {
    entries: [
      {
        name: 'latent',
        layers: sym('L'),
        perToken: add(sym('r_kv'), rope),
        expanded: add(mul(heads, add(nope, rope)), mul(heads, value)),
      },
    ],
    sizes: {},
  };
}

/** Multi-head latent attention, as linear layers and RMSNorms. */
export function latentAttention(
  config: ConfigFields,
  sizes: SizeBook,
  d: Expr,
  headCount: bigint,
): ModuleSpec {
  const bias = config.flag('attention_bias');
  const heads = sizes.bind('n_h', headCount);
  const nope = sizes.bind('d_nope', config.size('qk_nope_head_dim'));
  const rope = sizes.bind('d_rope', config.size('qk_rope_head_dim'));
  const value = sizes.bind('d_vh', config.size('v_head_dim'));
  const kvRank = sizes.bind('r_kv', config.size('kv_lora_rank'));
  const qRankValue = config.optionalSize('q_lora_rank');
  const queryOut = mul(heads, add(nope, rope));
  const query: ModuleSpec[] =
    qRankValue === undefined
      ? [{ kind: 'linear', key: 'q_proj', label: 'Q', in: d, out: queryOut, bias: false }]
      : [
          {
            kind: 'linear',
            key: 'q_a_proj',
            label: 'Qa',
            in: d,
            out: sizes.bind('r_q', qRankValue),
            bias,
          },
          {
            kind: 'norm',
            type: 'rmsnorm',
            key: 'q_a_layernorm',
            label: 'Qnorm',
            dim: sizes.bind('r_q', qRankValue),
          },
          {
            kind: 'linear',
            key: 'q_b_proj',
            label: 'Qb',
            in: sizes.bind('r_q', qRankValue),
            out: queryOut,
            bias: false,
          },
        ];
  return {
    kind: 'group',
    key: 'self_attn',
    name: 'multi-head latent attention',
    label: 'MLA',
    role: 'attention',
    children: [
      ...query,
      {
        kind: 'linear',
        key: 'kv_a_proj_with_mqa',
        label: 'KVa',
        in: d,
        out: add(kvRank, rope),
        bias,
      },
      { kind: 'norm', type: 'rmsnorm', key: 'kv_a_layernorm', label: 'KVnorm', dim: kvRank },
      {
        kind: 'linear',
        key: 'kv_b_proj',
        label: 'KVb',
        in: kvRank,
        out: mul(heads, add(nope, value)),
        bias: false,
      },
      { kind: 'linear', key: 'o_proj', label: 'O', in: mul(heads, value), out: d, bias },
    ],
  };
}
