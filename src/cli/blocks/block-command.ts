import { Command, CommanderError } from 'commander';
import { oneOf, UserError } from '../../errors/user-error.js';
import { languages } from '../../i18n/locale.js';
import { commands } from '../commands/registry.js';

/** What a block shows of its command's result (`--show`, default the derivation with its value). */
export const shows = ['derivation', 'total', 'breakdown', 'figures', 'all'] as const;
export type Show = (typeof shows)[number];

/** The commands a block may hold: those whose result is a derivation. */
export const blockCommands = ['derive', 'memory', 'flops', 'lora', 'speed', 'diff'] as const;
export type BlockCommand = (typeof blockCommands)[number];

/** A block's words as its command parsed them: the CLI's own options, and the block's two. */
export interface ParsedBlock {
  readonly command: BlockCommand;
  /** The command's arguments (a target; diff's two models). */
  readonly args: readonly (string | undefined)[];
  /** The command's options, as its action receives them. */
  readonly options: Record<string, unknown>;
  readonly show: Show;
  readonly lang: string;
}

/** Options that choose an output, which a block takes from the note instead. */
const outputOptions = /^(-f|--format|-o|--output|--template|--fragment|--mathml)(=|$)/;

/**
 * A block's words parsed by the CLI's own definition of its command (commander, with the action
 * taken over), so a block takes exactly what the command takes and says the same when it is wrong.
 * `--show` and `--lang` are the block's; `lang` is the note's language unless the block says.
 */
export async function parseBlock(words: readonly string[], lang = 'en'): Promise<ParsedBlock> {
  const key = JSON.stringify([words, lang]);
  const known = parsedBlocks.get(key);
  if (known) return known;
  const parsed = parseWords(words, lang);
  if (parsedBlocks.size >= mostParsedBlocks) parsedBlocks.clear();
  parsedBlocks.set(key, parsed);
  return parsed;
}

/**
 * Blocks parsed, by their words and language: a note's blocks are parsed to be grouped by model,
 * then to be rendered, and building a command's definition is most of a parse. What a block
 * parses to is its words' alone (no option reads the environment or a file), and never changed.
 * Bounded for a long-running dev server: emptied when full.
 */
const parsedBlocks = new Map<string, ParsedBlock>();
const mostParsedBlocks = 1000;

function parseWords(words: readonly string[], lang: string): ParsedBlock {
  const [name, ...rest] = words;
  if (!name || !(blockCommands as readonly string[]).includes(name))
    throw new UserError(
      `a tparams block starts with a command: ${oneOf(blockCommands)}${name ? `, not '${name}'` : ''}`,
      { field: 'block', ...(name ? { received: name } : {}), expected: oneOf(blockCommands) },
    );
  const own = takeOwn(rest, lang);
  const refused = own.words.find((w) => outputOptions.test(w));
  if (refused)
    throw new UserError(
      `${refused.split('=')[0]} does not apply in a block: it renders in the note's format`,
      { field: 'block', received: refused },
    );
  const definition = definitionOf(name);
  definition.message = '';
  let parsed: unknown[] = [];
  definition.received = (received) => {
    parsed = received;
  };
  try {
    // Synchronously (the action is), so blocks parsed at once never share the definition's state.
    definition.program.parse([name, ...own.words], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError)
      throw new UserError(
        (definition.message || error.message)
          .replace(/^error: /, '')
          .split('\n')[0]!
          .trim(),
        { field: 'block', received: words.join(' ').slice(0, 200) },
      );
    throw error;
  }
  // The action's arguments: the command's own, then its options and the command itself.
  const options = parsed.at(-2) as Record<string, unknown>;
  return {
    command: name as BlockCommand,
    args: parsed.slice(0, -2) as (string | undefined)[],
    options,
    show: own.show,
    lang: own.lang,
  };
}

/** A command's definition, with where its parse's error message and action's arguments go. */
interface Definition {
  readonly program: Command;
  message: string;
  received: (received: unknown[]) => void;
}

/**
 * Each command's definition, built once and parsed again for every block that names it: building
 * it (its options, their flags) was most of a block's parse. Commander (13 and later) puts a
 * command's option values back to their defaults before each parse; the values a parse gives are
 * an object of its own, never changed by the next.
 */
const definitions = new Map<string, Definition>();

function definitionOf(name: string): Definition {
  const known = definitions.get(name);
  if (known) return known;
  const program = new Command('tparams').exitOverride();
  const definition: Definition = { program, message: '', received: () => {} };
  const output = {
    writeOut: () => {},
    writeErr: (s: string) => {
      definition.message += s;
    },
  };
  program.configureOutput(output);
  commands[name]!(program);
  const command = program.commands[0]!;
  command.configureOutput(output);
  command.action((...received: unknown[]) => definition.received(received));
  definitions.set(name, definition);
  return definition;
}

/** `--show` and `--lang`, taken out of the words, checked. */
function takeOwn(words: readonly string[], lang: string) {
  const kept: string[] = [];
  let show: Show = 'derivation';
  let language = lang;
  for (let i = 0; i < words.length; i++) {
    const [flag, inline] = words[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag !== '--show' && flag !== '--lang') {
      kept.push(words[i]!);
      continue;
    }
    const value = inline ?? words[++i];
    const allowed: readonly string[] = flag === '--show' ? shows : languages;
    if (value === undefined || !allowed.includes(value))
      throw new UserError(`${flag} ${value ?? ''}: expected ${oneOf(allowed)}`.replace('  ', ' '), {
        field: flag,
        ...(value !== undefined ? { received: value } : {}),
        expected: oneOf(allowed),
      });
    if (flag === '--show') show = value as Show;
    else language = value;
  }
  return { words: kept, show, lang: language };
}
