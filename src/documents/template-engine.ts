import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { templatesDir } from '../i18n/locale.js';

/** Fills a template by name: the shipped `model`/`component` one of a format, or the user's own. */
export interface TemplateEngine {
  render(data: object): string;
}

type EtaInstance = InstanceType<typeof import('eta').Eta>;
const require = createRequire(import.meta.url);

/**
 * On Node, eta reads the templates from `templates/<folder>/` (a format's `document.templates`),
 * or the folder of `--template FILE`, with the partials they include. The web page's build has an engine over bundled templates
 * (src/web/platform/template-engine.ts).
 */
export function templateEngine(
  folder: string,
  kind: 'model' | 'component',
  escapeValue: (value: unknown) => string,
  template?: string,
): TemplateEngine {
  const { views, name } = templateLocation(folder, kind, template);
  const { Eta } = require('eta') as typeof import('eta');
  const eta: EtaInstance = new Eta({
    views,
    autoEscape: true,
    escapeFunction: escapeValue,
    autoTrim: false,
    cache: true,
    defaultExtension: '.eta',
  });
  return { render: (data) => eta.render(name, data) };
}

function templateLocation(
  folder: string,
  kind: 'model' | 'component',
  template?: string,
): { views: string; name: string } {
  if (!template) return { views: `${templatesDir}${folder}`, name: `./${kind}` };
  const path = resolve(template);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UserError(`--template ${template}: no such file`, {
      field: '--template',
      received: template,
    });
  }
  return { views: dirname(path), name: `./${basename(path)}` };
}
