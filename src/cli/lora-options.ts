import type { Command } from 'commander';

/** LoRA's options as commander hands them over: text, parsed by `loraRequestOf`. */
export interface LoraOptions {
  rank?: string;
  alpha?: string;
  targetModules?: string;
  targetRegex?: string;
  modulesToSave?: string;
}

/** Adds `--rank`, `--alpha`, `--target-modules`, `--target-regex` and `--modules-to-save`. */
export function addLoraOptions(command: Command, scope = ''): Command {
  return command
    .option('--rank <r>', `${scope}LoRA's rank r (PEFT's default: 8)`)
    .option(
      '--alpha <a>',
      `${scope}lora_alpha: scales the update by α/r, adds no parameter (default 8)`,
    )
    .option(
      '--target-modules <names>',
      `${scope}modules to adapt, comma-separated, each matching a module's name or its last components (q_proj,v_proj), or all-linear; default: PEFT's for the model_type`,
    )
    .option(
      '--target-regex <pattern>',
      `${scope}modules to adapt: a regular expression their whole name matches, as PEFT takes a string`,
    )
    .option(
      '--modules-to-save <names>',
      `${scope}modules trained whole beside the adapters, comma-separated (classifier, score, lm_head)`,
    );
}

/** Whether any LoRA option was given (memory takes them only with --lora). */
export const anyLoraOption = (o: LoraOptions) =>
  [o.rank, o.alpha, o.targetModules, o.targetRegex, o.modulesToSave].some((v) => v !== undefined);

/** What `tparams memory` takes beside the LoRA options. */
export interface LoraMemoryOptions extends LoraOptions {
  lora?: boolean;
  qlora?: boolean;
  adapterDtype?: string;
}

/** `--lora`, `--qlora`, `--adapter-dtype` and the LoRA options, for `tparams memory`. */
export function addLoraMemoryOptions(command: Command): Command {
  command
    .option(
      '--lora',
      'with --training: LoRA fine-tuning, the base frozen in --dtype, adapters trained (PEFT)',
    )
    .option(
      '--qlora',
      'with --training: QLoRA, the frozen Linear weights in NF4 with double quantization (implies --lora)',
    )
    .option(
      '--adapter-dtype <dtype>',
      "with --lora: the adapters' type while training, fp32 (PEFT's default) or bf16 (mixed precision)",
    );
  return addLoraOptions(command, 'with --lora: ');
}
