import type { Expr } from '../expr/nodes.js';
import { feedForward } from './feed-forward.js';
import { linear } from './linear.js';
import { countLabel, repeat, sum, type Part, type SumPart } from './part.js';

/** The shape of one expert (or of the shared expert). */
export interface ExpertShape {
  dFF: Expr;
  gated: boolean;
  bias: boolean;
  keys?: { up?: string; down?: string; gate?: string };
  key?: string;
}

/** A mixture of experts: the router, the routed and shared experts and how many a token uses. */
export interface MoeOptions {
  key?: string;
  d: Expr;
  /** Number of routed experts `E`. */
  experts: Expr;
  expert: ExpertShape;
  routerBias?: boolean;
  /** Always-on shared experts beside the routed ones (DeepSeek, Qwen2-MoE). */
  shared?: ExpertShape;
  /** Qwen2-MoE's sigmoid gate on the shared expert, `d → 1`. */
  sharedGate?: boolean;
  /** Experts a token is routed to: the routed repeat's active count. */
  topK?: Expr;
  /** Where PyTorch names the router, when not `gate`. */
  routerPath?: string;
  /** The routed experts as PyTorch stores them when fused into one tensor each. */
  fusedExperts?: ReadonlyArray<{ readonly name: string; readonly shape: readonly Expr[] }>;
}

/** Mixture of experts: router `d·E`, `E` expert feed-forwards, and the shared experts if any. */
export function mixtureOfExperts(o: MoeOptions): SumPart {
  const expert = feedForward({
    key: 'expert',
    d: o.d,
    dFF: o.expert.dFF,
    gated: o.expert.gated,
    bias: o.expert.bias,
    ...(o.expert.keys ? { keys: o.expert.keys } : {}),
  });
  const parts: Part[] = [
    {
      ...linear(
        { key: 'gate', name: 'router', tag: 'router' },
        o.d,
        o.experts,
        o.routerBias ?? false,
      ),
      ...(o.routerPath ? { path: o.routerPath } : {}),
    },
    repeat(
      {
        key: 'experts',
        name: 'routed experts',
        label: countLabel('experts'),
        ...(o.topK ? { activeCount: o.topK } : {}),
        ...(o.fusedExperts ? { stored: o.fusedExperts } : {}),
      },
      o.experts,
      { ...expert, label: countLabel('expert') },
    ),
  ];
  if (o.shared) {
    const shared = feedForward({
      key: o.shared.key ?? 'shared_experts',
      d: o.d,
      dFF: o.shared.dFF,
      gated: o.shared.gated,
      bias: o.shared.bias,
      ...(o.shared.keys ? { keys: o.shared.keys } : {}),
    });
    parts.push({ ...shared, name: 'shared experts', label: countLabel('shared') });
    if (o.sharedGate)
      parts.push(
        linear(
          { key: 'shared_expert_gate', name: 'shared expert gate', tag: 'sgate' },
          o.d,
          { kind: 'num', value: 1n },
          false,
        ),
      );
  }
  return sum(
    { key: o.key ?? 'mlp', name: 'mixture of experts', label: countLabel('MoE'), role: 'mlp' },
    parts,
  );
}
