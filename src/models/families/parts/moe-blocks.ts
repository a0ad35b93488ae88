import { mul, num, type Expr } from '../../../expr/nodes.js';
import type { MlpSpec, MoeSpec } from '../../spec/model-spec.js';
import { expertsPerToken } from '../building-blocks.js';
import type { LayerContext, LayerPart } from './layer-context.js';

/** Routed experts stored fused, one tensor for all E, by the layout of the checkpoint that does. */
export type FusedStorage = 'granite' | 'gpt-oss' | 'qwen3-vl-moe';

type Shapes = MoeSpec['fusedExperts'];

const fusedStorages: Record<FusedStorage, (experts: Expr, dFF: Expr, d: Expr) => Shapes> = {
  // GraniteMoeParallelExperts keep all experts in one weight (E, out, in): input_linear holds gate and up.
  granite: (experts, dFF, d) => [
    { name: 'input_linear.weight', shape: [experts, mul(num(2), dFF), d] },
    { name: 'output_linear.weight', shape: [experts, d, dFF] },
  ],
  // GptOssExperts: gate and up fused, every expert in one tensor, stored [E, in, out].
  'gpt-oss': (experts, dFF, d) => [
    { name: 'experts.gate_up_proj', shape: [experts, d, mul(num(2), dFF)] },
    { name: 'experts.gate_up_proj_bias', shape: [experts, mul(num(2), dFF)] },
    { name: 'experts.down_proj', shape: [experts, dFF, d] },
    { name: 'experts.down_proj_bias', shape: [experts, d] },
  ],
  // Qwen3VLMoeTextExperts: gpt-oss's layout without biases, [E, d, 2·d_ff] and [E, d_ff, d].
  'qwen3-vl-moe': (experts, dFF, d) => [
    { name: 'experts.gate_up_proj', shape: [experts, d, mul(num(2), dFF)] },
    { name: 'experts.down_proj', shape: [experts, dFF, d] },
  ],
};

/** A width of the experts: its symbol and the config field it is read from. */
export interface ExpertWidth {
  readonly symbol: string;
  readonly field: string;
}

/** A mixture-of-experts block of SwiGLU experts, declared by its fields and module names. */
export interface ExpertsBlock {
  /** Its module name: `mlp` (Qwen, OLMoE, gpt-oss) or `block_sparse_moe` (Mixtral's lineage). */
  readonly key: string;
  /** The config field of the routed experts' number (`num_local_experts`, `num_experts`). */
  readonly experts: string;
  /** Each expert's `d_ff`; `d_ff` from `intermediate_size` unless said. */
  readonly width?: ExpertWidth;
  /** Other names of an expert's projections (Mixtral's w1/w3/w2). */
  readonly keys?: MlpSpec['keys'];
  /** Biases on every expert projection (gpt-oss). */
  readonly expertBias?: boolean;
  /** A shared expert beside the routed ones, and whether a sigmoid gate scales it (Qwen2-MoE). */
  readonly shared?: ExpertWidth & { readonly key: string; readonly gated?: boolean };
  /** The router: a bias (gpt-oss), its path when not `gate`. */
  readonly router?: { readonly bias?: boolean; readonly path?: string };
  readonly fused?: FusedStorage;
}

const routedWidth: ExpertWidth = { symbol: 'd_ff', field: 'intermediate_size' };

/** The mixture-of-experts block a sparse layer has in place of its feed-forward. */
export function expertsBlock(o: ExpertsBlock): LayerPart {
  return (context: LayerContext): MoeSpec => {
    const { config, sizes, d } = context;
    // Fused blocks bind E and d_ff first, for their shapes; the others k_top first, as before.
    const early = o.fused ? {} : expertsPerToken(config, sizes);
    const experts = sizes.bind('E', config.size(o.experts));
    const width = o.width ?? routedWidth;
    const dFF = sizes.bind(width.symbol, config.size(width.field));
    const topK = o.fused ? expertsPerToken(config, sizes) : early;
    const shared = o.shared;
    return {
      kind: 'moe',
      ...topK,
      key: o.key,
      d,
      experts,
      expert: {
        dFF,
        gated: true,
        bias: o.expertBias ?? false,
        ...(o.keys ? { keys: o.keys } : {}),
      },
      ...(shared
        ? {
            shared: {
              key: shared.key,
              dFF: sizes.bind(shared.symbol, config.size(shared.field)),
              gated: true,
              bias: false,
            },
            sharedGate: shared.gated ?? false,
          }
        : {}),
      role: 'mlp',
      ...(o.router?.bias ? { routerBias: true } : {}),
      ...(o.router?.path ? { routerPath: o.router.path } : {}),
      ...(o.fused ? { fusedExperts: fusedStorages[o.fused](experts, dFF, d) } : {}),
    };
  };
}
