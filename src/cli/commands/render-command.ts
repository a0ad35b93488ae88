import { type Command, Option } from 'commander';
import { readRegularFile } from '../../files/regular-file.js';
import { languages } from '../../i18n/locale.js';
import { limits } from '../../limits.js';
import { writeAtomically } from '../write-output.js';
import { writeStandardOutput } from '../standard-output.js';

interface RenderOptions {
  format: 'md' | 'html';
  lang: string;
  strict: boolean;
  mathml: boolean;
  output?: string;
}

/** `tparams render NOTE.md`: each `tparams` block of a note replaced by its derivation. */
export function renderCommand(program: Command): void {
  program
    .command('render')
    .description(
      'render the tparams blocks of a Markdown note: Markdown math and tables, or an HTML page',
    )
    .argument('<note>', 'a Markdown file with ```tparams blocks (one command each)')
    .addOption(
      new Option('-f, --format <format>', 'md: the note with $$ math; html: a standalone page')
        .choices(['md', 'html'])
        .default('md'),
    )
    .addOption(
      new Option('--lang <lang>', "the blocks' language (a block's own --lang wins)")
        .choices(languages)
        .default('en'),
    )
    .option('--strict', "fail (exit 2) on a block's mistake, naming its line", false)
    .option('--mathml', 'with --format html: MathML only, which needs no CSS', false)
    .option('-o, --output <file>', 'write to a file (atomically) instead of standard output')
    .action(async (note: string, options: RenderOptions) => {
      const text = readRegularFile(note, 'note', limits.noteBytes).toString('utf8');
      const { renderNote } = await import('../blocks/render-note.js');
      const { text: rendered, mistakes } = await renderNote(text, note, {
        format: options.format,
        lang: options.lang,
        strict: options.strict,
        ...(options.mathml ? { katexOutput: 'mathml' as const } : {}),
      });
      for (const m of mistakes) process.stderr.write(`tparams: ${note}:${m.line}: ${m.message}\n`);
      if (options.output) writeAtomically(options.output, rendered);
      else writeStandardOutput(rendered);
    });
}
