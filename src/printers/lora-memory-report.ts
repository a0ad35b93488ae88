import { adapterTypes, nf4, statesBeside } from '../analysis/lora-memory.js';
import { accelerators, weightTypes } from '../analysis/memory.js';
import { optimizers } from '../analysis/training.js';
import type { Derivation } from '../derive/steps.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { formatCount } from '../render/numbers.js';
import type { Report } from '../report/report.js';
import type { LoraMemoryFigures } from '../requests/lora-memory-request.js';
import { loraJson, loraLines } from './lora-report.js';
import { byteSizes } from './memory-report.js';
import { alignedText, derivationLines, terminalWidth } from './notation.js';
import { hanging } from './wrap.js';

/** The words of `tparams memory --lora`: LoRA's own, and the memory command's shared ones. */
const words = () => ({ lora: loadLocale('en').lora, memory: loadLocale('en').memory });

/** What the trainable parameters keep a parameter, in words. */
function adaptersWords(figures: LoraMemoryFigures): string {
  const { lora } = words();
  const type = adapterTypes[figures.adapterDtype];
  const optimizer = figures.training.optimizer;
  const state =
    type.masterCopy || optimizer === 'adafactor'
      ? optimizers[optimizer].state
      : statesBeside[optimizer];
  return fill(figures.adapterDtype === 'fp32' ? lora.adaptersFp32 : lora.adaptersMixed, {
    weight: String(type.weight),
    gradient: String(type.gradient),
    optimizer,
    state,
  });
}

/** The conventions under the heading: base, trainable parameters, activations. */
function conventions(report: Report, figures: LoraMemoryFigures): string[] {
  const { lora, memory } = words();
  const t = figures.training;
  const keptBits = weightTypes[figures.dtype].bits;
  const base = figures.nf4
    ? fill(lora.frozenNf4, {
        bits: String(nf4.bits),
        block: String(nf4.block),
        block2: String(nf4.block2),
        kept: figures.nf4.kept.map((k) => `${k}, `).join(''),
        keptBits: String(keptBits),
      })
    : fill(lora.frozen, { dtype: figures.dtype, model: report.model?.className ?? '' });
  return [
    base,
    adaptersWords(figures),
    fill(memory.activations, {
      mixedBits: '16',
      mixedBytes: '2',
      sequence: formatCount(t.sequence),
      microBatch: formatCount(t.microBatch),
      recompute: memory.recompute[t.recompute],
    }),
  ];
}

/** `tparams memory --training --lora` as text: the count, then the memory a GPU, then what it fits. */
export function loraMemoryText(
  report: Report,
  figures: LoraMemoryFigures,
  width = terminalWidth(),
): string {
  const { lora, memory } = words();
  const lines = [report.title, '', ...loraLines(report, figures.lora, width), ''];
  lines.push(figures.qlora ? lora.trainingQlora : lora.trainingLora);
  for (const c of conventions(report, figures)) lines.push(...hanging(c, width, '  · ', '    '));
  const indented = (d: Derivation) => alignedText(d, width - 2).map((l) => `  ${l}`);
  const sizes = (bytes: bigint | undefined) =>
    bytes === undefined ? [] : [`  ${byteSizes(bytes)}`];
  if (figures.nf4) {
    const q = figures.nf4;
    lines.push(...indented(q.quantized));
    const blocks = fill(lora.blocks, {
      blocks: formatCount(q.blocks),
      blocks2: formatCount(q.blocks2),
      block: String(nf4.block),
      block2: String(nf4.block2),
    });
    lines.push(...hanging(blocks, width, '  ', '    '));
  }
  lines.push(...indented(figures.base.derivation));
  if (figures.base.unit === 'bits') lines.push(`  ${memory.inBits}`);
  lines.push(...sizes(figures.base.bytes));
  lines.push(...indented(figures.adapters), ...sizes(figures.adapters.value));
  if (figures.activations)
    lines.push(...indented(figures.activations), ...sizes(figures.activations.value));
  if (figures.activationsWhy)
    lines.push(
      ...hanging(
        fill(memory.activationsNotEstimated, { why: figures.activationsWhy }),
        width,
        '  ',
      ),
    );
  lines.push(...indented(figures.total), ...sizes(figures.total.value), '');
  const total = figures.total.value;
  if (total !== undefined) {
    const head = fill(memory.fits, { what: memory.fitsTraining, left: memory.leftOutTraining });
    lines.push(...hanging(head, width, '', '  '));
    const nameWidth = Math.max(...accelerators.map((a) => a.name.length));
    for (const a of accelerators)
      lines.push(`  ${a.name.padEnd(nameWidth)}  ${total <= a.bytes ? memory.yes : memory.no}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The same as JSON: the count under `lora`, byte counts as decimal strings with their derivations. */
export function loraMemoryJson(
  report: Report,
  figures: LoraMemoryFigures,
): Record<string, unknown> {
  const { target, class: className, ...count } = loraJson(report, figures.lora);
  const t = figures.training;
  const decimal = (v: bigint | undefined) => v?.toString();
  const total = figures.total.value;
  const q = figures.nf4;
  return {
    target,
    class: className,
    lora: count,
    training: {
      method: figures.qlora ? 'qlora' : 'lora',
      adapter_dtype: figures.adapterDtype,
      optimizer: t.optimizer,
      gpus: t.gpus.toString(),
      recompute: t.recompute,
      sequence: t.sequence.toString(),
      micro_batch: t.microBatch.toString(),
    },
    frozen_base_bytes: decimal(figures.base.bytes),
    frozen_base_unit: figures.base.unit,
    frozen_base_derivation: derivationLines(figures.base.derivation),
    ...(q
      ? {
          nf4_parameters: decimal(q.quantized.value),
          nf4_derivation: derivationLines(q.quantized),
          nf4_blocks: q.blocks.toString(),
          nf4_blocks2: q.blocks2.toString(),
          kept_wide: q.kept,
        }
      : {}),
    adapter_bytes_per_gpu: decimal(figures.adapters.value),
    adapter_derivation: derivationLines(figures.adapters),
    ...(figures.activations
      ? {
          activation_bytes_per_gpu: decimal(figures.activations.value),
          activation_derivation: derivationLines(figures.activations),
        }
      : {}),
    ...(figures.activationsWhy ? { activations_not_estimated: figures.activationsWhy } : {}),
    total_bytes_per_gpu: decimal(total),
    total_derivation: derivationLines(figures.total),
    ...(total !== undefined
      ? {
          fits: accelerators.map((a) => ({
            accelerator: a.name,
            bytes: a.bytes.toString(),
            fits: total <= a.bytes,
          })),
        }
      : {}),
  };
}
