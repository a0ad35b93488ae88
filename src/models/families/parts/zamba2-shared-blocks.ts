import { mul, num, type Expr } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { LinearSpec, ModuleSpec } from '../../spec/model-spec.js';
import { normFactory } from '../building-blocks.js';

/** The widths a Zamba2 shared transformer block is built of. */
export interface Zamba2BlockWidths {
  readonly d: Expr;
  readonly ff: Expr;
  readonly heads: Expr;
  readonly kvHeads: Expr;
  /** `attention_head_dim`: 2·d_model / n_h, the attention reading [hidden, embeddings] side by side. */
  readonly headDim: Expr;
  readonly rank: Expr;
}

const linear = (key: string, label: string, inp: Expr, out: Expr, bias = false): LinearSpec => ({
  kind: 'linear',
  key,
  label,
  in: inp,
  out,
  bias,
});

/**
 * The LoRA adapters of one shared block: an `nn.Sequential` of two unbiased linears (`0`: in → r,
 * `1`: r → out) at each hybrid-use index the block serves (the others are `nn.Identity`).
 */
function adapters(
  list: string,
  uses: readonly bigint[],
  inp: Expr,
  out: Expr,
  r: Expr,
): ModuleSpec {
  return {
    kind: 'repeat',
    key: list,
    name: `${list} (LoRA adapters)`,
    label: 'adapters',
    count: num(uses.length),
    indexAs: { key: list, at: uses },
    child: {
      kind: 'group',
      key: 'adapter',
      label: 'adapter',
      children: [linear('0', 'down', inp, r), linear('1', 'up', r, out)],
    },
  };
}

/**
 * Shared block `block` of `blocks` (Zamba2AttentionDecoderLayer), named where PyTorch first meets it
 * (`layers.<first hybrid id>.shared_transformer`): attention over 2·d (q/k/v from 2·d, o back to d,
 * no biases), a GELU gate/up MLP biased by `add_bias_linear`, `input_layernorm` over 2·d and
 * `pre_ff_layernorm` over d. The block serves the hybrid uses `i ≡ block (mod num_mem_blocks)`, and
 * keeps one adapter a use: always on `gate_up_proj`, on q, k and v with `use_shared_attention_adapter`.
 * Uses, not layer indices: transformers 5's modular_zamba2.py cycles `block_id = k` blocks through
 * the hybrid layers in turn (its tied-key tables differ between versions, the modules do not), as
 * vLLM's zamba2.py does.
 */
export function zamba2SharedBlock(
  config: ConfigFields,
  w: Zamba2BlockWidths,
  o: { block: number; blocks: number; hybridIds: readonly number[] },
): ModuleSpec {
  const uses = o.hybridIds
    .map((_, i) => BigInt(i))
    .filter((i) => i % BigInt(o.blocks) === BigInt(o.block));
  const wide = mul(num(2), w.d);
  const queries = mul(w.heads, w.headDim);
  const keys = mul(w.kvHeads, w.headDim);
  const bias = config.flag('add_bias_linear');
  const norm = normFactory('rmsnorm', w.d);
  const attentionAdapters = config.flag('use_shared_attention_adapter')
    ? (['q', 'k', 'v'] as const).map((x) =>
        adapters(`linear_${x}_adapter_list`, uses, wide, wide, w.rank),
      )
    : [];
  return {
    kind: 'group',
    key: `shared_block_${o.block}`,
    path: `layers.${o.hybridIds[o.block]}.shared_transformer`,
    name: `shared transformer block ${o.block}`,
    label: 'shared',
    children: [
      {
        kind: 'group',
        key: 'self_attn',
        name: 'shared attention',
        label: 'attn',
        children: [
          linear('q_proj', 'q', wide, queries),
          linear('k_proj', 'k', wide, keys),
          linear('v_proj', 'v', wide, keys),
          linear('o_proj', 'o', queries, w.d),
          ...attentionAdapters,
        ],
      },
      {
        kind: 'group',
        key: 'feed_forward',
        name: 'shared MLP',
        label: 'ffn',
        children: [
          linear('gate_up_proj', 'gate-up', w.d, mul(num(2), w.ff), bias),
          linear('down_proj', 'down', w.ff, w.d, bias),
          adapters('gate_up_proj_adapter_list', uses, w.d, mul(num(2), w.ff), w.rank),
        ],
      },
      norm('input_layernorm', 'in', wide),
      norm('pre_ff_layernorm', 'ff'),
    ],
  };
}
