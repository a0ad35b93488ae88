import { type Expr, mul } from '../expr/nodes.js';
import type { ModuleSpec, RecurrentStateSpec } from '../models/spec/model-spec.js';

/** Where a stack's recurrent layers keep their mixer: the module names the lineages give it. */
const mixerName = /^(mamba|mixer|linear_attn|conv|short_conv|shortconv)$/;

/**
 * Scans that keep a matrix a head, by their mixer's name: its rows are the head's share of the
 * output projection's input, its columns the width a config field gives. Gated DeltaNet
 * (`linear_attn`) keeps `[n_lv, d_lk, d_lv]`, transformers' `recurrent_states`; Mamba-2
 * (`mixer`, `mamba`) keeps `[n_ssm, d_ssm, d_state]`, its `ssm_states`.
 */
const headScans: ReadonlyArray<{ mixer: RegExp; symbol: string; fields: readonly string[] }> = [
  { mixer: /^linear_attn$/, symbol: 'd_lk', fields: ['linear_key_head_dim'] },
  {
    mixer: /^(mixer|mamba)$/,
    symbol: 'd_state',
    fields: ['state_size', 'mamba_d_state', 'ssm_state_size'],
  },
];

/**
 * What a stack read from a header keeps a sequence, whatever its length, as far as shapes say it:
 * a causal depthwise convolution (`conv1d` `[C, 1, k]`: Mamba, Gated DeltaNet, LFM2's short
 * convolution) keeps its last `k` inputs of `C` channels, as transformers' caches keep them; a
 * Mamba-1 scan (`A_log` `[d_inner, d_state]`) keeps `d_inner·d_state`. A scan of one `A_log` a
 * head (Mamba-2, Gated DeltaNet) keeps a matrix a head: its heads' widths (the output
 * projection's input) times the width the config gives in `headScans`; without it, none is said.
 */
export function recurrentStates(
  modules: readonly ModuleSpec[],
  /** The config's size among `fields`, as a symbol, or undefined. */
  configSize: (symbol: string, fields: readonly string[]) => Expr | undefined,
): RecurrentStateSpec[] {
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
    const out = mixer.children.find((c) => c.kind === 'linear' && c.key === 'out_proj');
    if (scan?.kind === 'tensor' && scan.shape.length === 1 && out?.kind === 'linear') {
      const rule = headScans.find((r) => r.mixer.test(mixer.key));
      const width = rule && configSize(rule.symbol, rule.fields);
      if (width)
        entries.push({ name: 'ssm', layers: module.count, perSequence: mul(out.in, width) });
    }
  };
  modules.forEach(visit);
  return entries;
}
