#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { didYouMean } from '../errors/suggest.js';
import { UserError } from '../errors/user-error.js';
import { defaultPresetName } from '../models/presets.js';
import { deriveRequested, modelRequestOf, type DeriveRequest } from './resolve-subject.js';
import { checkOutputOptions, formatNames, formats, type FormatName } from './formats.js';
import { atomicFileStream, writeAtomically } from './write-output.js';
import { collectSetting } from './settings.js';
import type { Setting } from '../targets/parameters.js';
import type { WeightType } from '../analysis/memory.js';
import type { CacheType } from '../analysis/kv-cache.js';
import type { Optimizer, Recompute, TrainingRequest } from '../analysis/training.js';
import type { Report } from '../report/report.js';
import type { ModelRequest } from '../models/load-model.js';
import type { Derivation } from '../derive/steps.js';
import { onDemand } from './on-demand.js';
import { escapeTerminal } from '../render/escape.js';

/** Exit codes: 0 done, 1 an internal failure (a bug), 2 a user mistake, 3 a checkpoint that differs from its derivation. */
const USER_ERROR = 2;
const CHECKPOINT_DIFFERS = 3;

/** What every model command takes: a config file and class, a spec file (where it applies), --set overrides. */
interface ModelOptions {
  set: Setting[];
  config?: string;
  class?: string;
  spec?: string;
}

/** Adds the model options and the preset argument, so every command takes a model the way `derive` does. */
function modelCommand(
  program: Command,
  name: string,
  description: string,
  options: { spec: boolean },
): Command {
  const command = program
    .command(name)
    .description(description)
    .argument(
      '[target]',
      `a preset (see 'tparams list') or a Hub id ORG/NAME[@REVISION]; default: ${defaultPresetName}`,
    )
    .option('-c, --config <file>', "a model's config.json (HuggingFace)")
    .option('--class <name>', 'the transformers class to count');
  if (options.spec) command.option('--spec <file>', 'an architecture described in JSON');
  return command.option(
    '-s, --set <name=value>',
    'a config field to override (repeatable)',
    collectSetting,
    [] as Setting[],
  );
}

/** The request a model command's target and options make. */
function requestOf(target: string | undefined, options: ModelOptions): DeriveRequest {
  return {
    settings: options.set,
    ...(target !== undefined ? { target } : {}),
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.class !== undefined ? { className: options.class } : {}),
    ...(options.spec !== undefined ? { spec: options.spec } : {}),
  };
}

/**
 * The commands, each a function that adds itself to the program: a run builds only the command it
 * names (commander's setup of all of them was a tenth of a cold start), and every one for help.
 */
const commands: Record<string, (program: Command) => void> = {
  derive: (program) => {
    program
      .command('derive')
      .description(
        'derive a model (preset, config.json or spec), a component, or a torch.nn module',
      )
      .argument(
        '[target]',
        `a preset, component or torch.nn module (see 'tparams list'), or a Hub id ORG/NAME[@REVISION]; default: ${defaultPresetName}`,
      )
      .option('-c, --config <file>', "a model's config.json (HuggingFace)")
      .option(
        '--class <name>',
        "the transformers class to count (default: the config's architectures[0])",
      )
      .option('--spec <file>', 'an architecture described in JSON (see the README)')
      .option(
        '-s, --set <name=value>',
        'a size or flag, or a config field to override (repeatable)',
        collectSetting,
        [] as Setting[],
      )
      .addOption(
        new Option('-f, --format <format>', 'output format').choices(formatNames).default('text'),
      )
      .addOption(
        new Option('--lang <lang>', 'language of md, tex and html documents')
          .choices(['en', 'zh'])
          .default('en'),
      )
      .option('--template <file>', 'fill your own template (md, tex, html) with the document data')
      .option(
        '--fragment',
        'with --format tex: the equations alone, no document around them',
        false,
      )
      .option('--mathml', 'with --format html or katex: MathML only, which needs no CSS', false)
      .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
      .action(async (target: string | undefined, options: DeriveOptions) => {
        const output = {
          lang: options.lang,
          fragment: options.fragment,
          mathml: options.mathml,
          ...(options.template ? { template: options.template } : {}),
        };
        checkOutputOptions(options.format, output);
        const report = await deriveRequested(requestOf(target, options));
        const rendered = await formats[options.format](report, output);
        if (options.output) writeAtomically(options.output, rendered);
        else process.stdout.write(rendered);
      });
  },
  memory: (program) => {
    modelCommand(
      program,
      'memory',
      'memory as derivations: the weights by data type, the KV cache, or training memory per GPU',
      { spec: true },
    )
      .addOption(
        new Option(
          '--dtype <dtype>',
          'weight data type (fp8, int8, int4 narrow the linear weight matrices; the rest stays 16-bit)',
        )
          .choices(['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'mxfp4'])
          .default('bf16'),
      )
      .option(
        '--also-quantize <parts>',
        'with a quantized --dtype: quantize the token embeddings and/or the output head too (embeddings,head), as llama.cpp does',
      )
      .option(
        '--group-size <n>',
        'with --dtype int4 or int8: group-wise quantization (GPTQ, AWQ): a 16-bit scale and a zero point for each group of n inputs',
      )
      .option(
        '--context <n>',
        "tokens in the KV cache, e.g. 4096 or 32k (= 32,768; default: the model's longest context, else 2048)",
      )
      .option('--batch <n>', 'sequences in the KV cache', '1')
      .option(
        '--source <n>',
        "encoder tokens a cross-attention cache holds, as --context (default: Whisper's 1500 frames, else the context)",
      )
      .option(
        '--training',
        'training memory per GPU instead of the KV cache: weights, gradients, optimizer states and activations',
        false,
      )
      .addOption(
        new Option('--optimizer <name>', 'with --training: the optimizer')
          .choices(['adamw', 'adam', 'sgd', 'adafactor', 'adam-8bit'])
          .default('adamw'),
      )
      .addOption(
        new Option(
          '--zero <stage>',
          'with --training: ZeRO stage (1 optimizer states, 2 + gradients, 3 + weights partitioned)',
        )
          .choices(['0', '1', '2', '3'])
          .default('0'),
      )
      .option('--gpus <n>', 'with --training: GPUs in all', '1')
      .option(
        '--tp <n>',
        'with --training: tensor-parallel degree (divides --gpus, the heads and the width)',
        '1',
      )
      .option(
        '--sequence-parallel',
        "with --training and --tp: split the norms' and dropouts' activations too (Megatron)",
        false,
      )
      .addOption(
        new Option('--recompute <what>', 'with --training: activation recomputation')
          .choices(['none', 'selective', 'full'])
          .default('none'),
      )
      .addOption(
        new Option(
          '--kv-dtype <dtype>',
          "KV cache data type (default: the weights' when 16 or 32 bits, else bf16)",
        ).choices(['fp32', 'fp16', 'bf16', 'fp8', 'int8']),
      )
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['text', 'json'])
          .default('text'),
      )
      .action(async (target: string | undefined, options: MemoryOptions) => {
        const { parseCount } = await onDemand().then((m) => m.counts);
        const sizes = {
          context:
            options.context !== undefined
              ? parseCount('--context', options.context, 'context')
              : undefined,
          batch: parseCount('--batch', options.batch),
          source:
            options.source !== undefined
              ? parseCount('--source', options.source, 'context')
              : undefined,
        };
        const report = await deriveRequested(requestOf(target, options));
        if (!report.model)
          throw new UserError(
            `${target} is not a model: memory takes a preset, --config or --spec`,
            { field: 'target', received: target },
          );
        const [{ weightMemory }, { kvCache }, { memoryText, memoryJson }, { factoringRules }] =
          await onDemand().then(
            (m) => [m.memory, m.kvCache, m.memoryReport, m.notationRules] as const,
          );
        const groupSize =
          options.groupSize !== undefined
            ? groupSizeOf(options.groupSize, parseCount('--group-size', options.groupSize))
            : undefined;
        if (groupSize !== undefined && !['int4', 'int8'].includes(options.dtype)) {
          throw new UserError(
            `--group-size applies to --dtype int4 or int8, not ${options.dtype}`,
            {
              field: '--group-size',
              received: options.groupSize,
              expected: 'with --dtype int4 or int8',
            },
          );
        }
        const also = alsoQuantized(options.alsoQuantize, options.dtype);
        const weights = weightMemory(
          report.part,
          report.tree.formula,
          report.bindings,
          options.dtype as WeightType,
          factoringRules(),
          { ...(groupSize !== undefined ? { groupSize } : {}), ...(also ? { also } : {}) },
        );
        if (options.dtype === 'mxfp4' && weights.groups?.count === 0n) {
          throw new UserError(
            `--dtype mxfp4 quantizes a mixture of experts' routed experts, as gpt-oss ships it; ${report.model.className} has none`,
            { field: '--dtype', received: options.dtype, expected: 'a model with routed experts' },
          );
        }
        const layout = report.model.kvCache;
        const kvDtype = (options.kvDtype ??
          (['fp32', 'fp16', 'bf16'].includes(options.dtype) ? options.dtype : 'bf16')) as CacheType;
        const context = sizes.context ?? report.model.contextLength ?? 2048n;
        const kv = layout
          ? {
              dtype: kvDtype,
              cache: kvCache(layout, report.bindings, {
                dtype: kvDtype,
                context,
                batch: sizes.batch,
                ...(sizes.source !== undefined ? { source: sizes.source } : {}),
              }),
            }
          : undefined;
        const training = options.training
          ? await trainingFigures(report, options, { context, batch: sizes.batch })
          : undefined;
        const figures = { weights, ...(kv ? { kv } : {}), ...(training ? { training } : {}) };
        process.stdout.write(
          options.format === 'json'
            ? `${JSON.stringify(memoryJson(report, figures), null, 2)}\n`
            : memoryText(report, figures),
        );
      });
  },
  flops: (program) => {
    modelCommand(
      program,
      'flops',
      'compute as derivations: forward FLOPs per token, training FLOPs for --tokens, compute-optimal tokens',
      { spec: true },
    )
      .option(
        '--context <n>',
        "tokens of context, e.g. 4096 or 32k (= 32,768; default: the model's longest, else 2048)",
      )
      .option(
        '--tokens <n>',
        'training tokens, e.g. 300e9, 15.6e12, 2T or 1.5T (decimal: T = 10^12)',
      )
      .option('--batch <n>', "sequences per iteration, for Megatron's per-iteration formula", '1')
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['text', 'json'])
          .default('text'),
      )
      .action(
        async (
          target: string | undefined,
          options: ModelOptions & {
            context?: string;
            tokens?: string;
            batch: string;
            format: 'text' | 'json';
          },
        ) => {
          const { parseCount } = await onDemand().then((m) => m.counts);
          const tokens =
            options.tokens !== undefined
              ? parseCount('--tokens', options.tokens, 'decimal')
              : undefined;
          const explicitContext =
            options.context !== undefined
              ? parseCount('--context', options.context, 'context')
              : undefined;
          const batch = parseCount('--batch', options.batch);
          const report = await deriveRequested(requestOf(target, options));
          if (!report.model)
            throw new UserError(
              `${target} is not a model: flops takes a preset, --config or --spec`,
              { field: 'target', received: target },
            );
          const [{ computeFigures }, { computeText, computeJson }, { factoringRules }] =
            await onDemand().then((m) => [m.compute, m.computeReport, m.notationRules] as const);
          const context = explicitContext ?? report.model.contextLength ?? 2048n;
          const figures = computeFigures(
            report.part,
            report.tree.formula,
            report.bindings,
            context,
            tokens,
            factoringRules(),
            batch,
          );
          process.stdout.write(
            options.format === 'json'
              ? `${JSON.stringify(computeJson(report, figures), null, 2)}\n`
              : computeText(report, figures),
          );
        },
      );
  },
  solve: (program) => {
    modelCommand(
      program,
      'solve',
      "the value of a config field whose count is nearest a target, solved exactly from the count's polynomial in it",
      { spec: false },
    )
      .requiredOption('--target <count>', 'the count to reach, e.g. 7e9 or 7B (decimal: B = 10^9)')
      .option(
        '--vary <field>',
        'a config field to solve for (repeatable: each solved on its own)',
        (v: string, all: string[]) => [...all, v],
        [] as string[],
      )
      .addOption(
        new Option(
          '--of <measure>',
          "what to count: parameters, active parameters, or the weights' bytes",
        )
          .choices(['total', 'active', 'memory'])
          .default('total'),
      )
      .addOption(
        new Option('--dtype <dtype>', "with --of memory: the weights' data type")
          .choices(['fp32', 'fp16', 'bf16', 'fp8', 'int8'])
          .default('bf16'),
      )
      .option('--multiple-of <n>', 'only values that are multiples of n (64, 128 for widths)', '1')
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['text', 'json'])
          .default('text'),
      )
      .action(async (target: string | undefined, options: SolveOptions) => {
        const [{ parseCount }, { FieldModel }, { solve }, { solveText, solveJson }] =
          await onDemand().then((m) => [m.counts, m.fieldModel, m.solve, m.solveReport] as const);
        if (!options.vary.length)
          throw new UserError('solve needs --vary FIELD: the config field to solve for', {
            field: '--vary',
          });
        const goal = parseCount('--target', options.target, 'decimal');
        const step = parseCount('--multiple-of', options.multipleOf);
        const request = await modelRequestOf(requestOf(target, options), 'solve');
        const model = new FieldModel(request.model, options.dtype as WeightType);
        const solutions = options.vary.map((field) => solve(model, field, goal, options.of, step));
        const closedForm = await closedFormOf(
          request.model,
          options.of,
          options.dtype as WeightType,
        );
        process.stdout.write(
          options.format === 'json'
            ? `${JSON.stringify(solveJson(options.target, solutions, closedForm), null, 2)}\n`
            : solveText(request.title, solutions, closedForm),
        );
      });
  },
  sweep: (program) => {
    modelCommand(
      program,
      'sweep',
      'every combination of config field values, counted with the compiled formula, streamed as CSV or JSON lines',
      { spec: false },
    )
      .option(
        '--vary <field=a..b[:step]>',
        'a config field and its values: FIELD=a..b, FIELD=a..b:step or FIELD=a,b,c (repeatable)',
        (v: string, all: string[]) => [...all, v],
        [] as string[],
      )
      .option(
        '--of <measures>',
        "what to count, comma-separated: total, active, memory (the weights' bytes in --dtype)",
        'total',
      )
      .addOption(
        new Option('--dtype <dtype>', "with --of memory: the weights' data type")
          .choices(['fp32', 'fp16', 'bf16', 'fp8', 'int8'])
          .default('bf16'),
      )
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['csv', 'jsonl'])
          .default('csv'),
      )
      .option(
        '-o, --output <file>',
        'write to a file (renamed into place when complete) instead of standard output',
      )
      .action(async (target: string | undefined, options: SweepOptions) => {
        const [{ parseCount }, { FieldModel }, { parseAxis, planSweep }, { writeSweep }] =
          await onDemand().then((m) => [m.counts, m.fieldModel, m.sweep, m.sweepWriter] as const);
        if (!options.vary.length)
          throw new UserError('sweep needs --vary FIELD=a..b: the config fields to sweep', {
            field: '--vary',
          });
        const measures = options.of.split(',').map((m) => m.trim());
        for (const m of measures)
          if (!['total', 'active', 'memory'].includes(m))
            throw new UserError(
              `--of ${options.of}: expected total, active, memory, comma-separated`,
              { field: '--of', received: options.of },
            );
        const axes = options.vary.map((raw) => parseAxis(raw, parseCount));
        const request = await modelRequestOf(requestOf(target, options), 'sweep');
        const plan = planSweep(
          new FieldModel(request.model, options.dtype as WeightType),
          axes,
          measures as Array<'total' | 'active' | 'memory'>,
        );
        if (plan.path === 'built')
          process.stderr.write(`tparams: building every row (${plan.reason})\n`);
        const progress =
          process.stderr.isTTY && plan.rows >= 100_000n
            ? await progressBar(Number(plan.rows))
            : undefined;
        const file = options.output ? atomicFileStream(options.output) : undefined;
        try {
          const { refused } = await writeSweep(
            plan,
            options.format,
            file?.stream ?? process.stdout,
            progress,
          );
          await file?.commit();
          if (refused)
            process.stderr.write(
              `tparams: ${refused} combination${refused === 1 ? '' : 's'} the model does not accept (marked refused)\n`,
            );
        } catch (error) {
          file?.abandon();
          throw error;
        }
      });
  },
  diff: (program) => {
    program
      .command('diff')
      .description(
        'compare two models: the symbols that differ, the totals, and each component that differs',
      )
      .argument('<a>', 'a preset, a Hub id (ORG/NAME[@REVISION]) or a config.json file')
      .argument('<b>', 'a preset, a Hub id (ORG/NAME[@REVISION]) or a config.json file')
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['text', 'json'])
          .default('text'),
      )
      .action(async (a: string, b: string, options: { format: 'text' | 'json' }) => {
        const model = (name: string) =>
          deriveRequested(
            name.endsWith('.json')
              ? { config: name, settings: [] }
              : { target: name, settings: [] },
          );
        const [left, right] = await Promise.all([model(a), model(b)]);
        for (const [name, report] of [
          [a, left],
          [b, right],
        ] as const) {
          if (!report.model)
            throw new UserError(
              `${name} is not a model: diff compares two models (presets or config.json files)`,
              { field: 'diff', received: name },
            );
        }
        const [{ diffModels }, { diffText, diffJson }] = await onDemand().then(
          (m) => [m.diff, m.diffReport] as const,
        );
        const diff = diffModels(left, right);
        process.stdout.write(
          options.format === 'json'
            ? `${JSON.stringify(diffJson(diff), null, 2)}\n`
            : diffText(diff),
        );
      });
  },
  verify: (program) => {
    program
      .command('verify')
      .description(
        'check a checkpoint against the derivation, tensor by tensor, from its safetensors headers (never the weights)',
      )
      .argument(
        '<path>',
        'a folder with config.json and model.safetensors (or a sharded model.safetensors.index.json), one of those files, a GGUF file, or a Hub id ORG/NAME[@REVISION]',
      )
      .option('-c, --config <file>', 'the config.json (default: the one beside the checkpoint)')
      .option(
        '--class <name>',
        "the transformers class the checkpoint was saved from (default: the config's architectures[0])",
      )
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['text', 'json'])
          .default('text'),
      )
      .action(
        async (
          path: string,
          options: { config?: string; class?: string; format: 'text' | 'json' },
        ) => {
          const [{ verifyModel }, { verifyText, verifyJson, verifyJsonText }, { openCheckpoint }] =
            await onDemand().then(
              (m) => [m.verifyModel, m.verifyReport, m.openCheckpoint] as const,
            );
          const checkpoint = await openCheckpoint(path, options.config);
          const { className, verification } = verifyModel(checkpoint, options.class);
          process.stdout.write(
            options.format === 'json'
              ? verifyJsonText({ class: className, ...verifyJson(checkpoint.files, verification) })
              : verifyText(
                  `${className} (${checkpoint.configSource})`,
                  checkpoint.files,
                  verification,
                ),
          );
          if (!verification.match) process.exitCode = CHECKPOINT_DIFFERS;
        },
      );
  },
  serve: (program) => {
    program
      .command('serve')
      .description('serve the web page (the same derivations, in the browser) on 127.0.0.1')
      .option('-p, --port <port>', 'the port to listen on (0: any free one)', '8765')
      .action(async (options: { port: string }) => {
        const { serveWeb, parsePort } = await import('./serve.js');
        const { url } = await serveWeb({ port: parsePort(options.port) });
        process.stdout.write(`tparams: the web page is at ${url} (Ctrl-C to stop)\n`);
        await new Promise<void>((resolve) =>
          process.once('SIGINT', () => resolve()).once('SIGTERM', () => resolve()),
        );
        process.exit(0);
      });
  },
  list: (program) => {
    program
      .command('list')
      .description('list every target with a one-line description')
      .action(async () => {
        const { listTargets } = await import('./list.js');
        process.stdout.write(listTargets());
      });
  },
};

function buildProgram(argv: readonly string[]): Command {
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  const program = new Command('tparams')
    .description('Derive the exact parameter count of a transformer, step by step.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const named = argv[2];
  const known = named !== undefined && Object.hasOwn(commands, named);
  for (const [name, add] of Object.entries(commands)) if (!known || name === named) add(program);
  for (const command of program.commands) command.options.forEach(suggestingChoices);
  return program;
}

/** An option with a fixed set of values answers a mistyped one with the nearest (`--format jsn`: did you mean json?). */
function suggestingChoices(option: Option): void {
  const parse = option.parseArg;
  if (!option.argChoices || !parse) return;
  option.parseArg = <T>(value: string, previous: T): T => {
    try {
      return parse(value, previous);
    } catch (error) {
      const hint =
        error instanceof InvalidArgumentError ? didYouMean(value, option.argChoices ?? []) : '';
      throw hint ? new InvalidArgumentError(`${hint} ${(error as Error).message}`) : error;
    }
  };
}

interface SweepOptions extends ModelOptions {
  vary: string[];
  of: string;
  dtype: string;
  format: 'csv' | 'jsonl';
  output?: string;
}

/** The closed form a solve starts from, in symbols: the count's (structured), the active count's, or the weights' bytes. */
async function closedFormOf(
  request: ModelRequest,
  measure: 'total' | 'active' | 'memory',
  dtype: WeightType,
): Promise<{ label: string; text: string }> {
  const [{ deriveModel }, { text }, { weightMemory }, { factoringRules }] = await onDemand().then(
    (m) => [m.modelReport, m.notation, m.memory, m.notationRules] as const,
  );
  const report = deriveModel(request);
  const symbolic = (d: Derivation) =>
    [...d.steps].reverse().find((s) => s.kind !== 'bind' && s.kind !== 'evaluate')!.expr;
  if (measure === 'memory') {
    const weights = weightMemory(
      report.part,
      report.tree.formula,
      report.bindings,
      dtype,
      factoringRules(),
    );
    return { label: 'M_weights', text: text(symbolic(weights.derivation)) };
  }
  const active = report.model?.active.derivation;
  if (measure === 'active' && active) return { label: 'P_active', text: text(symbolic(active)) };
  return { label: 'P_model', text: text(report.tree.formula) };
}

/** `--also-quantize embeddings,head`, checked: only with a type that narrows weights, only those two words. */
function alsoQuantized(
  raw: string | undefined,
  dtype: string,
): { embeddings: boolean; head: boolean } | undefined {
  if (raw === undefined) return undefined;
  if (!['fp8', 'int8', 'int4', 'mxfp4'].includes(dtype))
    throw new UserError(
      `--also-quantize applies to a quantized --dtype (fp8, int8, int4, mxfp4), not ${dtype}`,
      { field: '--also-quantize', received: raw },
    );
  const parts = raw.split(',').map((p) => p.trim());
  for (const p of parts)
    if (p !== 'embeddings' && p !== 'head')
      throw new UserError(
        `--also-quantize ${raw}: expected embeddings, head or both, comma-separated`,
        { field: '--also-quantize', received: raw, expected: 'embeddings,head' },
      );
  return { embeddings: parts.includes('embeddings'), head: parts.includes('head') };
}

/** A group size as the memory derivation takes it: a whole number a double holds exactly (real ones are 32 to 1024). */
function groupSizeOf(raw: string, size: bigint): number {
  if (size > BigInt(Number.MAX_SAFE_INTEGER))
    throw new UserError(
      `--group-size ${raw}: expected at most ${Number.MAX_SAFE_INTEGER} (groups of 32 to 1024 inputs are usual)`,
      { field: '--group-size', received: raw },
    );
  return Number(size);
}

/** A progress bar on standard error, for long sweeps on a terminal (cli-progress). */
async function progressBar(total: number) {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'sweep [{bar}] {percentage}% | {value}/{total} rows | {eta}s left',
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (rows: number) => bar.update(rows), stop: () => bar.stop() };
}

interface SolveOptions extends ModelOptions {
  target: string;
  vary: string[];
  of: 'total' | 'active' | 'memory';
  dtype: string;
  multipleOf: string;
  format: 'text' | 'json';
}

interface MemoryOptions extends ModelOptions {
  training: boolean;
  optimizer: string;
  zero: string;
  gpus: string;
  tp: string;
  sequenceParallel: boolean;
  recompute: string;
  dtype: string;
  kvDtype?: string;
  groupSize?: string;
  alsoQuantize?: string;
  context?: string;
  batch: string;
  source?: string;
  format: 'text' | 'json';
}

/** The training request from the options, checked: t divides the GPUs, the heads and the width. */
async function trainingFigures(
  report: Report,
  options: MemoryOptions,
  sizes: { context: bigint; batch: bigint },
) {
  const [{ parseCount }, { trainingMemory, trainingBindings }, { factoringRules }] =
    await onDemand().then((m) => [m.counts, m.training, m.notationRules] as const);
  const gpus = parseCount('--gpus', options.gpus);
  const tensorParallel = parseCount('--tp', options.tp);
  const divides = (what: string, value: bigint | undefined) => {
    if (value !== undefined && value % tensorParallel !== 0n) {
      throw new UserError(`--tp ${tensorParallel}: must divide ${what} (${value})`, {
        field: '--tp',
        received: options.tp,
        expected: `a divisor of ${what}`,
      });
    }
  };
  divides('--gpus', gpus);
  divides('the attention heads n_h', trainingBindings(report).n_h);
  divides('the width d_model', report.bindings.d_model);
  const request: TrainingRequest = {
    optimizer: options.optimizer as Optimizer,
    zero: Number(options.zero) as TrainingRequest['zero'],
    gpus,
    tensorParallel,
    sequenceParallel: options.sequenceParallel,
    recompute: options.recompute as Recompute,
    sequence: sizes.context,
    microBatch: sizes.batch,
  };
  return {
    request,
    memory: trainingMemory(
      report.part,
      report.tree.formula,
      trainingBindings(report),
      request,
      factoringRules(),
    ),
  };
}

interface DeriveOptions extends ModelOptions {
  format: FormatName;
  lang: string;
  template?: string;
  fragment: boolean;
  mathml: boolean;
  output?: string;
}

async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`tparams … | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await buildProgram(argv).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; help and version are not failures.
      process.exitCode = error.exitCode === 0 ? 0 : USER_ERROR;
      return;
    }
    if (error instanceof UserError) {
      // A message may quote the user's input: its control characters are shown, never sent to the terminal.
      process.stderr.write(`tparams: ${escapeTerminal(error.message)}\n`);
      process.exitCode = USER_ERROR;
      return;
    }
    const mapped =
      process.execArgv.includes('--enable-source-maps') ||
      /--enable-source-maps/.test(process.env.NODE_OPTIONS ?? '');
    process.stderr.write(
      `tparams: internal error (please report it${mapped ? '' : '; NODE_OPTIONS=--enable-source-maps shows the source lines'}): ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

void main(process.argv);
