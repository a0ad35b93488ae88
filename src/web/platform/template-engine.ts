import { Eta } from 'eta/core';
import templates from 'tparams:templates';
import { UserError } from '../../errors/user-error.js';

/**
 * The shipped templates, bundled: eta's core (no file system) reads them from the build's map, so
 * the md/tex/html documents a reader downloads are the ones the CLI writes.
 */
class BundledEta extends Eta {
  override resolvePath = (name: string, options?: { filepath?: string }): string => {
    const from = options?.filepath
      ? options.filepath.slice(0, options.filepath.lastIndexOf('/') + 1)
      : '';
    const parts: string[] = [];
    for (const part of `${from}${name}.eta`.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '.' && part !== '') parts.push(part);
    }
    return parts.join('/');
  };

  override readFile = (path: string): string => {
    const text = templates[path];
    if (text === undefined) throw new Error(`internal: no bundled template ${path}`);
    return text;
  };
}

/** The engine over the bundled templates (a user's own template is the CLI's alone). */
export const templateEngine: typeof import('../../documents/template-engine.js').templateEngine = (
  folder,
  kind,
  escapeValue,
  template,
) => {
  if (template)
    throw new UserError('the web page fills only the shipped templates', {
      field: 'template',
      received: template,
    });
  const eta = new BundledEta({
    views: folder,
    autoEscape: true,
    escapeFunction: escapeValue,
    autoTrim: false,
    cache: true,
  });
  return { render: (data) => eta.render(`${folder}/${kind}`, data) };
};
