import { attention } from '../../components/attention.js';
import { conv } from '../../components/conv.js';
import { embeddingTable } from '../../components/embedding.js';
import { feedForward } from '../../components/feed-forward.js';
import { linear } from '../../components/linear.js';
import { mixtureOfExperts } from '../../components/moe.js';
import { layerNorm, rmsNorm } from '../../components/norms.js';
import { withDistinctLabels } from '../../components/distinct-labels.js';
import { countLabel, empty, repeat, sum, tensor, type Part } from '../../components/part.js';
import type { ModelSpec, ModuleSpec } from './model-spec.js';
import { type LeafSpec, visitModule } from './visit-modules.js';

/**
 * The one function that turns declared modules into the breakdown tree, using the core components;
 * each label names one count in the whole tree (`withDistinctLabels`).
 */
export function composeModel(spec: ModelSpec): Part {
  return withDistinctLabels(
    sum(
      { key: spec.name, name: spec.name, label: countLabel('model') },
      spec.modules.map(composeModule),
    ),
  );
}

/** One module declaration as a part of the breakdown tree. */
export function composeModule(m: ModuleSpec): Part {
  return visitModule<Part>(m, {
    group: (g, children) =>
      withPlace(g, {
        ...sum(
          { key: g.key, name: g.name ?? g.key, label: countLabel(subscript(g, g.key)) },
          children,
        ),
        ...(g.inline ? { inline: true } : {}),
      }),
    repeat: (r, child) =>
      withPlace(
        r,
        repeat(
          {
            key: r.key,
            name: r.name ?? r.key,
            label: countLabel(subscript(r, r.key)),
            ...(r.note ? { note: r.note } : {}),
            ...(r.listKey ? { listKey: r.listKey } : {}),
            ...(r.indexAs ? { indexAs: r.indexAs } : {}),
            ...(r.activeCount ? { activeCount: r.activeCount } : {}),
            ...(r.stored ? { stored: r.stored } : {}),
          },
          r.count,
          child,
        ),
      ),
    leaf: (leaf) => withPlace(leaf, build(leaf)),
  });
}

/** A part with its declaration's role and PyTorch path, when it states them. */
const withPlace = (m: ModuleSpec, part: Part): Part => ({
  ...part,
  ...(m.role ? { role: m.role } : {}),
  ...(m.path ? { path: m.path } : {}),
});

const subscript = (m: ModuleSpec, fallback: string) => m.label ?? fallback;

function build(m: LeafSpec): Part {
  const name = m.name ?? m.key;
  switch (m.kind) {
    case 'tensor':
      return tensor({ key: m.key, name, label: countLabel(subscript(m, m.key), 'T') }, m.shape);
    case 'embedding':
      return embeddingTable({ key: m.key, name, tag: subscript(m, m.key) }, m.rows, m.dim);
    case 'linear':
      return linear(
        { key: m.key, name, tag: subscript(m, m.key), ...(m.conv1d ? { conv1d: true } : {}) },
        m.in,
        m.out,
        m.bias,
      );
    case 'conv':
      return conv({ key: m.key, name, tag: subscript(m, m.key) }, m.in, m.out, m.kernel, m.bias);
    case 'norm': {
      const identity = {
        key: m.key,
        name: m.name ?? (m.type === 'rmsnorm' ? 'RMSNorm' : 'LayerNorm'),
        tag: subscript(m, m.key),
      };
      return m.type === 'rmsnorm'
        ? rmsNorm(identity, m.dim, { affine: m.affine ?? true })
        : layerNorm(identity, m.dim, { affine: m.affine ?? true, bias: m.bias ?? true });
    }
    case 'attention':
      return attention({
        key: m.key,
        name: m.name ?? 'self-attention',
        tag: subscript(m, 'attn'),
        d: m.d,
        bias: m.bias,
        ...(m.heads && m.headDim
          ? {
              heads: {
                queryHeads: m.heads,
                keyValueHeads: m.kvHeads ?? m.heads,
                headDim: m.headDim,
              },
            }
          : {}),
        keys: { q: 'q_proj', k: 'k_proj', v: 'v_proj', o: 'o_proj', ...m.keys },
        ...(m.qkNorm ? { qkNorm: m.qkNorm } : {}),
        ...(m.sinks ? { sinks: m.sinks } : {}),
      });
    case 'mlp': {
      const part = feedForward({
        key: m.key,
        d: m.d,
        dFF: m.dFF,
        gated: m.gated,
        bias: m.bias,
        ...(m.keys ? { keys: m.keys } : {}),
      });
      return {
        ...part,
        name: m.name ?? part.name,
        label: countLabel(subscript(m, 'FFN')),
        ...(m.inline ? { inline: true } : {}),
      };
    }
    case 'moe': {
      const part = mixtureOfExperts({
        key: m.key,
        d: m.d,
        experts: m.experts,
        expert: m.expert,
        routerBias: m.routerBias ?? false,
        ...(m.shared ? { shared: m.shared } : {}),
        sharedGate: m.sharedGate ?? false,
        ...(m.topK ? { topK: m.topK } : {}),
        ...(m.routerPath ? { routerPath: m.routerPath } : {}),
        ...(m.fusedExperts ? { fusedExperts: m.fusedExperts } : {}),
      });
      return {
        ...part,
        label: countLabel(subscript(m, 'MoE')),
        ...(m.inline ? { inline: true } : {}),
      };
    }
    case 'shared':
      return empty({ key: m.key, name, label: countLabel(subscript(m, m.key)) }, m.reason);
  }
}
