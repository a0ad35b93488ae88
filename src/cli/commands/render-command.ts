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
      const [{ renderNote }, { spareHelpers }, { tierUpLater }] = await Promise.all([
        import('../blocks/render-note.js'),
        import('../blocks/render-blocks.js'),
        import('../tier-up.js'),
      ]);
      const helpers = spareHelpers();
      // A note's blocks are much code run once or a few times: TurboFan's compiles of it cost
      // more than they save (50 blocks in Markdown: 830 -> 600 M instructions). Only when this
      // thread renders them all (a helper's start reads the code cache, which the flag would make
      // V8 reject) and KaTeX is not to be read (HTML: its loader raises the threshold itself).
      if (helpers === 0 && options.format === 'md') tierUpLater();
      const { text: rendered, mistakes } = await renderNote(text, note, {
        helpers,
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
