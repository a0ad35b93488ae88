import { activeFacts } from '../analysis/active.js';
import { approximations } from '../analysis/approximations.js';
import { stackCountSymbols } from '../analysis/layer-count.js';
import type { ModelShape } from '../models/spec/model-spec.js';
import { factoringRules } from '../derive/notation-rules.js';
import { StructuredForms } from '../derive/structure.js';
import { tableOrder } from '../symbols/table.js';
import { nonEmbedding, roleTotals } from '../analysis/role-totals.js';
import { loadModel, type ModelRequest } from '../models/load-model.js';
import { composeModel, composeModule } from '../models/spec/compose.js';
import { countLabel, sum } from '../components/part.js';
import { derive } from '../derive/derive.js';
import type { ModelSpec } from '../models/spec/model-spec.js';
import { reportOf, type LeftOut, type Report } from '../report/report.js';
import { formulaOf } from '../components/part.js';
import { UserError } from '../errors/user-error.js';
import { termsBound } from '../expr/bounds.js';
import { limits } from '../limits.js';

/** Derives a whole model from a config (file or preset), with non-embedding count, shares and approximations. */
export function deriveModel(request: ModelRequest & { title?: string }): Report {
  const loaded = loadModel(request);
  return modelReport(loaded.spec, request.title ?? `${loaded.className} (${request.source})`, {
    modelType: loaded.modelType,
    className: loaded.className,
    source: loaded.source,
  });
}

/** The report of a model declaration, from a family or from a `--spec` file. */
export function modelReport(
  spec: ModelSpec,
  title: string,
  origin: { modelType: string; className: string; source: string },
): Report {
  const part = composeModel(spec);
  // A spec's formulas, multiplied together, could expand past what a reader can use (or wait for):
  // bounded before anything is expanded.
  const terms = termsBound(formulaOf(part));
  if (terms > limits.modelTerms) {
    throw new UserError(
      `${origin.source}: the count would expand to ${terms > 1e12 ? terms.toExponential(1) : Math.round(terms).toLocaleString('en-US')} terms, above the limit of ${limits.modelTerms.toLocaleString('en-US')}: simplify the sizes' formulas`,
      { field: 'modules' },
    );
  }
  const base = reportOf(title, { kind: 'model', id: origin.source }, part, spec.sizes);
  const total = base.total ?? 0n;
  const roles = roleTotals(base.tree, spec.sizes);
  // L_dense is part of L when L is bound (DeepSeek); the other stacks split the text layers
  // (the towers' L_text and L_vis are not the approximations' layers).
  const layers = [
    'L',
    ...stackCountSymbols.filter(
      (s) => s !== 'L_text' && s !== 'L_vis' && (s !== 'L_dense' || spec.sizes.L === undefined),
    ),
  ].reduce((n, s) => n + (spec.sizes[s] ?? 0n), 0n);
  const inputs = {
    shape: spec.shape ?? shapeOf(spec.sizes),
    layers,
    width: spec.sizes.d_model ?? 0n,
    vocab: spec.sizes.V ?? 0n,
    sequence: spec.sizes.P ?? spec.contextLength ?? 0n,
  };
  return {
    ...base,
    ...(spec.symbols ? { symbols: spec.symbols } : {}),
    model: {
      ...origin,
      nonEmbedding: nonEmbedding(total, roles.totals),
      roles: roles.totals,
      approximations: approximations(total, roles, inputs),
      active: activeFacts(part, spec.sizes, new StructuredForms(factoringRules(tableOrder))),
      ...(spec.contextLength ? { contextLength: spec.contextLength } : {}),
      ...(spec.kvCache ? { kvCache: spec.kvCache } : {}),
      ...(spec.recurrentState ? { recurrentState: spec.recurrentState } : {}),
      ...(spec.checkpointRenames ? { checkpointRenames: spec.checkpointRenames } : {}),
      ...(spec.imageTower ? { imageTower: spec.imageTower } : {}),
      ...(spec.attentionHeads ? { attentionHeads: spec.attentionHeads } : {}),
      ...(spec.leftOut ? { leftOut: leftOutOf(spec) } : {}),
    },
  };
}

/**
 * Each left-out group derived with the model's sizes and closed forms, its parts named as the model
 * names them (the MTP's decoder layer is `P_moe-layer`, the same count), its own label kept apart.
 */
function leftOutOf(spec: ModelSpec): LeftOut[] {
  const forms = new StructuredForms(factoringRules(tableOrder));
  return (spec.leftOut ?? []).map((l) => {
    // One module is the count itself, under the left-out label (no `P_MTP = P_MTP_layer` step).
    const part =
      l.modules.length === 1
        ? { ...composeModule(l.modules[0]!), key: l.key, name: l.name, label: countLabel(l.label) }
        : sum(
            { key: l.key, name: l.name, label: countLabel(l.label) },
            l.modules.map(composeModule),
          );
    return {
      key: l.key,
      name: l.name,
      reason: l.reason,
      part,
      derivation: derive(part, { bindings: spec.sizes, order: tableOrder, forms }),
      ...(l.checkpointPrefix ? { checkpointPrefix: l.checkpointPrefix } : {}),
    };
  });
}

/** A model's shape from its symbols, when its family does not say: two stacks, or no vocabulary. */
function shapeOf(sizes: ModelSpec['sizes']): ModelShape {
  if (sizes.L_enc !== undefined && sizes.L_dec !== undefined) return 'encoder-decoder';
  return sizes.V === undefined ? 'vision' : 'text';
}
