import { storedWeightsLine } from './stored-weights.js';
import { llamaWeightsHeading, llamaWeightsLines } from './llama-weights-lines.js';
import type { KvCache } from '../analysis/kv-cache.js';
import { optimizers, type TrainingMemory, type TrainingRequest } from '../analysis/training.js';
import { weightTypes } from '../analysis/memory.js';
import type { Derivation } from '../derive/steps.js';
import { decimalRatio, formatCount } from '../render/numbers.js';
import { alignedText, terminalWidth } from './notation.js';
import type { Report } from '../report/report.js';
import type { MemoryFigures } from '../requests/memory-request.js';
import { hanging, wrapWords } from './report-text.js';
import { symbolTable } from '../symbols/table.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { stateText } from './recurrent-state-lines.js';
import { acceleratorLines, fitsLines } from './fits-lines.js';
import { kvBudgetLines, kvEngineBullets, kvTypesText } from './kv-engine-lines.js';
import { parallelText } from './parallel-lines.js';
import { memoryTotal, type Fits } from '../requests/fits.js';

const symbolText = (name: string) => symbolTable.find((s) => s.name === name)?.text ?? name;

/** The sentences of `tparams memory`, from `templates/locales/en.json` (`memory`). */
const words = () => loadLocale('en').memory;

/** What mixed precision trains in: 16-bit (bf16), as the derivations count it. */
const mixedBits = weightTypes.bf16.bits;

/** A byte count for people: exact, then in GiB (2³⁰) and GB (10⁹), each unit named. */
export function byteSizes(bytes: bigint): string {
  return fill(words().byteSizes, {
    bytes: formatCount(bytes),
    gib: decimalRatio(bytes, 2n ** 30n, 2),
    gb: decimalRatio(bytes, 10n ** 9n, 2),
  });
}

/** The training setup in words: what each term of the derivations assumes. */
function trainingConventions(request: TrainingRequest, memory: TrainingMemory): string[] {
  const dp = memory.sizes.N_d!;
  const w = words();
  const zero = w.zero[String(request.zero) as keyof typeof w.zero];
  const recompute = w.recompute[request.recompute];
  const bits = { mixedBits: String(mixedBits), mixedBytes: String(mixedBits / 8) };
  return [
    fill(w.mixedPrecision, {
      ...bits,
      optimizer: request.optimizer,
      state: optimizers[request.optimizer].state,
    }),
    fill(w.parallelism, {
      gpus: fill(request.gpus === 1n ? w.gpu : w.gpus, { gpus: formatCount(request.gpus) }),
      t: formatCount(request.tensorParallel),
      sequenceParallel:
        request.tensorParallel > 1n && request.sequenceParallel ? w.sequenceParallel : '',
      pipeline:
        (request.pipelineParallel ?? 1n) > 1n
          ? fill(w.pipelineStages, { p: formatCount(request.pipelineParallel!) })
          : '',
      experts:
        (request.expertParallel ?? 1n) > 1n
          ? fill(w.expertGroups, { ep: formatCount(request.expertParallel!) })
          : '',
      dp: formatCount(dp),
      zero,
    }),
    fill(w.activations, {
      ...bits,
      sequence: formatCount(request.sequence),
      microBatch: formatCount(request.microBatch),
      recompute,
    }),
  ];
}

/** Why a model has no cache figure: an encoder keeps none, nor do recurrent layers; a spec file does not declare one. */
const noCache = (report: Report, recurrent: boolean) =>
  report.model?.modelType === 'spec'
    ? words().noCacheSpec
    : fill(recurrent ? words().noCacheRecurrent : words().noCache, {
        className: report.model?.className ?? words().thisModel,
      });

/** How each kind of layer fills the cache, in words. */
function kindsText(cache: KvCache): string[] {
  const fmt = (n: bigint | undefined) => (n === undefined ? '?' : formatCount(n));
  const w = words();
  return cache.kinds.map((kind) => {
    switch (kind.name) {
      case 'sliding':
        return cache.sizes.n_win === undefined
          ? fill(w.slidingEngine, { window: fmt(kind.window) })
          : fill(w.sliding, { window: fmt(kind.window), n_win: fmt(cache.sizes.n_win) });
      case 'cross':
        return fill(w.cross, { n_src: fmt(cache.sizes.n_src) });
      case 'latent':
        return w.latent;
      default:
        return w.self;
    }
  });
}

/** The memory figures for terminals: each derivation, the sizes in units, and what it all fits on. */
export function memoryText(
  report: Report,
  figures: MemoryFigures,
  width = terminalWidth(),
  fits?: Fits,
): string {
  const { weights, kv } = figures;
  const w = words();
  const llama = llamaWeightsHeading(weights);
  const heading = llama
    ? hanging(llama, width, '', '  ')
    : [fill(w.weightsIn, { dtype: weights.dtype })];
  const lines = [report.title, '', ...heading];
  const indented = (d: Derivation, within = width) =>
    alignedText(d, within - 2).map((l) => `  ${l}`);
  lines.push(...indented(weights.derivation));
  lines.push(...llamaWeightsLines(weights, width, indented));
  if (weights.groups) {
    const g = weights.groups;
    const how = g.divisible ? `P_q / ${g.size}` : `Σ out·⌈in/${g.size}⌉`;
    lines.push(
      ...wrapWords(
        fill(w.groups, { how, count: formatCount(g.count), what: g.what }),
        width - 4,
      ).map((l, i) => `${i === 0 ? '  ' : '    '}${l}`),
    );
  }
  if (weights.unit === 'bits') lines.push(`  ${w.inBits}`);
  if (weights.bytes !== undefined) lines.push(`  ${byteSizes(weights.bytes)}`);
  const stored = storedWeightsLine(report);
  if (stored) lines.push(...wrapWords(stored, width - 2).map((l) => `  ${l}`));
  lines.push('');
  if (figures.training) {
    const { request, memory } = figures.training;
    lines.push(w.training);
    for (const c of trainingConventions(request, memory))
      lines.push(...wrapWords(c, width - 4).map((l, i) => `${i === 0 ? '  · ' : '    '}${l}`));
    for (const shard of memory.shards)
      lines.push(`  ${symbolText(shard.name)} = ${shard.of} = ${formatCount(shard.value)}`);
    for (const d of memory.activations
      ? [memory.modelStates, memory.activations, memory.total]
      : [memory.modelStates]) {
      lines.push(...indented(d));
      if (d.value !== undefined) lines.push(`  ${byteSizes(d.value)}`);
    }
    if (memory.activationsWhy)
      lines.push(
        ...wrapWords(
          fill(w.activationsNotEstimated, { why: memory.activationsWhy }),
          width - 2,
        ).map((l) => `  ${l}`),
      );
    lines.push('');
  } else if (!kv) {
    lines.push(...wrapWords(noCache(report, figures.state !== undefined), width), '');
  } else {
    const { cache } = kv;
    const tokens = cache.sizes.n_ctx === 1n ? w.token : w.tokens;
    lines.push(
      ...hanging(
        fill(w.kvCache, {
          dtype: kvTypesText(kv),
          context: formatCount(cache.sizes.n_ctx!),
          tokens,
          batch: formatCount(cache.sizes.B!),
        }),
        width,
        '',
        '  ',
      ),
    );
    for (const k of [...kindsText(cache), ...kvEngineBullets(kv)])
      lines.push(...wrapWords(k, width - 4).map((l, i) => `${i === 0 ? '  · ' : '    '}${l}`));
    lines.push(...indented(cache.perToken));
    lines.push(...indented(cache.total));
    if (cache.total.value !== undefined) lines.push(`  ${byteSizes(cache.total.value)}`);
    for (const l of kvBudgetLines(kv, byteSizes))
      lines.push(...wrapWords(l, width - 2).map((x, i) => `${i === 0 ? '  ' : '    '}${x}`));
    if (cache.expanded) {
      lines.push('', ...hanging(w.expanded, width, '  ', '    '), ...indented(cache.expanded));
      if (cache.expanded.value !== undefined) lines.push(`  ${byteSizes(cache.expanded.value)}`);
    }
    lines.push('');
  }
  if (!figures.training) lines.push(...stateText(figures, width, indented, byteSizes));
  const total = memoryTotal(figures);
  if (total !== undefined) {
    if ((kv || figures.state) && !figures.training)
      lines.push(
        fill(figures.state ? w.weightsCacheAndState : w.weightsAndCache, {
          sizes: byteSizes(total),
        }),
        '',
      );
    lines.push(...parallelText(figures, width, indented, byteSizes));
    lines.push(
      ...(fits
        ? fitsLines(
            fits,
            {
              dtype: weights.dtype,
              batch: kv?.cache.sizes.B ?? 1n,
              training: !!figures.training,
              parallel: figures.parallel !== undefined,
            },
            byteSizes,
            width,
          )
        : acceleratorLines(figures, total, width)),
    );
  }
  return `${lines.join('\n')}\n`;
}

export { memoryJson } from './memory-json.js';
