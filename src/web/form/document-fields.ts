import { documentFormats, type DocumentFormat } from '../../documents/formats/registry.js';
import { fill, h } from '../dom.js';
import { announce, figureOptions, page, words } from '../page.js';

/** The documents the CLI writes, to download or copy, and the link to this view. */
export function documentFields(w: Record<string, string>): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, w.document!),
    h(
      'div',
      { class: 'row wrap' },
      ...documentFormats.map((f) =>
        h(
          'button',
          { type: 'button', 'data-download': f.name, onclick: () => void download(f.name) },
          `${w.download} .${f.extension}`,
        ),
      ),
      h(
        'button',
        { type: 'button', id: 'copy-document', onclick: () => void copyDocument() },
        w.copyDocument!,
      ),
    ),
    h(
      'p',
      { class: 'hint' },
      h('a', { id: 'permalink', href: location.href }, w.link!),
      ' ',
      h('span', { id: 'link-note' }),
    ),
  );
}

async function download(format: DocumentFormat): Promise<void> {
  const subject = page.subject;
  if (!subject) return;
  const { documentFile, saveFile } = await import('../downloads.js');
  saveFile(await documentFile(subject.report, format, page.state.lang, figureOptions()));
}

/** The Markdown document onto the clipboard. */
async function copyDocument(): Promise<void> {
  const subject = page.subject;
  if (!subject) return;
  const [{ documentFile }, { copyText }] = await Promise.all([
    import('../downloads.js'),
    import('../copy.js'),
  ]);
  const file = await documentFile(subject.report, 'md', page.state.lang, figureOptions());
  announce(
    (await copyText(file.text)) ? fill(words().copied, { what: 'Markdown' }) : words().copyFailed!,
  );
}
