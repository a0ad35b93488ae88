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
  const part = build(m);
  return { ...part, ...(m.role ? { role: m.role } : {}), ...(m.path ? { path: m.path } : {}) };
}

const subscript = (m: ModuleSpec, fallback: string) => m.label ?? fallback;

function build(m: ModuleSpec): Part {
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
      return { ...part, label: countLabel(subscript(m, 'MoE')) };
    }
    case 'group':
      return {
        ...sum(
          { key: m.key, name, label: countLabel(subscript(m, m.key)) },
          m.children.map(composeModule),
        ),
        ...(m.inline ? { inline: true } : {}),
      };
    case 'repeat':
      return repeat(
        {
          key: m.key,
          name,
          label: countLabel(subscript(m, m.key)),
          ...(m.note ? { note: m.note } : {}),
          ...(m.listKey ? { listKey: m.listKey } : {}),
          ...(m.indexAs ? { indexAs: m.indexAs } : {}),
        },
        m.count,
        composeModule(m.child),
      );
    case 'shared':
      return empty({ key: m.key, name, label: countLabel(subscript(m, m.key)) }, m.reason);
  }
}
