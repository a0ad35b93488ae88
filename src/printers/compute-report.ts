import type { ComputeFigures } from '../analysis/compute.js';
import { exponential } from '../render/numbers.js';
import { alignedText, derivationLines, terminalWidth } from './notation.js';
import type { Report } from '../report/report.js';
import { wrapWords } from './report-text.js';

/** A FLOP count for people: exact, and in scientific notation. */
const flops = (value: bigint | undefined) =>
  value === undefined ? '' : `   (${exponential(value, 3)})`;

/** The compute figures for terminals: each derivation with its convention named. */
export function computeText(
  report: Report,
  figures: ComputeFigures,
  width = terminalWidth(),
): string {
  const lines = [report.title, ''];
  const section = (
    title: string,
    convention: string,
    derivation: ComputeFigures['chinchillaTokens'],
  ) => {
    lines.push(
      title,
      ...wrapWords(convention, width - 2).map((l) => `  ${l}`),
      ...alignedText(derivation, width - 2).map((l) => `  ${l}`),
    );
    const last = lines.pop()!;
    lines.push(`${last}${flops(derivation.value)}`, '');
  };
  if (figures.forward)
    section(
      'Forward FLOPs per token',
      'Kaplan et al. 2020, Table 1: 2N + 2·n_layer·n_ctx·d_attn (N: non-embedding parameters, active ones for MoE)',
      figures.forward,
    );
  if (figures.perTokenWhy)
    lines.push(...wrapWords(`FLOPs per token: ${figures.perTokenWhy}.`, width), '');
  if (figures.perImage)
    section(
      'Forward FLOPs per image (vision tower and projector)',
      "Kaplan's form over the image's n_img patch tokens: 2·N_img + 2·L_vis·n_img·d_vis a token (N_img: the tower's and projector's parameters, the projector counted a patch: an upper bound where it merges patches)",
      figures.perImage,
    );
  if (figures.training)
    section(
      'Training FLOPs',
      'C ≈ 6·N·D (Kaplan et al. 2020; N as above, D training tokens)',
      figures.training,
    );
  if (figures.palmPerToken)
    section(
      'Training FLOPs per token with attention',
      'Chowdhery et al. 2022 (PaLM), Appendix B: 6N + 12·L·H·Q·T (H·Q = n_h·d_h, T the sequence; N as above — implementations differ on N, nanoGPT counts its tied token embedding)',
      figures.palmPerToken,
    );
  if (figures.palmTraining)
    section('Training FLOPs, PaLM', 'the same over D training tokens', figures.palmTraining);
  if (figures.megatronIteration)
    section(
      'FLOPs per iteration, Megatron',
      'Narayanan et al. 2021, eq. 3: 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)) for B sequences of s = n_ctx tokens, activations recomputed (72 instead of 96 without), a GPT layer of width h = d_model',
      figures.megatronIteration,
    );
  section(
    'Compute-optimal tokens',
    'Hoffmann et al. 2022 (Chinchilla): about 20 tokens per parameter, all parameters counted',
    figures.chinchillaTokens,
  );
  return lines.join('\n');
}

/** The compute figures as JSON: decimal strings, with each derivation. */
export function computeJson(report: Report, figures: ComputeFigures): Record<string, unknown> {
  const value = (d: ComputeFigures['forward'] | undefined) => d?.value?.toString();
  return {
    target: report.subject.id,
    ...(value(figures.forward) ? { forward_flops_per_token: value(figures.forward) } : {}),
    ...(value(figures.training) ? { training_flops: value(figures.training) } : {}),
    ...(value(figures.perImage) ? { forward_flops_per_image: value(figures.perImage) } : {}),
    ...(figures.perTokenWhy ? { per_token_not_given: figures.perTokenWhy } : {}),
    ...(value(figures.chinchillaTokens)
      ? { chinchilla_tokens: value(figures.chinchillaTokens) }
      : {}),
    ...(value(figures.palmPerToken)
      ? { training_flops_per_token_palm: value(figures.palmPerToken) }
      : {}),
    ...(value(figures.palmTraining) ? { training_flops_palm: value(figures.palmTraining) } : {}),
    ...(value(figures.megatronIteration)
      ? { megatron_flops_per_iteration: value(figures.megatronIteration) }
      : {}),
    derivations: {
      ...(figures.forward ? { forward_flops_per_token: derivationLines(figures.forward) } : {}),
      ...(figures.training ? { training_flops: derivationLines(figures.training) } : {}),
      ...(figures.perImage ? { forward_flops_per_image: derivationLines(figures.perImage) } : {}),
      ...(figures.palmPerToken
        ? { training_flops_per_token_palm: derivationLines(figures.palmPerToken) }
        : {}),
      ...(figures.palmTraining
        ? { training_flops_palm: derivationLines(figures.palmTraining) }
        : {}),
      ...(figures.megatronIteration
        ? { megatron_flops_per_iteration: derivationLines(figures.megatronIteration) }
        : {}),
      chinchilla_tokens: derivationLines(figures.chinchillaTokens),
    },
  };
}
