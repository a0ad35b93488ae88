import { diffModels } from '../../analysis/diff.js';
import type { Derivation } from '../../derive/steps.js';
import { figureRows, humanUnit } from '../../documents/data/figure-rows.js';
import { type SummaryRow, summaryRows } from '../../documents/data/summary.js';
import { UserError } from '../../errors/user-error.js';
import { loadLocale } from '../../i18n/locale.js';
import { tex } from '../../printers/notation.js';
import { sectionDerivations } from '../../printers/sections.js';
import { sym } from '../../expr/nodes.js';
import { labelTex, labelText } from '../../render/label.js';
import { formatCount } from '../../render/numbers.js';
import type { Report } from '../../report/report.js';
import { flopsFigures } from '../../requests/compute-request.js';
import { speedFigures } from '../../requests/speed-request.js';
import { fourDigits, timeText } from '../../printers/speed-units.js';
import { type SpeedOptions, speedRequestOf } from '../commands/speed-command.js';
import { loraFigures } from '../../requests/lora-request.js';
import { loraRequestOf } from '../lora-parse.js';
import type { LoraOptions } from '../lora-options.js';
import { memoryFigures, type MemoryFigures } from '../../requests/memory-request.js';
import { modelFigures } from '../../requests/model-figures.js';
import { type FlopsOptions, flopsRequestOf } from '../commands/flops-command.js';
import { type MemoryOptions, memoryRequestOf } from '../commands/memory-command.js';
import { type ModelOptions, requestOf } from '../model-options.js';
import { type DeriveRequest, deriveRequested } from '../resolve-subject.js';
import { statSync } from 'node:fs';
import type { BlockCommand, ParsedBlock } from './block-command.js';

/** A figure beside the derivations: its name and its value as people read it. */
export interface BlockFigure {
  readonly name: string;
  /** The name as math, where it is a symbol (`M_{KV}`). */
  readonly tex?: string;
  readonly value: string;
}

/** What a block's command makes, for the markup to show as `--show` asks. */
export interface BlockContent {
  readonly title: string;
  /** The derivations, each ending in its value. */
  readonly derivations: readonly Derivation[];
  /** The figures a table shows (`--show figures`). */
  readonly figures: readonly BlockFigure[];
  /** The count or size the block is about, for `--show total`. */
  readonly total?: Derivation;
  /** The breakdown's rows, for `--show breakdown` (a model or component, not a size). */
  readonly breakdown?: readonly SummaryRow[];
}

type Unit = 'bytes' | 'bits' | 'FLOPs' | 'tokens' | 'parameters';

/**
 * Reports by what was asked, shared by the blocks of a process: a note asks for one model in
 * many blocks (its count, its memory, its compute), and a derivation is the costly part. A file
 * named in the request is keyed by its size and time too, so an edited config is derived anew.
 */
const reports = new Map<string, Promise<Report>>();

function derived(request: DeriveRequest): Promise<Report> {
  const files = [request.config, request.spec, request.target].map((f) => {
    const stat = f ? statSync(f, { throwIfNoEntry: false }) : undefined;
    return stat ? [stat.size, stat.mtimeMs] : null;
  });
  const key = JSON.stringify([request, files]);
  let report = reports.get(key);
  if (!report) {
    report = deriveRequested(request);
    // A failed derivation is not kept: the next block asking may find the file fixed.
    report.catch(() => reports.delete(key));
    reports.set(key, report);
  }
  return report;
}

/** The derivations worth a section, by report, so that a model's blocks pick them once. */
const sections = new WeakMap<Report, readonly Derivation[]>();

function sectionsOf(report: Report): readonly Derivation[] {
  let found = sections.get(report);
  if (!found) {
    found = sectionDerivations(report);
    sections.set(report, found);
  }
  return found;
}

/** Each command's content, from the same library calls its CLI action makes. */
const builders: Record<BlockCommand, (block: ParsedBlock) => Promise<BlockContent>> = {
  derive: async ({ args, options, lang }) => {
    const report = await derived(requestOf(args[0], options as unknown as ModelOptions));
    // Each part is made only when the block shows it, and the sections once for all the blocks
    // of a model: picking them prints every step of every derivation.
    return {
      title: report.title,
      get derivations() {
        return sectionsOf(report);
      },
      get total() {
        return sectionsOf(report)[0];
      },
      get figures() {
        // (memory and compute only: LoRA's figures are the lora block's own)
        const figures = figureRows(modelFigures(report, { lora: false }), loadLocale(lang)).figures;
        return [...(figures?.memory ?? []), ...(figures?.compute ?? [])].flatMap((f) =>
          f.value ? [{ name: f.name, value: `${f.value.text} ${f.unit} (${f.human})` }] : [],
        );
      },
      get breakdown() {
        return summaryRows(report.tree, report.total, loadLocale(lang));
      },
    };
  },
  memory: async ({ args, options }) => {
    const report = await modelOf('memory', args[0], options);
    const request = await memoryRequestOf(options as unknown as MemoryOptions);
    return figuresContent(report, memoryDerivations(memoryFigures(report, request)));
  },
  lora: async ({ args, options }) => {
    const report = await modelOf('lora', args[0], options);
    const { count } = loraFigures(report, loraRequestOf(options as unknown as LoraOptions));
    return figuresContent(
      report,
      withUnit('parameters', count.adapters, count.copies, count.trainable, count.total),
    );
  },
  speed: async ({ args, options, lang }) => {
    const report = await modelOf('speed', args[0], options);
    const f = speedFigures(report, await speedRequestOf(options as unknown as SpeedOptions));
    const content = figuresContent(report, [
      ...withUnit('bytes', f.step),
      ...withUnit('FLOPs', f.prefill),
    ]);
    // The bounds themselves are ratios, not derivations: they join the table, named as bounds.
    const w = loadLocale(lang).blocks;
    const bounds: BlockFigure[] = [
      { name: w.decodeBound, value: fourDigits(f.decodeTokensPerSecond) },
      ...(f.prefillSeconds ? [{ name: w.prefillBound, value: timeText(f.prefillSeconds) }] : []),
      { name: w.firstTokenBound, value: timeText(f.firstToken.seconds) },
    ];
    return { ...content, figures: [...content.figures, ...bounds] };
  },
  flops: async ({ args, options }) => {
    const report = await modelOf('flops', args[0], options);
    const f = flopsFigures(report, await flopsRequestOf(options as unknown as FlopsOptions));
    return figuresContent(report, [
      ...withUnit('FLOPs', f.forward, f.palmPerToken, f.perImage, f.training, f.palmTraining),
      ...withUnit('FLOPs', f.megatronIteration),
      ...withUnit('tokens', f.chinchillaTokens),
    ]);
  },
  diff: async ({ args }) => {
    const [a, b] = await Promise.all(
      args.map((name) =>
        derived(
          name!.endsWith('.json')
            ? { config: name!, settings: [] }
            : { target: name!, settings: [] },
        ),
      ),
    );
    const diff = diffModels(a!, b!);
    const show = (v: bigint | undefined) => (v === undefined ? '—' : formatCount(v));
    return {
      title: `${a!.title} → ${b!.title}`,
      derivations: [],
      figures: [
        ...diff.symbols.map((s) => ({
          name: s.name,
          tex: tex(sym(s.name)),
          value: `${show(s.a)} → ${show(s.b)}`,
        })),
        { name: 'P', tex: 'P', value: `${show(a!.total)} → ${show(b!.total)}` },
        ...diff.components.map((c) => ({
          name: c.path,
          value: `${show(c.a?.value)} → ${show(c.b?.value)}`,
        })),
      ],
    };
  },
};

/**
 * The model a block derives, as a key: blocks with one key share one derivation, so a note's
 * blocks are shared out between threads by it. None for a diff, which derives two.
 */
export function blockModelKey(block: ParsedBlock): string | undefined {
  if (block.command === 'diff') return undefined;
  return JSON.stringify(requestOf(block.args[0], block.options as unknown as ModelOptions));
}

/** What a parsed block makes. */
export function blockContent(block: ParsedBlock): Promise<BlockContent> {
  return builders[block.command](block);
}

async function modelOf(command: string, target: string | undefined, options: unknown) {
  const report = await derived(requestOf(target, options as ModelOptions));
  if (!report.model)
    throw new UserError(`${target} is not a model: ${command} takes a preset, --config or --spec`, {
      field: 'target',
      received: target,
    });
  return report;
}

/** The memory command's derivations, in the order it prints them. */
function memoryDerivations(f: MemoryFigures): Array<{ derivation: Derivation; unit: Unit }> {
  // LoRA training: the frozen base, the adapters with their states, the activations.
  if (f.lora)
    return [
      ...withUnit(f.lora.base.unit, f.lora.base.derivation),
      ...withUnit('bytes', f.lora.adapters, f.lora.activations, f.lora.total),
    ];
  return [...withUnit(f.weights.unit, f.weights.derivation), ...memoryRest(f)];
}

function memoryRest(f: MemoryFigures) {
  return withUnit(
    'bytes',
    f.kv?.cache.perToken,
    f.kv?.cache.total,
    f.state?.memory.total,
    f.training?.memory.modelStates,
    f.training?.memory.activations,
    f.training?.memory.activations ? f.training.memory.total : undefined,
  );
}

function withUnit(unit: Unit, ...derivations: (Derivation | undefined)[]) {
  return derivations.flatMap((derivation) => (derivation ? [{ derivation, unit }] : []));
}

/** Derivations of sizes, with a table of their values and the first as the block's total. */
function figuresContent(
  report: Report,
  rows: ReadonlyArray<{ derivation: Derivation; unit: Unit }>,
): BlockContent {
  return {
    title: report.title,
    derivations: rows.map((r) => r.derivation),
    ...(rows[0] ? { total: rows.at(-1)!.derivation } : {}),
    figures: rows.flatMap(({ derivation, unit }) =>
      derivation.value === undefined
        ? []
        : [
            {
              name: labelText(derivation.label),
              tex: labelTex(derivation.label),
              value: valueText(derivation.value, unit),
            },
          ],
    ),
  };
}

/** A value with its unit, and as people read it (bits as the bytes they make). */
function valueText(value: bigint, unit: Unit): string {
  if (unit === 'parameters') return formatCount(value);
  if (unit === 'bits')
    return `${formatCount(value)} bits (${humanUnit((value + 7n) / 8n, 'bytes')})`;
  return `${formatCount(value)} ${unit} (${humanUnit(value, unit)})`;
}
