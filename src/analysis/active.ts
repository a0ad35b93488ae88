import { add, label, neg, qualifiedLabel, ref, type Expr, type Label } from '../expr/nodes.js';
import { evaluate, type Bindings } from '../expr/evaluate.js';
import { derive } from '../derive/derive.js';
import type { Derivation } from '../derive/steps.js';
import type { StructuredForms } from '../derive/structure.js';
import { childrenOf, countLabel, formulaOf, type Part } from '../components/part.js';

/** What a token passes through, beside the total. */
export interface ActiveFacts {
  /** The active count's derivation (MoE models): each routed-expert repeat counted `k_top` times. */
  readonly derivation?: Derivation;
  readonly value?: bigint;
  /** The active count less the input token embedding table (as DeepSeek and OpenAI report it). */
  readonly excludingEmbedding: { readonly formula: Expr; readonly value?: bigint };
}

/**
 * The model as a token sees it: every routed-expert repeat counted `k_top` times instead of `E`
 * (the router, shared experts and everything else counted whole); undefined when no repeat is
 * routed, for then every parameter is active and the active count is the total.
 */
export function activeTree(part: Part): Part | undefined {
  let routed = false;
  // A part whose count changes is named apart (`P_{base,active}`): `P_base` is the whole count.
  const active = (l: Label) => qualifiedLabel(l, { name: 'active' });
  const walk = (p: Part): Part => {
    if (p.kind === 'repeat') {
      const child = walk(p.child);
      if (p.activeCount) {
        routed = true;
        return { ...p, label: active(p.label), count: p.activeCount, child };
      }
      return child === p.child ? p : { ...p, label: active(p.label), child };
    }
    if (p.kind === 'sum') {
      const children = p.children.map(walk);
      return children.every((c, i) => c === p.children[i])
        ? p
        : { ...p, label: active(p.label), children };
    }
    return p;
  };
  const tree = walk(part);
  return routed ? { ...tree, label: countLabel('active') } : undefined;
}

/** The input token embedding tables of a tree (parts whose role is `token-embedding`). */
function tokenEmbeddings(part: Part): Part[] {
  if (part.role === 'token-embedding') return [part];
  return childrenOf(part).flatMap(tokenEmbeddings);
}

/**
 * Active counts of a model. A dense model's active count is its total (no derivation of its own);
 * a MoE model's is derived with its routed experts counted `k_top` times.
 */
export function activeFacts(part: Part, bindings: Bindings, forms: StructuredForms): ActiveFacts {
  const tree = activeTree(part) ?? part;
  const derivation =
    tree === part ? undefined : derive(tree, { bindings, order: forms.rules.order, forms });
  const embeddings = tokenEmbeddings(tree);
  const activeRef = ref(label('P', 'active'), formulaOf(tree));
  const formula = add(activeRef, ...embeddings.map((e) => neg(ref(e.label, formulaOf(e)))));
  const known = (e: Expr) => {
    try {
      return evaluate(e, bindings);
    } catch {
      return undefined;
    }
  };
  const value = known(formulaOf(tree));
  const excluding = known(formula);
  return {
    ...(derivation ? { derivation } : {}),
    ...(value !== undefined ? { value } : {}),
    excludingEmbedding: { formula, ...(excluding !== undefined ? { value: excluding } : {}) },
  };
}
