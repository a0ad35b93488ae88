import { label, type Expr } from '../expr/nodes.js';
import { countLabel, sum, tensor, type Role, type SumPart } from './part.js';

/** Where a convolution sits: its key, what it is, and the subscript of its labels. */
export interface ConvIdentity {
  key: string;
  name: string;
  role?: Role;
  tag: string;
}

/**
 * `nn.Conv1d` / `nn.Conv2d`: a weight of shape `(out, in / groups, k₁, …)` and, with bias, a
 * vector of `out` (PyTorch's documented shapes). `inPerGroup` is `in_channels / groups`, which is
 * `in_channels` itself for an ordinary convolution.
 */
export function conv(
  identity: ConvIdentity,
  inPerGroup: Expr,
  outChannels: Expr,
  kernel: readonly Expr[],
  bias: boolean,
): SumPart {
  const weight = tensor(
    {
      key: 'weight',
      name: `${identity.name} weight`,
      label: label('W', identity.tag),
    },
    [outChannels, inPerGroup, ...kernel],
  );
  const biasVector = tensor(
    { key: 'bias', name: `${identity.name} bias`, label: label('b', identity.tag) },
    [outChannels],
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
