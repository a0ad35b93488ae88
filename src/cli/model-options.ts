import type { Command } from 'commander';
import { UserError } from '../errors/user-error.js';
import { defaultPresetName } from '../models/presets.js';
import type { ModelFacts, Report } from '../report/report.js';
import { type DeriveRequest, deriveRequested } from './resolve-subject.js';
import { collectSetting } from './settings.js';
import type { Setting } from '../targets/parameters.js';

/** What every model command takes: a config file and class, a spec file (where it applies), --set overrides. */
export interface ModelOptions {
  set: Setting[];
  config?: string;
  class?: string;
  spec?: string;
  fromCheckpoint?: boolean;
}

/** The option that reads a checkpoint's header even where a family knows its `model_type`. */
export const fromCheckpointFlag = [
  '--from-checkpoint',
  "with a checkpoint (folder, .safetensors, index, .gguf or Hub id): derive from the header's names and shapes, not the family's table",
] as const;

/** Adds the model options and the preset argument, so every command takes a model the way `derive` does. */
export function modelCommand(
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
      `a preset (see 'tparams list'), a Hub id ORG/NAME[@REVISION] or a checkpoint; default: ${defaultPresetName}`,
    )
    .option('-c, --config <file>', "a model's config.json (HuggingFace)")
    .option('--class <name>', 'the transformers class to count')
    .option(...fromCheckpointFlag);
  if (options.spec) command.option('--spec <file>', 'an architecture described in JSON');
  return command.option(
    '-s, --set <name=value>',
    'a config field to override (repeatable)',
    collectSetting,
    [] as Setting[],
  );
}

/** The request a model command's target and options make. */
export function requestOf(target: string | undefined, options: ModelOptions): DeriveRequest {
  return {
    settings: options.set,
    ...(target !== undefined ? { target } : {}),
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.class !== undefined ? { className: options.class } : {}),
    ...(options.spec !== undefined ? { spec: options.spec } : {}),
    ...(options.fromCheckpoint ? { fromCheckpoint: true } : {}),
  };
}

/** A report of a whole model, which the figures' commands need (a component has no cache or layers to size). */
export type ModelReport = Report & { readonly model: ModelFacts };

/**
 * The model a figures command (memory, flops, speed, lora) is asked about, derived; a component
 * (`attention`) is refused with what the command takes.
 */
export async function derivedModel(
  command: string,
  target: string | undefined,
  options: ModelOptions,
): Promise<ModelReport> {
  const report = await deriveRequested(requestOf(target, options));
  if (!report.model)
    throw new UserError(
      `${target} is not a model: ${command} takes a model (a preset, a Hub id, --config, --spec or a checkpoint), not a component`,
      { field: 'target', received: target },
    );
  return report as ModelReport;
}
