import { label, upright, type Expr } from '../expr/nodes.js';
import { countLabel, empty, sum, tensor, type Part } from './part.js';

/** Where a norm sits in its parent. */
export interface NormIdentity {
  key: string;
  name?: string;
  /** Subscript of its label, `LN` by default (`LN_1` for the first of several). */
  tag?: string;
}

/** `nn.LayerNorm`'s switches: affine at all, and with a bias. */
export interface LayerNormOptions {
  /** `elementwise_affine`: without it the norm has no parameters at all. */
  affine?: boolean;
  /** PyTorch ≥ 2.1 `bias`: without it only the scale γ is learned. */
  bias?: boolean;
}

/** LayerNorm over `d`: scale γ and shift β, `2d`; `d` without bias; 0 without affine. */
export function layerNorm(identity: NormIdentity, d: Expr, options: LayerNormOptions = {}): Part {
  const tag = identity.tag ?? 'LN';
  const id = {
    key: identity.key,
    name: identity.name ?? 'LayerNorm',
    label: countLabel(tag),
    role: 'norm' as const,
  };
  if (options.affine === false)
    return empty(id, 'no learnable scale or shift (elementwise_affine=False)');
  const gamma = tensor({ key: 'weight', name: 'scale γ', label: label('γ', upright(tag)) }, [d]);
  const beta = tensor({ key: 'bias', name: 'shift β', label: label('β', upright(tag)) }, [d]);
  return sum(id, options.bias === false ? [gamma] : [gamma, beta]);
}

/** RMSNorm over `d`: a scale γ only, `d`. */
export function rmsNorm(identity: NormIdentity, d: Expr, options: { affine?: boolean } = {}): Part {
  const tag = identity.tag ?? 'RMS';
  const id = {
    key: identity.key,
    name: identity.name ?? 'RMSNorm',
    label: countLabel(tag),
    role: 'norm' as const,
  };
  if (options.affine === false) return empty(id, 'no learnable scale (elementwise_affine=False)');
  return sum(id, [
    tensor({ key: 'weight', name: 'scale γ', label: label('γ', upright(tag)) }, [d]),
  ]);
}
