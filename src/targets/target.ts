import type { Bindings } from '../expr/evaluate.js';
import type { Part } from '../components/part.js';
import type { Arguments, ParameterSpec } from './parameters.js';

/** What a target builds from its arguments: the breakdown tree and the values known for its symbols. */
export interface Built {
  readonly part: Part;
  readonly bindings: Bindings;
}

/** Something `tparams derive` can derive: a component or a PyTorch module, declared with its arguments. */
export interface Target {
  readonly id: string;
  readonly group: 'component' | 'torch';
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  build(args: Arguments): Built;
}
