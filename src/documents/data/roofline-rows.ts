import type { Ratio, Roofline } from '../../analysis/roofline.js';
import { fill, type Locale } from '../../i18n/locale.js';
import { fourDigits, scaledText } from '../../printers/speed-units.js';
import { formatCount, texCount } from '../../render/numbers.js';
import type { SpeedFigures } from '../../requests/speed-request.js';
import { derivedRow, type FigureRow } from './figure-rows.js';

/** A formula in both forms a row carries: TeX for the typeset page, text for copying. */
interface Forms {
  readonly tex: string;
  readonly text: string;
}

/** The names a bound uses, in both forms: one table, so TeX and text name them alike. */
const names = {
  tStep: { tex: 't_{\\text{step}}', text: 't_step' },
  tPrefill: { tex: 't_{\\text{prefill}}', text: 't_prefill' },
  ttft: { tex: '\\mathrm{TTFT}', text: 'TTFT' },
  mStep: { tex: 'M_{\\text{step}}', text: 'M_step' },
  fPrefill: { tex: 'F_{\\text{prefill}}', text: 'F_prefill' },
  bw: { tex: '\\mathit{BW}', text: 'BW' },
  peak: { tex: 'P', text: 'P' },
  batchForward: { tex: 'B \\cdot C_{\\text{fwd}}', text: 'B·C_fwd' },
} as const satisfies Record<string, Forms>;

/** Time units, largest first: a time is written in the first whose value is at least 1. */
const timeUnits = [
  { scale: 1n, tex: '\\mathrm{s}', text: 's' },
  { scale: 1000n, tex: '\\mathrm{ms}', text: 'ms' },
  { scale: 1_000_000n, tex: '\\mu\\mathrm{s}', text: 'µs' },
] as const;

/** A time to four significant digits in the unit that reads best (`13.38 ms`). */
export function timeForms(seconds: Ratio): Forms {
  const unit =
    timeUnits.find((u) => seconds.num * u.scale >= seconds.den) ?? timeUnits[timeUnits.length - 1]!;
  const value = fourDigits({ num: seconds.num * unit.scale, den: seconds.den });
  return { tex: `${value}\\,${unit.tex}`, text: `${value} ${unit.text}` };
}

/** `a / b` in both forms: a fraction in TeX, a slash in text (parenthesised where it needs it). */
const over = (a: Forms, b: Forms): Forms => ({
  tex: `\\frac{${a.tex}}{${b.tex}}`,
  text: `${/[ ·]/.test(a.text) ? `(${a.text})` : a.text} / ${/[ ·]/.test(b.text) ? `(${b.text})` : b.text}`,
});
const maxOf = (a: Forms, b: Forms): Forms => ({
  tex: `\\max\\left(${a.tex}, ${b.tex}\\right)`,
  text: `max(${a.text}, ${b.text})`,
});
/** An exact count, and a rate in units of 10^k (`1{,}008 \cdot 10^{9}`). */
const countForms = (n: bigint): Forms => ({ tex: texCount(n), text: formatCount(n) });
const scaledForms = (n: bigint, exponent: number): Forms => {
  const digits = scaledText(n, exponent);
  return {
    tex: `${digits.replace(/,/g, '{,}')} \\cdot 10^{${exponent}}`,
    text: `${digits}·10^${exponent}`,
  };
};

/** An aligned chain `left rel first = second = …`: TeX lines for `aligned`, text lines padded alike. */
function chain(left: Forms, relation: '\\ge' | '\\le', steps: readonly Forms[]): Forms {
  const textRelation = relation === '\\ge' ? '≥' : '≤';
  const pad = ' '.repeat(left.text.length);
  return {
    tex: steps
      .map((s, i) => `${i === 0 ? `${left.tex} ` : ''}&${i === 0 ? relation : '='} ${s.tex}`)
      .join(' \\\\\n'),
    text: steps
      .map((s, i) => `${i === 0 ? left.text : pad} ${i === 0 ? textRelation : '='} ${s.text}`)
      .join('\n'),
  };
}

/** Two chains set as one derivation. */
const joined = (...chains: readonly Forms[]): Forms => ({
  tex: chains.map((c) => c.tex).join(' \\\\\n'),
  text: chains.map((c) => c.text).join('\n'),
});

/** A bound's row: no count of its own, its chain as the derivation, its bound in words. */
function boundRow(key: string, name: string, convention: string, forms: Forms, bound: string) {
  const row: FigureRow = {
    key,
    name,
    convention,
    alignedTex: forms.tex,
    alignedText: forms.text,
    steps: [],
    unit: '',
    bound,
  };
  return row;
}

/** The decode step's time: the larger of its bytes over BW and its FLOPs over P. */
function stepChain(figures: SpeedFigures): Forms {
  const { decode, hardware, step, forward } = figures;
  const bw = scaledForms(hardware.bandwidth, 9);
  const memory = over(names.mStep, names.bw);
  const memoryNumbers = over(countForms(step.value!), bw);
  if (!decode.computeSeconds || hardware.peak === undefined || forward?.value === undefined)
    return chain(names.tStep, '\\ge', [memory, memoryNumbers, timeForms(decode.seconds)]);
  const peak = scaledForms(hardware.peak, 12);
  const flops = {
    tex: `${figures.batch} \\cdot ${texCount(forward.value)}`,
    text: `${figures.batch}·${formatCount(forward.value)}`,
  };
  return chain(names.tStep, '\\ge', [
    maxOf(memory, over(names.batchForward, names.peak)),
    maxOf(memoryNumbers, over(flops, peak)),
    maxOf(timeForms(decode.memorySeconds), timeForms(decode.computeSeconds)),
    timeForms(decode.seconds),
  ]);
}

const boundWord = (r: Roofline, t: Locale) =>
  r.bound === 'memory' ? t.sizing.memoryBound : t.sizing.computeBound;

/**
 * The roofline's rows for a document, as `tparams speed` derives them: the bytes a decode step
 * reads, the step's least time and the rate it bounds, the prefill's FLOPs, and the prefill's and
 * first token's least times. Every number is the speed request's; this only writes them down.
 */
export function rooflineRows(figures: SpeedFigures, t: Locale): FigureRow[] {
  const w = t.sizing;
  const { hardware, memory, decode, firstToken } = figures;
  const spec = hardware.gpu?.spec;
  const values = {
    dtype: memory.weights.dtype,
    kvDtype: memory.kv?.dtype ?? memory.state?.dtype ?? '',
    context: formatCount(figures.context),
    bandwidth: scaledText(hardware.bandwidth, 9),
    tflops: hardware.peak === undefined ? '' : scaledText(hardware.peak, 12),
    element: hardware.element,
    source: spec ? spec.source.title : '',
  };
  const rows = [
    derivedRow(
      'stepBytes',
      w.stepBytes.name,
      fill(w.stepBytes.convention, values),
      figures.step,
      'bytes',
      t,
    ),
  ];
  const rate = { num: figures.decodeTokensPerSecond.num, den: figures.decodeTokensPerSecond.den };
  const rateChain = chain(
    { tex: `\\frac{B}{${names.tStep.tex}}`, text: `B / ${names.tStep.text}` },
    '\\le',
    [{ tex: `${fourDigits(rate)}\\,\\mathrm{s}^{-1}`, text: `${fourDigits(rate)} /s` }],
  );
  rows.push(
    boundRow(
      'decode',
      w.decode.name,
      fill(decode.computeSeconds ? w.decode.convention : w.decode.conventionMemory, values),
      joined(stepChain(figures), rateChain),
      fill(w.decodeBound, { rate: fourDigits(rate), bound: boundWord(decode, t) }),
    ),
  );
  if (figures.prefill)
    rows.push(
      derivedRow(
        'prefillFlops',
        w.prefillFlops.name,
        fill(w.prefillFlops.convention, values),
        figures.prefill,
        'FLOPs',
        t,
      ),
    );
  rows.push(firstTokenRow(figures, t, firstToken));
  return rows;
}

/** The prefill's least time (with a peak) and the first token's: the larger of it and one read. */
function firstTokenRow(figures: SpeedFigures, t: Locale, firstToken: Roofline): FigureRow {
  const w = t.sizing;
  const read = over(names.mStep, names.bw);
  const ttft = timeForms(firstToken.seconds);
  const bound = boundWord(firstToken, t);
  if (!figures.prefillSeconds || !figures.prefill?.value || figures.hardware.peak === undefined)
    return boundRow(
      'firstToken',
      w.firstToken.name,
      w.firstToken.convention,
      chain(names.ttft, '\\ge', [read, ttft]),
      fill(w.firstTokenBound, { firstToken: ttft.text, bound }),
    );
  const prefill = timeForms(figures.prefillSeconds);
  const prefillChain = chain(names.tPrefill, '\\ge', [
    over(names.fPrefill, names.peak),
    over(countForms(figures.prefill.value), scaledForms(figures.hardware.peak, 12)),
    prefill,
  ]);
  const ttftChain = chain(names.ttft, '\\ge', [
    maxOf(names.tPrefill, read),
    maxOf(prefill, timeForms(firstToken.memorySeconds)),
    ttft,
  ]);
  return boundRow(
    'firstToken',
    w.firstToken.name,
    w.firstToken.convention,
    joined(prefillChain, ttftChain),
    fill(w.prefillBound, { prefill: prefill.text, firstToken: ttft.text, bound }),
  );
}
