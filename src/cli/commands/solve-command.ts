import { type Command, Option } from 'commander';
import { UserError } from '../../errors/user-error.js';
import { modelRequestOf } from '../resolve-subject.js';
import type { WeightType } from '../../analysis/memory.js';
import type { ModelRequest } from '../../models/load-model.js';
import type { Derivation } from '../../derive/steps.js';
import { onDemand } from '../on-demand.js';
import { modelCommand, requestOf, type ModelOptions } from '../model-options.js';
import { byteWideTypes, defaultWeightType } from '../../requests/defaults.js';
import { writeStandardOutput } from '../standard-output.js';

interface SolveOptions extends ModelOptions {
  target: string;
  vary: string[];
  of: 'total' | 'active' | 'memory';
  dtype: string;
  multipleOf: string;
  format: 'text' | 'json';
}

async function closedFormOf(
  request: ModelRequest,
  measure: 'total' | 'active' | 'memory',
  dtype: WeightType,
): Promise<{ label: string; text: string }> {
  const [{ deriveModel }, { text }, { weightMemory }] = await Promise.all([
    onDemand.modelReport(),
    onDemand.notation(),
    onDemand.memory(),
  ]);
  const report = deriveModel(request);
  const symbolic = (d: Derivation) =>
    [...d.steps].reverse().find((s) => s.kind !== 'bind' && s.kind !== 'evaluate')!.expr;
  if (measure === 'memory') {
    const weights = weightMemory(report, { dtype });
    return { label: 'M_weights', text: text(symbolic(weights.derivation)) };
  }
  const active = report.model?.active.derivation;
  if (measure === 'active' && active) return { label: 'P_active', text: text(symbolic(active)) };
  return { label: 'P_model', text: text(report.tree.formula) };
}

/** `tparams solve`: the config value that reaches a target count, from the closed form. */
export function solveCommand(program: Command): void {
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
        .choices(byteWideTypes)
        .default(defaultWeightType),
    )
    .option('--multiple-of <n>', 'only values that are multiples of n (64, 128 for widths)', '1')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (target: string | undefined, options: SolveOptions) => {
      const [{ parseCount }, { FieldModel }, { solve }, { solveText, solveJson }] =
        await Promise.all([
          onDemand.counts(),
          onDemand.fieldModel(),
          onDemand.solve(),
          onDemand.solveReport(),
        ]);
      if (!options.vary.length)
        throw new UserError('solve needs --vary FIELD: the config field to solve for', {
          field: '--vary',
        });
      const goal = parseCount('--target', options.target, 'decimal');
      const step = parseCount('--multiple-of', options.multipleOf);
      const request = await modelRequestOf(requestOf(target, options), 'solve');
      const model = new FieldModel(request.model, options.dtype as WeightType);
      const solutions = options.vary.map((field) =>
        solve(model, { field, target: goal, measure: options.of, step }),
      );
      const closedForm = await closedFormOf(request.model, options.of, options.dtype as WeightType);
      writeStandardOutput(
        options.format === 'json'
          ? `${JSON.stringify(solveJson(options.target, solutions, closedForm), null, 2)}\n`
          : solveText(request.title, solutions, closedForm),
      );
    });
}
