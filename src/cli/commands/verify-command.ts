import { type Command, Option } from 'commander';
import { onDemand } from '../on-demand.js';
import { CHECKPOINT_DIFFERS } from '../exit-codes.js';
import { writeStandardOutput } from '../standard-output.js';

/** `tparams verify`: a checkpoint checked against the derivation, tensor by tensor, from its headers. */
export function verifyCommand(program: Command): void {
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
          await Promise.all([
            onDemand.verifyModel(),
            onDemand.verifyReport(),
            onDemand.openCheckpoint(),
          ]);
        const checkpoint = await openCheckpoint(path, options.config);
        const { className, verification } = verifyModel(checkpoint, options.class);
        writeStandardOutput(
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
}
