import type { ModuleSpec } from '../models/spec/model-spec.js';

/**
 * What tells one kind of layer from another in a stack, as a table: a module a layer holds, by its
 * name, and the tag its count takes (`L_lin`: the layers with `linear_attn`). A list of experts, or
 * experts stored fused, makes the feed-forward a mixture (`moe`); a feed-forward without them is
 * dense. The tags follow the symbol table's (`L_attn`, `L_lin`, `L_ssm`, `L_conv`, `L_moe`, `L_dense`).
 */
const featureRules: ReadonlyArray<{ pattern: RegExp; tag: string; meaning: string }> = [
  // (llama.cpp's GGUF names sit right in the block: `attn_q`, `ssm_in`, `ffn_gate_exps`.)
  {
    pattern: /^(self_attn|attention|attn|self_attention|attn_q|attn_qkv|attn_q_a)$/,
    tag: 'attn',
    meaning: 'attention',
  },
  { pattern: /^(linear_attn|linear_attention)$/, tag: 'lin', meaning: 'linear attention' },
  { pattern: /^(mamba|mixer|ssm|ssm_in)$/, tag: 'ssm', meaning: 'a state-space mixer' },
  { pattern: /^(conv|short_conv|shortconv)$/, tag: 'conv', meaning: 'a short convolution' },
];
const feedForward = /^(mlp|feed_forward|ffn|block_sparse_moe|moe|ffn_up|ffn_up_exps)$/;

/** A kind of layer's tag (`attn`) and what its layers hold (`attention, a mixture of experts`). */
export interface StackName {
  readonly tag: string;
  readonly meaning: string;
}

/**
 * Tags for the kinds of layer of one stack, told apart by what differs between them (what all
 * of them hold says nothing: Qwen3-Next's layers all have experts, so its counts are `L_lin` and
 * `L_attn`). Kinds the table cannot tell apart are lettered (`L_a`, `L_b`).
 */
export function stackNames(items: readonly ModuleSpec[]): StackName[] {
  const features = items.map(featuresOf);
  const common = features.reduce((all, f) => all.filter((t) => f.some((g) => g.tag === t.tag)));
  const named = features.map((f) => {
    const telling = f.filter((t) => !common.some((c) => c.tag === t.tag));
    return {
      tag: telling.map((t) => t.tag).join('_'),
      meaning: `layers with ${f.map((t) => t.meaning).join(', ') || 'no mixer the table knows'}`,
    };
  });
  const distinct = new Set(named.map((n) => n.tag)).size === named.length;
  if (distinct && named.every((n) => n.tag)) return named;
  return named.map((n, i) => ({
    tag: String.fromCharCode(97 + (i % 26)) + (i >= 26 ? i : ''),
    meaning: n.meaning,
  }));
}

/** What a layer holds, as the table's features, in the table's order. */
function featuresOf(item: ModuleSpec): Array<{ tag: string; meaning: string }> {
  const keys = item.kind === 'group' ? item.children.map((c) => c.key) : [item.key];
  const found = featureRules.filter((r) => keys.some((k) => r.pattern.test(k)));
  const ffn =
    item.kind === 'group' ? item.children.find((c) => feedForward.test(c.key)) : undefined;
  const mixture = ffn !== undefined && holdsExperts(ffn);
  const extra = ffn
    ? [
        mixture
          ? { tag: 'moe', meaning: 'a mixture of experts' }
          : { tag: 'dense', meaning: 'a dense feed-forward' },
      ]
    : [];
  return [...found.map(({ tag, meaning }) => ({ tag, meaning })), ...extra];
}

/** A feed-forward that routes: it holds a list of experts, or experts stored as one tensor. */
function holdsExperts(module: ModuleSpec): boolean {
  if (/expert|_exps$/.test(module.key)) return true;
  return module.kind === 'group' && module.children.some(holdsExperts);
}
