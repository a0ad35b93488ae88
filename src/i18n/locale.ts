import type { ApproximationReason } from '../analysis/approximations.js';
import { UserError } from '../errors/user-error.js';
import { localeFile } from './locale-files.js';
import { untag } from '../symbols/table.js';

export { templatesDir } from './locale-files.js';

/** The languages documents can be written in. */
export const languages = ['en', 'zh'] as const;
/** One of `languages`. */
export type Language = (typeof languages)[number];

/** The English words as stored: the shape every locale file has (a test checks zh.json has it too). */
type EnglishWords = typeof import('../../templates/locales/en.json');

/**
 * Every word a document shows, from `templates/locales/<lang>.json`, typed from `en.json`: a key
 * added there is known to the compiler everywhere. Two maps are open, since English needs no
 * entries in them: `symbols` (meanings in this language; English ones come from the symbol table)
 * and `parts` (part names by their English name; missing ones stay in English).
 */
export type Locale = Omit<EnglishWords, 'lang' | 'symbols' | 'parts'> & {
  lang: Language;
  symbols: Record<string, string>;
  parts: Record<string, string>;
};

const cache = new Map<Language, Locale>();

/** Loads a locale; an unknown language is a user error naming the valid ones. */
export function loadLocale(lang: string): Locale {
  if (!(languages as readonly string[]).includes(lang)) {
    throw new UserError(`--lang ${lang}: expected one of ${languages.join(', ')}`, {
      field: '--lang',
      received: lang,
    });
  }
  const known = cache.get(lang as Language);
  if (known) return known;
  const locale = localeFile(lang) as Locale;
  cache.set(lang as Language, locale);
  return locale;
}

/** Fills `{name}` placeholders: `fill('{n} parameters', { n: '1,024' })`. */
export function fill(phrase: string, values: Record<string, string>): string {
  return phrase.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** One approximation reason in words: what differs, in this language. */
export function reasonText(reason: ApproximationReason, locale: Locale): string {
  return reason.cause === 'role' ? locale.reasons.role[reason.role] : locale.reasons[reason.cause];
}

/**
 * A part's name (or a note on it) in this language, falling back to the English name. A locale
 * entry whose English side has `{placeholders}` translates every sentence of that shape, the
 * values carried over (`L = {L} layers run through …`).
 */
export function partName(name: string, locale: Locale): string {
  if (Object.hasOwn(locale.parts, name)) return locale.parts[name]!;
  for (const { pattern, translation } of patternsOf(locale)) {
    const match = pattern.exec(name);
    if (match?.groups) return fill(translation, match.groups);
  }
  return name;
}

const patterns = new WeakMap<Locale, Array<{ pattern: RegExp; translation: string }>>();

/** The locale's part entries with placeholders, each as a regular expression over the English sentence. */
function patternsOf(locale: Locale): Array<{ pattern: RegExp; translation: string }> {
  let known = patterns.get(locale);
  if (!known) {
    known = Object.entries(locale.parts)
      .filter(([english]) => /\{\w+\}/.test(english))
      .map(([english, translation]) => {
        const source = english
          .split(/(\{\w+\})/)
          .map((piece) =>
            /^\{\w+\}$/.test(piece)
              ? `(?<${piece.slice(1, -1)}>.+?)`
              : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
          )
          .join('');
        return { pattern: new RegExp(`^${source}$`), translation };
      });
    patterns.set(locale, known);
  }
  return known;
}

/**
 * What a symbol means, in this language: the locale's own words, else a tagged symbol's base
 * meaning with its tag (`d_model_enc`: the encoder's width), else `fallback` (a spec's own meaning,
 * or the symbol table's English).
 */
export function symbolMeaning(name: string, locale: Locale, fallback: string): string {
  if (Object.hasOwn(locale.symbols, name)) return locale.symbols[name]!;
  const tagged = untag(name);
  if (tagged && Object.hasOwn(locale.symbolTags, tagged.tag)) {
    const base = Object.hasOwn(locale.symbols, tagged.base.name)
      ? locale.symbols[tagged.base.name]!
      : tagged.base.meaning;
    return fill(locale.phrases.taggedSymbol, {
      meaning: base,
      tag: locale.symbolTags[tagged.tag as keyof Locale['symbolTags']],
    });
  }
  return fallback;
}
