import { type Command, Option } from 'commander';
import { defaultPresetName } from '../../models/presets.js';
import { deriveRequested } from '../resolve-subject.js';
import {
  checkOutputOptions,
  figureFormats,
  formatNames,
  formats,
  type FormatName,
} from '../formats.js';
import { figureOptionsOf, type DocumentFigureOptions } from '../figure-options.js';
import { kvEngineNames } from '../../analysis/kv-engines.js';
import { documentFormats, formatsTaking } from '../../documents/formats/registry.js';
import { languages } from '../../i18n/locale.js';
import { oneOf } from '../../errors/user-error.js';
import { writeAtomically } from '../write-output.js';
import { collectSetting } from '../settings.js';
import type { Setting } from '../../targets/parameters.js';
import { fromCheckpointFlag, requestOf, type ModelOptions } from '../model-options.js';
import { writeStandardOutput } from '../standard-output.js';

/** The formats filled from templates, and the names of those an option applies to, for the help. */
const documentNames = documentFormats.map((f) => f.name);
const taking = (option: Parameters<typeof formatsTaking>[0]) =>
  oneOf(formatsTaking(option).map((f) => f.name));
const allOf = (names: readonly string[]) => oneOf(names).replace(/ or ([^ ]+)$/, ' and $1');

interface DeriveOptions extends ModelOptions, DocumentFigureOptions {
  format: FormatName;
  lang: string;
  template?: string;
  fragment: boolean;
  mathml: boolean;
  output?: string;
}

/** `tparams derive`: derives a model, a component or a torch.nn module, as text or a document. */
export function deriveCommand(program: Command): void {
  program
    .command('derive')
    .description('derive a model (preset, config.json or spec), a component, or a torch.nn module')
    .argument(
      '[target]',
      `a preset, component or torch.nn module (see 'tparams list'), a Hub id ORG/NAME[@REVISION], or a checkpoint (folder, .safetensors, index or .gguf); default: ${defaultPresetName}`,
    )
    .option('-c, --config <file>', "a model's config.json (HuggingFace)")
    .option(
      '--class <name>',
      "the transformers class to count (default: the config's architectures[0])",
    )
    .option('--spec <file>', 'an architecture described in JSON (see the README)')
    .option(...fromCheckpointFlag)
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
      new Option('--lang <lang>', `language of ${allOf(documentNames)} documents`)
        .choices(languages)
        .default('en'),
    )
    .option(
      '--template <file>',
      `fill your own template (${documentNames.join(', ')}) with the document data`,
    )
    .option(
      '--fragment',
      `with --format ${taking('fragment')}: the equations alone, no document around them`,
      false,
    )
    .option('--mathml', `with --format ${taking('mathml')}: MathML only, which needs no CSS`, false)
    .option(
      '--gpu <name>',
      `with --format ${oneOf(figureFormats)}: the roofline's bounds and what fits on a GPU from the table, NAME[xN] for several`,
    )
    .option(
      '--lora-rank <r>',
      `with --format ${oneOf(figureFormats)}: LoRA's rank for the fine-tuning figures (default 8, PEFT's)`,
    )
    .option(
      '--target-modules <names>',
      `with --format ${oneOf(figureFormats)}: the modules LoRA adapts, comma-separated, or all-linear (default: PEFT's for the model_type)`,
    )
    .addOption(
      new Option(
        '--engine <name>',
        `with --format ${oneOf(figureFormats)}: whose cache allocation the cache, speed and fits figures follow`,
      ).choices([...kvEngineNames]),
    )
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .action(async (target: string | undefined, options: DeriveOptions) => {
      const figures = await figureOptionsOf(options, options.format);
      const output = {
        lang: options.lang,
        ...(figures ? { figures } : {}),
        fragment: options.fragment,
        mathml: options.mathml,
        ...(options.template ? { template: options.template } : {}),
      };
      checkOutputOptions(options.format, output);
      const report = await deriveRequested(requestOf(target, options));
      const rendered = await formats[options.format](report, output);
      if (options.output) writeAtomically(options.output, rendered);
      else writeStandardOutput(rendered);
    });
}
