import { kvEngineTitles } from '../../analysis/kv-engines.js';
import { fill, type Locale } from '../../i18n/locale.js';
import { weightTypes } from '../../analysis/memory.js';
import type { ModelFigure, ModelFigures } from '../../requests/model-figures.js';
import { decimalRatio, formatCount, scientific } from '../../render/numbers.js';
import { alignedTex, tex, text } from '../../printers/notation.js';
import { count, plainDerivation, type Count } from './count.js';
import { optimizers } from '../../analysis/training.js';
import { chinchillaTokensPerParameter } from '../../analysis/compute.js';
import { cacheTypes, type CacheType } from '../../analysis/kv-cache.js';
import type { Derivation } from '../../derive/steps.js';

/** A memory or compute figure: what it is, the convention it follows, its derivation and its value with a unit. */
export interface FigureRow {
  key: string;
  name: string;
  convention: string;
  alignedTex: string;
  /** The same derivation as plain text lines, the way the CLI prints it (80 columns). */
  alignedText: string;
  steps: Array<{ kind: string; tex: string; text: string }>;
  value?: Count;
  /** The unit's name in this language: bytes, FLOPs, tokens. */
  unit: string;
  /** The value as people read it: `12.55 GiB = 13.48 GB`, `1.89 × 10^8`. */
  human?: string;
  /** A roofline's bound in words, for a row whose figure is a bound, not a count: `at most 74.76 tokens/s`. */
  bound?: string;
}

/** What a row's value counts: a figure's unit, or LoRA's parameters. */
export type FigureUnit = ModelFigure['unit'] | 'parameters';

/** Memory and compute, in this language: each figure's name, the convention it follows, its steps and value. */
export function figureRows(
  figures: ModelFigures | undefined,
  t: Locale,
): { figures?: { memory: FigureRow[]; compute: FigureRow[] } } {
  if (!figures) return {};
  const spec = weightTypes[figures.dtype];
  const bytesOf = (bits: number) => `${bits / 8} ${bits === 8 ? t.units.byte : t.units.bytes}`;
  // Every figure a caption states comes from the tables the derivations use: what a weight-only
  // type keeps wide and what mixed precision trains in are 16-bit (bf16), Adam's state K bytes.
  const wide = weightTypes.bf16.bits;
  const values = {
    context: formatCount(figures.context),
    dtype: figures.dtype,
    bytes: bytesOf(spec.bits),
    keptBits: String(wide),
    keptBytes: bytesOf(wide),
    mixedBits: String(wide),
    mixedBytes: String(wide / 8),
    adamBytes: String(optimizers.adam.k),
    tokensPerParameter: String(chinchillaTokensPerParameter),
  };
  // The cache's captions name its own type, which may differ from the weights'.
  const cacheValues = {
    ...values,
    engine: figures.engine
      ? fill(t.figures.engineNote, { engine: kvEngineTitles[figures.engine] })
      : '',
    dtype: figures.kvDtype,
    bytes: bytesOf(cacheElementBits(figures.kvDtype)),
  };
  const row = (f: ModelFigure): FigureRow => {
    // A weight-only quantized type narrows the linear layers alone: its caption says so.
    const words = t.figures[f.key === 'weights' && 'narrows' in spec ? 'weightsNarrowed' : f.key];
    const cacheKey = f.key === 'kvPerToken' || f.key === 'kvContext' || f.key === 'recurrentState';
    const own = cacheKey ? cacheValues : values;
    return derivedRow(
      f.key,
      fill(words?.name ?? f.key, own),
      fill(words?.convention ?? '', own),
      f.derivation,
      f.unit,
      t,
    );
  };
  return { figures: { memory: figures.memory.map(row), compute: figures.compute.map(row) } };
}

/** The bits of a cache element, for its caption (the cache table gives bytes a byte-wide element). */
export const cacheElementBits = (type: CacheType): number =>
  (cacheTypes[type].bytes * 8) / cacheTypes[type].block;

/** A figure's row from its derivation: its words, its steps in TeX and text, its value and unit. */
export function derivedRow(
  key: string,
  name: string,
  convention: string,
  derivation: Derivation,
  unit: FigureUnit,
  t: Locale,
): FigureRow {
  const value = derivation.value;
  return {
    key,
    name,
    convention,
    alignedTex: alignedTex(derivation),
    get alignedText() {
      return plainDerivation(derivation);
    },
    unit: t.units[unit] ?? unit,
    steps: derivation.steps.map((s) => ({ kind: s.kind, tex: tex(s.expr), text: text(s.expr) })),
    ...(value !== undefined ? { value: count(value), human: humanUnit(value, unit) } : {}),
  };
}

/** Bytes in binary units (KiB … GiB, and GB beside GiB), FLOPs and tokens in powers of ten. */
export function humanUnit(value: bigint, unit: FigureUnit): string {
  // (from the integers: a float made 10^400 bytes `Infinity GiB`)
  if (unit === 'bytes') {
    if (value >= 2n ** 30n)
      return `${decimalRatio(value, 2n ** 30n, 2)} GiB = ${decimalRatio(value, 10n ** 9n, 2)} GB`;
    return value >= 2n ** 20n
      ? `${decimalRatio(value, 2n ** 20n, 2)} MiB`
      : `${decimalRatio(value, 2n ** 10n, 2)} KiB`;
  }
  const { mantissa, exponent } = scientific(value, 2);
  return `${mantissa} × 10^${exponent}`;
}
