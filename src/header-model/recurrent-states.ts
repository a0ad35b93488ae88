import { mul } from '../expr/nodes.js';
import type { ModuleSpec, RecurrentStateSpec } from '../models/spec/model-spec.js';

/** Where a stack's recurrent layers keep their mixer: the module names the lineages give it. */
const mixerName = /^(mamba|mixer|linear_attn|conv|short_conv|shortconv)$/;

/**
 * What a stack read from a header keeps a sequence, whatever its length, as far as shapes say it:
 * a causal depthwise convolution (`conv1d` `[C, 1, k]`: Mamba, Gated DeltaNet, LFM2's short
 * convolution) keeps its last `k` inputs of `C` channels, as transformers' caches keep them; a
 * Mamba-1 scan (`A_log` `[d_inner, d_state]`) keeps `d_inner·d_state`. A scan whose state its
 * shapes do not give (Mamba-2's and DeltaNet's `A_log` is one value a head) is left out (the
 * README says so): its size needs the family's head layout.
 */
export function recurrentStates(modules: readonly ModuleSpec[]): RecurrentStateSpec[] {
  const entries: RecurrentStateSpec[] = [];
  const visit = (module: ModuleSpec) => {
    if (module.role === 'tower') return;
    if (module.kind === 'group') module.children.forEach(visit);
    if (module.kind !== 'repeat' || module.child.kind !== 'group') return;
    const mixer = module.child.children.find((c) => mixerName.test(c.key) && c.kind === 'group');
    if (mixer?.kind !== 'group') return;
    const conv = mixer.children.find((c) => c.kind === 'conv' && c.kernel.length === 1);
    if (conv?.kind === 'conv' && conv.in.kind === 'num' && conv.in.value === 1n)
      entries.push({
        name: 'conv',
        layers: module.count,
        channels: conv.out,
        kernel: conv.kernel[0]!,
      });
    const scan = mixer.children.find((c) => c.kind === 'tensor' && c.key === 'A_log');
    if (scan?.kind === 'tensor' && scan.shape.length === 2)
      entries.push({ name: 'ssm', layers: module.count, perSequence: mul(...scan.shape) });
  };
  modules.forEach(visit);
  return entries;
}
