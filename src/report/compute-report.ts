import type { ComputeFigures } from '../analysis/compute.js';
import { alignedText, derivationLines, terminalWidth } from './notation.js';
import type { Report } from './report.js';
import { wrapWords } from './text.js';

/** A FLOP count for people: exact, and in scientific notation. */
const flops = (value: bigint | undefined) => (value === undefined ? '' : `   (${Number(value).toExponential(3)})`);

/** The compute figures for terminals: each derivation with its convention named. */
export function computeText(report: Report, figures: ComputeFigures, width = terminalWidth()): string {
  const lines = [report.title, ''];
  const section = (title: string, convention: string, derivation: ComputeFigures['forward']) => {
    lines.push(title, ...wrapWords(convention, width - 2).map((l) => `  ${l}`), ...alignedText(derivation, width - 2).map((l) => `  ${l}`));
    const last = lines.pop()!;
    lines.push(`${last}${flops(derivation.value)}`, '');
  };
  section('Forward FLOPs a token', 'Kaplan et al. 2020, Table 1: 2N + 2·n_layer·n_ctx·d_attn (N: non-embedding parameters, active ones for MoE)', figures.forward);
  if (figures.training) section('Training FLOPs', 'C ≈ 6·N·D (Kaplan et al. 2020; N as above, D training tokens)', figures.training);
  section('Compute-optimal tokens', 'Hoffmann et al. 2022 (Chinchilla): about 20 tokens a parameter, all parameters counted', figures.chinchillaTokens);
  return lines.join('\n');
}

/** The compute figures as JSON: decimal strings, with each derivation. */
export function computeJson(report: Report, figures: ComputeFigures): Record<string, unknown> {
  const value = (d: ComputeFigures['forward'] | undefined) => d?.value?.toString();
  return {
    target: report.subject.id,
    ...(value(figures.forward) ? { forward_flops_per_token: value(figures.forward) } : {}),
    ...(value(figures.training) ? { training_flops: value(figures.training) } : {}),
    ...(value(figures.chinchillaTokens) ? { chinchilla_tokens: value(figures.chinchillaTokens) } : {}),
    derivations: {
      forward_flops_per_token: derivationLines(figures.forward),
      ...(figures.training ? { training_flops: derivationLines(figures.training) } : {}),
      chinchilla_tokens: derivationLines(figures.chinchillaTokens),
    },
  };
}
