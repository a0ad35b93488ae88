import { outputFormat } from '../documents/formats/registry.js';
import { renderDocument, type DocumentFormat } from '../documents/render-document.js';
import type { FigureOptions } from '../requests/model-figures.js';
import type { Report } from '../report/report.js';
import { prepareKatexStylesheet } from './platform/katex-stylesheet.js';

/**
 * The documents the CLI writes (`tparams derive … --format md|tex|html`), made in the page from the
 * same templates. A chunk of its own: the templates and eta load only when a reader asks.
 */
export async function documentFile(
  report: Report,
  format: DocumentFormat,
  lang: string,
  figures: FigureOptions,
): Promise<{ name: string; type: string; text: string }> {
  const record = outputFormat(format);
  if (record.document.katexStylesheet)
    await prepareKatexStylesheet(new URL('./', document.baseURI));
  const text = renderDocument(report, { format, lang, figures });
  const slug =
    (report.title.split(' (')[0] ?? 'model').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') ||
    'model';
  return {
    name: `${slug}${lang === 'en' ? '' : `.${lang}`}.${record.extension}`,
    type: `${record.mimeType};charset=utf-8`,
    text,
  };
}

/** Saves text as a file through the browser's download. */
export function saveFile(file: { name: string; type: string; text: string }): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
