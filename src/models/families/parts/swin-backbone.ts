import { fieldError } from '../../../errors/user-error.js';
import type { Expr } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec } from '../../spec/model-spec.js';

/**
 * The stages a backbone puts out, as SwinConfig aligns them (get_aligned_output_features_output_
 * indices over `stage_names` = stem, stage1, …): `out_features` by name, else `out_indices` (a
 * negative one counts from the end, as Python's), else the last stage alone.
 */
export function outStages(config: ConfigFields, stageCount: number): number[] {
  const names = ['stem', ...Array.from({ length: stageCount }, (_, i) => `stage${i + 1}`)];
  const features = config.value('out_features');
  if (Array.isArray(features) && features.length > 0)
    return features.map((name) => {
      const at = typeof name === 'string' ? names.indexOf(name) : -1;
      if (at < 0) throw fieldError('out_features', features, `names among ${names.join(', ')}`);
      return at;
    });
  const indices = config.value('out_indices');
  if (Array.isArray(indices) && indices.length > 0)
    return indices.map((index) => {
      const at = Number.isInteger(index) ? (index < 0 ? names.length + index : index) : -1;
      if (at < 0 || at >= names.length)
        throw fieldError('out_indices', indices, `indices into the ${names.length} stages`);
      return at;
    });
  return [names.length - 1];
}

/**
 * SwinBackbone's `hidden_states_norms`: an nn.ModuleDict of a LayerNorm for each stage it puts out,
 * over that stage's channels (`stem` has the embedding width, stage i its own width d_i).
 */
export function hiddenStateNorms(config: ConfigFields, widths: readonly Expr[]): ModuleSpec {
  return {
    kind: 'group',
    key: 'hidden_states_norms',
    name: 'output feature norms',
    label: 'out norms',
    children: outStages(config, widths.length).map((stage) => ({
      kind: 'norm',
      type: 'layernorm',
      key: stage === 0 ? 'stem' : `stage${stage}`,
      label: stage === 0 ? 'LN stem' : `LN out ${stage}`,
      dim: widths[Math.max(stage - 1, 0)]!,
      role: 'norm',
    })),
  };
}
