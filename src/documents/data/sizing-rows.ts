import type { TargetModules } from '../../analysis/lora-match.js';
import { fill, type Locale } from '../../i18n/locale.js';
import { percentText } from '../../printers/lora-report.js';
import { formatCount } from '../../render/numbers.js';
import type { Fits } from '../../requests/fits.js';
import type { ModelFigures } from '../../requests/model-figures.js';
import { derivedRow, type FigureRow } from './figure-rows.js';
import { rooflineRows } from './roofline-rows.js';

/** What fits on the GPUs, as a two-column table: what was searched, and the answer. */
export interface FitsRows {
  name: string;
  convention: string;
  rows: Array<{ name: string; value: string }>;
}

/** The sizing part of a document: fine-tuning rows, and with GPUs the speed rows and the fits. */
export interface SizingRows {
  fineTuning: FigureRow[];
  /** The heading over the speed rows and fits: `Serving on 1 × RTX 4090`. */
  serving?: string;
  speed: FigureRow[];
  fits?: FitsRows;
}

/** The targets in words: the names, the pattern, or all-linear. */
function targetsText(targets: TargetModules, t: Locale): string {
  switch (targets.kind) {
    case 'names':
      return targets.names.join(', ');
    case 'regex':
      return fill(t.lora.regex, { pattern: targets.pattern });
    case 'all-linear':
      return t.lora.allLinear;
  }
}

/** LoRA's trainable count and QLoRA's memory at the rank, each with its convention in words. */
function fineTuningRows(figures: ModelFigures, t: Locale, modelType: string): FigureRow[] {
  const { lora, qlora } = figures.sizing;
  if (!lora) return [];
  const w = t.sizing;
  const { count } = lora;
  const rank = formatCount(count.rank);
  const trainable = derivedRow(
    'lora',
    fill(w.lora.name, { rank }),
    fill(w.lora.convention, {
      targets: targetsText(lora.targets, t),
      from: lora.targetsFrom === 'peft' ? fill(w.fromPeft, { modelType }) : '',
      alpha: String(count.alpha),
      percent: `${percentText(count.percent)} %`,
      all: count.total.value === undefined ? '?' : formatCount(count.total.value),
    }),
    // The adapters' own derivation says r·(in + out); with copies, the sum of both is the count.
    count.copies ? count.trainable : count.adapters,
    'parameters',
    t,
  );
  // (set, not spread: a spread would read the getter and break every line of the text now)
  trainable.human = `trainable%: ${percentText(count.percent)}`;
  const rows = [trainable];
  if (qlora)
    rows.push(
      derivedRow(
        'qlora',
        fill(w.qlora.name, { rank }),
        fill(w.qlora.convention, {
          kept: qlora.dtype,
          context: formatCount(qlora.training.sequence),
        }),
        qlora.total,
        'bytes',
        t,
      ),
    );
  return rows;
}

/** The fits in this language: the longest context, the largest batch, the widest weight type. */
function fitsRows(fits: Fits, figures: ModelFigures, t: Locale, gpus: string): FitsRows {
  const m = t.memory;
  const context = formatCount(fits.context);
  const longest = fits.longestContext;
  const longestText = !longest
    ? m.fitsNone
    : longest.tokens < longest.cap
      ? fill(longest.tokens === 1n ? m.fitsToken : m.fitsTokens, { n: formatCount(longest.tokens) })
      : fill(fits.capIsModels ? m.fitsTokensCap : m.fitsTokensSearchCap, {
          n: formatCount(longest.tokens),
        });
  const batch = fits.largestBatch;
  const batchText =
    batch === null
      ? m.fitsNone
      : fill(
          batch >= fits.maxBatch
            ? m.fitsSequencesCap
            : batch === 1n
              ? m.fitsSequence
              : m.fitsSequences,
          { n: formatCount(batch) },
        );
  const rows = [
    {
      name: fill(t.sizing.fitsAsked, { dtype: figures.dtype, context }),
      value: fill(fits.asked.fits ? m.fitsAskedYes : m.fitsAskedNo, {
        bytes: formatCount(fits.asked.bytes),
      }),
    },
    { name: fill(m.fitsLongest, { batch: '1' }), value: longestText },
    { name: fill(m.fitsLargestBatch, { context }), value: batchText },
  ];
  if (fits.bestWeightType !== undefined)
    rows.push({
      name: fill(m.fitsBestType, { context, batch: '1' }),
      value: fits.bestWeightType ?? m.fitsNone,
    });
  return {
    name: fill(t.sizing.fits.name, { gpus }),
    convention: fill(t.sizing.fits.convention, {
      capacity: formatCount(fits.capacity),
      dtype: figures.dtype,
      kvDtype: figures.kvDtype,
    }),
    rows,
  };
}

/** The sizing rows of a model's figures, in this language (none without LoRA or GPUs to show). */
export function sizingRows(
  figures: ModelFigures | undefined,
  t: Locale,
  modelType: string,
): { sizing?: SizingRows } {
  if (!figures) return {};
  const { speed, fits } = figures.sizing;
  const gpu = speed?.hardware.gpu ?? fits?.gpu;
  const gpus = gpu ? `${formatCount(gpu.count)} × ${gpu.spec.name}` : undefined;
  const sizing: SizingRows = {
    fineTuning: fineTuningRows(figures, t, modelType),
    ...(gpus ? { serving: fill(t.headings.serving, { gpus }) } : {}),
    speed: speed ? rooflineRows(speed, t) : [],
    ...(fits && gpus ? { fits: fitsRows(fits, figures, t, gpus) } : {}),
  };
  const empty = !sizing.fineTuning.length && !sizing.speed.length && !sizing.fits;
  return empty ? {} : { sizing };
}
