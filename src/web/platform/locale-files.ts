import locales from 'tparams:locales';

/** The web page's locales: the same files, put in the bundle by the build. */
export const templatesDir = 'templates/';
/** A bundled locale by language. */
export const localeFile: typeof import('../../i18n/locale-files.js').localeFile = (lang) =>
  locales[lang];
