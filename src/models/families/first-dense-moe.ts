import { mul, sym } from '../../expr/nodes.js';
import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { decoderOnlyClass, expertsPerToken, SizeBook, tokenEmbeddings } from './building-blocks.js';
import { v3LeftOut } from './deepseek-left-out.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';
import { separateQkv, type SeparateQkv } from './parts/attention-kinds.js';
import type { LayerContext } from './parts/layer-context.js';
import { firstDenseStacks } from './parts/layer-stack.js';
import { decoderNorm, layerNorms, normPlacements } from './parts/norm-placements.js';
import { decoderPrologue } from './parts/prologue.js';

/** What sets two first-dense MoE families apart: their class prefix, attention and head width. */
export interface FirstDenseMoe {
  /** `Glm4Moe`: the classes are `Glm4MoeForCausalLM` and `Glm4MoeModel`, the only two defined. */
  readonly prefix: string;
  readonly attention: SeparateQkv;
  /** The left-out MTP layer's note: what the model card says of the checkpoint's size. */
  readonly cardNote: string;
}

/**
 * A decoder whose layer i has DeepSeek-V3's experts when i ≥ `first_k_dense_replace` and a dense
 * SwiGLU MLP before: a router `E × d` (its `e_score_correction_bias` a buffer), E experts of
 * `moe_intermediate_size` and shared experts of `moe_intermediate_size · n_shared_experts`, beside
 * separate Q/K/V/O projections (GLM-4.5, dots.llm1). Without `head_dim` the attention reads
 * `hidden_size // num_attention_heads`, rounded down. The checkpoint's MTP layers, if any
 * (`num_nextn_predict_layers`), and the router biases are listed as left out, as for V3.
 */
export function firstDenseMoeFamily(
  o: FirstDenseMoe & {
    modelTypes: string[];
    defaults: RawConfig;
    aliases?: Readonly<Record<string, readonly string[]>>;
  },
): Family {
  return {
    modelTypes: o.modelTypes,
    defaults: o.defaults,
    ...(o.aliases ? { aliases: o.aliases } : {}),
    // The modeling files define only these two classes.
    classes: [`${o.prefix}ForCausalLM`, `${o.prefix}Model`],
    build: (config, className) => buildFirstDenseMoe(o, config, className),
  };
}

function buildFirstDenseMoe(o: FirstDenseMoe, config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab, layerCount, widths } = decoderPrologue(config, sizes, 'floor');
  const context: LayerContext = { config, sizes, d, widths, norm: 'rmsnorm' };
  const attention = separateQkv(o.attention)(context);
  const norms = layerNorms(context, normPlacements.pre);
  const layerOf = (mlp: ModuleSpec, label: string): ModuleSpec => ({
    kind: 'group',
    key: 'layer',
    name: 'decoder layer',
    label,
    children: [attention, mlp, ...norms],
  });
  const denseMlp = (): ModuleSpec => ({
    kind: 'mlp',
    key: 'mlp',
    d,
    dFF: sizes.bind('d_ff', config.size('intermediate_size')),
    gated: true,
    bias: false,
    role: 'mlp',
  });
  const experts = (): ModuleSpec => {
    const expertWidth = sizes.bind('d_moe', config.size('moe_intermediate_size'));
    const shared = sizes.bind('n_shared', config.size('n_shared_experts'));
    return {
      kind: 'moe',
      key: 'mlp',
      d,
      role: 'mlp',
      ...expertsPerToken(config, sizes),
      experts: sizes.bind('E', config.size('n_routed_experts')),
      expert: { dFF: expertWidth, gated: true, bias: false },
      shared: { dFF: mul(shared, expertWidth), gated: true, bias: false },
    };
  };
  const denseCount = config.count('first_k_dense_replace');
  const stacks = firstDenseStacks(
    sizes,
    layerCount,
    denseCount < layerCount ? denseCount : layerCount,
    (label) => layerOf(denseMlp(), label),
    (label) => layerOf(experts(), label),
  );
  const base: ModuleSpec = {
    kind: 'group',
    key: 'model',
    name: `${o.prefix}Model`,
    label: 'base',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      ...stacks,
      decoderNorm(context)('norm', 'final'),
    ],
  };
  const moeLayers = stacks[stacks.length - 1]!;
  const leftOut = denseCount < layerCount ? v3LeftOut(config, d, vocab, moeLayers, o.cardNote) : [];
  return {
    name: className,
    sizes: sizes.sizes,
    kvCache: selfCache(sym('L'), keysAndValues(widths.keyValueHeads, widths.headDim)),
    modules: decoderOnlyClass(className, base, {
      d,
      config,
      sizes,
      vocab,
    }),
    ...(leftOut.length > 0 ? { leftOut } : {}),
  };
}
