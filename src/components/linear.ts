import { label, type Expr } from '../expr/nodes.js';
import { countLabel, sum, tensor, type Role, type SumPart } from './part.js';

/** Where a linear layer sits: its key, what it is, and the subscript of its labels. */
export interface LinearIdentity {
  key: string;
  name: string;
  role?: Role;
  /** Subscript for `P_x`, `W_x` and `b_x`. */
  tag: string;
  /** GPT-2's `Conv1D`: the same parameters, stored `[in, out]` rather than nn.Linear's `[out, in]`. */
  conv1d?: boolean;
}

/** `nn.Linear(in, out, bias)`: a weight of `in·out` and, with bias, a vector of `out`. */
export function linear(
  identity: LinearIdentity,
  inFeatures: Expr,
  outFeatures: Expr,
  bias: boolean,
): SumPart {
  const weight = tensor(
    {
      key: 'weight',
      name: `${identity.name} weight`,
      label: label('W', identity.tag),
      matrix: true,
      storage: { transposed: !identity.conv1d },
    },
    [inFeatures, outFeatures],
  );
  const biasVector = tensor(
    { key: 'bias', name: `${identity.name} bias`, label: label('b', identity.tag) },
    [outFeatures],
  );
  return sum(
    {
      key: identity.key,
      name: identity.name,
      label: countLabel(identity.tag),
      ...(identity.role ? { role: identity.role } : {}),
    },
    bias ? [weight, biasVector] : [weight],
  );
}
