import { ratioNumber, type Ratio, type Roofline } from '../analysis/roofline.js';
import type { Derivation } from '../derive/steps.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { formatCount } from '../render/numbers.js';
import type { Report } from '../report/report.js';
import type { SpeedFigures } from '../requests/speed-request.js';
import { byteSizes } from './memory-report.js';
import { alignedText, derivationLines, terminalWidth } from './notation.js';
import { fourDigits, scaledText, timeText } from './speed-units.js';
import { hanging } from './wrap.js';

/** The sentences of `tparams speed`, from `templates/locales/en.json` (`speed`). */
const words = () => loadLocale('en').speed;

/** The GPUs' lines: how many of which, their bandwidth and peak; and where those come from. */
function gpuLines(figures: SpeedFigures, width: number): string[] {
  const w = words();
  const { hardware } = figures;
  const gpus = hardware.gpu
    ? fill(w.gpuCount, { count: formatCount(hardware.count), name: hardware.gpu.spec.name })
    : w.gpuGiven;
  const peak =
    hardware.peak === undefined
      ? ''
      : fill(hardware.peakFrom === 'option' ? w.peakGiven : w.peak, {
          tflops: scaledText(hardware.peak, 12),
          element: hardware.element,
        });
  const spec = hardware.gpu?.spec;
  const source =
    hardware.bandwidthFrom === 'option' || !spec
      ? '--bandwidth'
      : `${spec.source.title}, ${spec.source.url}`;
  return [
    ...hanging(
      fill(w.gpu, { gpus, bandwidth: scaledText(hardware.bandwidth, 9), peak }),
      width,
      '',
      '  ',
    ),
    ...hanging(fill(w.source, { source }), width, '  ', '    '),
  ];
}

const boundWord = (r: Roofline) =>
  r.bound === 'memory' ? words().memoryBound : words().computeBound;

/** `tparams speed` for terminals: the bytes and FLOPs as derivations, then the roofline's bounds. */
export function speedText(report: Report, figures: SpeedFigures, width = terminalWidth()): string {
  const w = words();
  const lines = [report.title, '', ...gpuLines(figures, width)];
  const { hardware, memory } = figures;
  if (hardware.count > 1n)
    lines.push(...hanging(fill(w.several, { count: formatCount(hardware.count) }), width, '  '));
  if (hardware.peak === undefined)
    lines.push(...hanging(fill(w.noPeak, { element: hardware.element }), width, '  '));
  const fit = figures.memoryFit;
  if (fit && !fit.fits && hardware.gpu) {
    const gpus = `${formatCount(hardware.count)} × ${hardware.gpu.spec.name}`;
    const sizes = { bytes: formatCount(fit.bytes), gpus, capacity: formatCount(fit.capacity) };
    lines.push(...hanging(fill(w.doesNotFit, sizes), width, '  '));
  }
  const indented = (d: Derivation) => alignedText(d, width - 2).map((l) => `  ${l}`);
  const bullet = (t: string) => hanging(t, width, '  · ', '    ');
  const cached = memory.kv ?? memory.state;
  const sizes = {
    dtype: memory.weights.dtype,
    kvDtype: cached?.dtype ?? '',
    context: formatCount(figures.context),
    batch: formatCount(figures.batch),
  };
  lines.push(
    '',
    ...hanging(fill(cached ? w.stepTitle : w.stepTitleWeights, sizes), width, '', '  '),
  );
  const what = [w.stepWeights];
  if (figures.unread.what.includes('lookup-tables')) what.push(w.unreadLookup);
  if (figures.unread.what.includes('idle-experts')) what.push(w.unreadExperts);
  lines.push(...bullet(what.join(', ')));
  if (memory.kv) lines.push(...bullet(w.stepCache));
  if (memory.state) lines.push(...bullet(w.stepState));
  if (!cached) lines.push(...bullet(loadLocale('en').memory.noCacheSpec));
  lines.push(...indented(figures.step), `  ${byteSizes(figures.step.value!)}`, '');
  if (figures.forward?.value !== undefined) {
    lines.push(
      ...hanging(fill(w.forward, { value: formatCount(figures.forward.value) }), width, '', '  '),
    );
    if (figures.prefill) lines.push(w.prefillTitle, ...indented(figures.prefill));
  } else {
    const why = 'not given for this model (see tparams flops)';
    lines.push(...hanging(fill(w.noForward, { why }), width, '', '  '));
  }
  lines.push('', ...hanging(w.rooflineTitle, width, '', '  '), ...rooflineLines(figures, width));
  return `${lines.join('\n')}\n`;
}

/** The bounds, each a line: the decode step's time and rate, the prefill's, the first token's. */
function rooflineLines(figures: SpeedFigures, width: number): string[] {
  const w = words();
  const { decode, firstToken } = figures;
  const line = (t: string) => hanging(t, width, '  ', '    ');
  const lines = line(
    decode.computeSeconds
      ? fill(w.decodeStep, {
          memory: timeText(decode.memorySeconds),
          compute: timeText(decode.computeSeconds),
          seconds: timeText(decode.seconds),
          bound: boundWord(decode),
        })
      : fill(w.decodeStepMemory, { seconds: timeText(decode.seconds) }),
  );
  const perSequence: Ratio = {
    num: figures.decodeTokensPerSecond.num,
    den: figures.decodeTokensPerSecond.den * figures.batch,
  };
  lines.push(
    ...line(
      fill(w.decodeRate, {
        rate: fourDigits(figures.decodeTokensPerSecond),
        perSequence: fourDigits(perSequence),
      }),
    ),
  );
  if (figures.prefillSeconds)
    lines.push(...line(fill(w.prefill, { seconds: timeText(figures.prefillSeconds) })));
  lines.push(
    ...line(
      firstToken.computeSeconds
        ? fill(w.firstToken, {
            seconds: timeText(firstToken.seconds),
            bound: boundWord(firstToken),
          })
        : fill(w.firstTokenMemory, { seconds: timeText(firstToken.seconds) }),
    ),
  );
  return lines;
}

/** `tparams speed` as JSON: exact counts as decimal strings, times and rates as numbers, each bound named. */
export function speedJson(report: Report, figures: SpeedFigures): Record<string, unknown> {
  const { hardware, memory } = figures;
  const spec = hardware.gpu?.spec;
  const perSequence = ratioNumber(figures.decodeTokensPerSecond) / Number(figures.batch);
  return {
    target: report.subject.id,
    gpu: spec
      ? {
          name: spec.name,
          count: Number(hardware.count),
          source: spec.source.title,
          url: spec.source.url,
        }
      : null,
    dtype: memory.weights.dtype,
    compute_dtype: hardware.element,
    kv_cache_dtype: memory.kv?.dtype ?? null,
    context: figures.context.toString(),
    batch: figures.batch.toString(),
    bandwidth_bytes_per_second: hardware.bandwidth.toString(),
    bandwidth_from: hardware.bandwidthFrom === 'option' ? '--bandwidth' : 'table',
    peak_flops_per_second: hardware.peak?.toString() ?? null,
    peak_from:
      hardware.peak === undefined ? null : hardware.peakFrom === 'option' ? '--tflops' : 'table',
    bytes_read_per_step: figures.step.value!.toString(),
    unread_weight_bytes: figures.unread.bytes.toString(),
    bytes_read_derivation: derivationLines(figures.step),
    ...(figures.forward?.value !== undefined
      ? { forward_flops_per_token: figures.forward.value.toString() }
      : {}),
    ...(figures.prefill?.value !== undefined
      ? {
          prefill_flops: figures.prefill.value.toString(),
          prefill_flops_derivation: derivationLines(figures.prefill),
        }
      : {}),
    decode_step_seconds: ratioNumber(figures.decode.seconds),
    decode_bound: figures.decode.bound,
    decode_tokens_per_second: ratioNumber(figures.decodeTokensPerSecond),
    decode_tokens_per_second_per_sequence: perSequence,
    prefill_seconds: figures.prefillSeconds ? ratioNumber(figures.prefillSeconds) : null,
    time_to_first_token: ratioNumber(figures.firstToken.seconds),
    ...(figures.memoryFit
      ? {
          memory_bytes: figures.memoryFit.bytes.toString(),
          fits_memory: figures.memoryFit.fits,
        }
      : {}),
    time_to_first_token_bound: figures.firstToken.computeSeconds
      ? figures.firstToken.bound
      : 'memory',
    bounds: {
      decode_tokens_per_second: 'upper',
      decode_step_seconds: 'lower',
      prefill_seconds: 'lower',
      time_to_first_token: 'lower',
    },
    convention:
      'roofline: a step takes at least its bytes over the peak bandwidth and its FLOPs over the dense peak; nothing else counted',
  };
}
