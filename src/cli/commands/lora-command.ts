import { type Command, Option } from 'commander';
import { onDemand } from '../on-demand.js';
import { derivedModel, modelCommand, type ModelOptions } from '../model-options.js';
import { addLoraOptions, type LoraOptions } from '../lora-options.js';
import { writeStandardOutput } from '../standard-output.js';

/** `tparams lora`: the parameters LoRA trains, as PEFT's `print_trainable_parameters()` counts them. */
export function loraCommand(program: Command): void {
  const command = modelCommand(
    program,
    'lora',
    "LoRA's trainable and all parameters as derivations, as PEFT's print_trainable_parameters() reports them",
    { spec: true },
  );
  addLoraOptions(command)
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(
      async (
        target: string | undefined,
        options: ModelOptions & LoraOptions & { format: 'text' | 'json' },
      ) => {
        const [{ loraRequestOf }, { loraFigures }, { loraJson, loraText }] = await Promise.all([
          onDemand.loraParse(),
          onDemand.loraRequest(),
          onDemand.loraReport(),
        ]);
        const request = loraRequestOf(options);
        const report = await derivedModel('lora', target, options);
        const figures = loraFigures(report, request);
        writeStandardOutput(
          options.format === 'json'
            ? `${JSON.stringify(loraJson(report, figures), null, 2)}\n`
            : loraText(report, figures),
        );
      },
    );
}
