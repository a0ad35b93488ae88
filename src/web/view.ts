import type { DocumentData } from '../documents/document-data.js';
import { copyForms, copyText, type Equation } from './copy.js';
import { append, fill, h, trusted } from './dom.js';

/** What the view needs besides the document's data: the page's words and a place to say things. */
export interface ViewContext {
  readonly words: Record<string, string>;
  announce(message: string): void;
}

/**
 * The page's main view: what the CLI's HTML document shows, from the same data (documentData),
 * with a copy menu beside every equation and the breakdown as a tree that folds.
 */
export function renderView(data: DocumentData, context: ViewContext): DocumentFragment {
  const { t } = data;
  const view = document.createDocumentFragment();
  const math = data.math;
  const overview = data.sections[0]!;
  append(
    view,
    h(
      'header',
      { class: 'subject' },
      h('h1', { id: 'title' }, data.title),
      data.phrases.source && h('p', { class: 'meta' }, data.phrases.source),
      data.phrases.class && h('p', { class: 'meta' }, data.phrases.class),
      h('p', { class: 'meta' }, t.phrases.definition!),
    ),
  );
  if (data.total) {
    append(
      view,
      h(
        'div',
        { class: 'cards' },
        card(t.headings.total!, data.total.text, 'total'),
        data.nonEmbedding &&
          card(
            t.headings.nonEmbedding!,
            data.nonEmbedding.text,
            'non-embedding',
            data.nonEmbedding.share,
          ),
        data.active &&
          card(
            t.headings.activeCard!,
            data.active.text,
            'active',
            data.active.excludingEmbedding
              ? `− E_tok: ${data.active.excludingEmbedding.text}`
              : undefined,
          ),
      ),
    );
  }
  append(
    view,
    h('h2', { id: 'derivation' }, t.headings.derivation!),
    equation(
      { tex: overview.alignedTex, kind: 'derivation', text: overview.alignedText },
      math.derivation(overview.alignedTex),
      context,
    ),
    ...zeros(overview.zeros, data),
  );
  if (data.chartSvg)
    append(
      view,
      h('h3', {}, t.headings.chart!),
      h('figure', { class: 'chart' }, trusted(data.chartSvg, 'div')),
    );
  if (data.active) {
    append(
      view,
      h('h3', {}, t.headings.active!),
      h('p', {}, data.active.sentence),
      equation(
        { tex: data.active.alignedTex, kind: 'derivation', text: data.active.alignedText },
        math.derivation(data.active.alignedTex),
        context,
      ),
    );
  }
  append(view, h('h2', { id: 'breakdown' }, context.words.breakdown!), breakdownTree(data));
  if (data.roles.length) {
    append(
      view,
      h('h3', {}, t.headings.roles!),
      table(
        [t.columns.role!, t.columns.count!, t.columns.share!],
        data.roles.map((r) => [r.name, r.total.text, r.share]),
        [false, true, true],
      ),
    );
  }
  append(
    view,
    h('h2', {}, t.headings.symbols!),
    table(
      [t.columns.symbol!, t.columns.meaning!, t.columns.field!, t.columns.value!],
      data.symbols.map((s) => [
        trusted(math.inline(s.tex)),
        s.meaning,
        h('code', {}, s.field),
        s.value ? s.value.text : t.phrases.symbolic!,
      ]),
      [false, false, false, true],
    ),
  );
  if (data.sections.length > 1) {
    append(
      view,
      h('h2', {}, t.headings.components!),
      h('p', { class: 'meta' }, t.phrases.stepsIntro!),
    );
    for (const s of data.sections.slice(1)) {
      append(
        view,
        h(
          'section',
          {},
          h('h3', {}, `${s.name} `, h('code', {}, s.key)),
          equation(
            { tex: s.alignedTex, kind: 'derivation', text: s.alignedText },
            math.derivation(s.alignedTex),
            context,
          ),
          ...zeros(s.zeros, data),
          s.note && h('p', { class: 'note' }, s.note),
        ),
      );
    }
  }
  if (data.approximations.length)
    append(view, h('h2', {}, t.headings.approximations!), approximations(data));
  if (data.figures) {
    for (const [id, heading, rows] of [
      ['memory', t.headings.memory!, data.figures.memory],
      ['compute', t.headings.compute!, data.figures.compute],
    ] as const) {
      append(view, h('h2', { id }, heading));
      for (const f of rows) {
        append(
          view,
          h(
            'section',
            { class: 'figure', id: `figure-${f.key}` },
            h('h3', {}, f.name),
            h('p', { class: 'note' }, f.convention),
            equation(
              { tex: f.alignedTex, kind: 'derivation', text: f.alignedText },
              math.derivation(f.alignedTex),
              context,
            ),
            f.value &&
              h(
                'p',
                {},
                h('strong', {}, `${f.value.text} ${f.unit}`),
                f.human ? ` (${f.human})` : '',
              ),
          ),
        );
      }
    }
  }
  return view;
}

function card(label: string, value: string, id: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value', id }, value),
    note && h('div', { class: 'label' }, note),
  );
}

function zeros(list: DocumentData['sections'][number]['zeros'], data: DocumentData): HTMLElement[] {
  return list.map((z) =>
    h('p', { class: 'note' }, trusted(data.math.inline(z.tex)), ` — ${z.reason}`),
  );
}

/** A displayed equation with its copy menu: LaTeX, Markdown, MathML, plain text. */
function equation(source: Equation, markup: string, context: ViewContext): HTMLElement {
  return h(
    'div',
    { class: 'equation' },
    trusted(markup, 'div', 'derivation'),
    copyMenu(source, context),
  );
}

export function copyMenu(source: Equation, context: ViewContext): HTMLElement {
  const { words } = context;
  const forms = copyForms.filter((f) => f.key !== 'text' || source.text !== undefined);
  return h(
    'details',
    { class: 'copy' },
    h('summary', { title: words.copy }, words.copy!),
    h(
      'div',
      { class: 'copy-forms' },
      ...forms.map((form) =>
        h(
          'button',
          {
            type: 'button',
            'data-copy': form.key,
            onclick: async (event: Event) => {
              // (the event's currentTarget is gone once the handler awaits)
              const menu = (event.currentTarget as HTMLElement).closest('details');
              const copied = await copyText(form.make(source) ?? '');
              context.announce(
                copied
                  ? fill(words.copied, { what: words[form.label] ?? form.key })
                  : words.copyFailed!,
              );
              menu?.removeAttribute('open');
              menu?.querySelector('summary')?.focus();
            },
          },
          words[form.label]!,
        ),
      ),
    ),
  );
}

/** The breakdown rows (depth-first, with depths) as nested lists; the top two levels start open. */
function breakdownTree(data: DocumentData): HTMLElement {
  const root = h('ul', { class: 'tree' });
  const stack: Array<{ depth: number; list: HTMLElement }> = [{ depth: -1, list: root }];
  data.summary.forEach((row, i) => {
    const hasChildren = (data.summary[i + 1]?.depth ?? -1) > row.depth;
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= row.depth) stack.pop();
    const line = h(
      'span',
      { class: `row depth-${row.depth}` },
      h(
        'span',
        { class: 'name' },
        h('code', {}, row.key),
        row.copies ? trusted(data.math.inline(`\\times ${row.copies.tex}`)) : null,
        row.name !== row.key ? h('span', { class: 'note' }, ` ${row.name}`) : null,
      ),
      h('span', { class: 'formula' }, row.note ? '0' : trusted(data.math.inline(row.formula.tex))),
      h('span', { class: 'num' }, row.total?.text ?? ''),
      h('span', { class: 'num share' }, row.share ?? ''),
    );
    const item = h('li');
    if (hasChildren) {
      const children = h('ul');
      append(item, h('details', { open: row.depth < 2 }, h('summary', {}, line), children));
      stack[stack.length - 1]!.list.appendChild(item);
      stack.push({ depth: row.depth, list: children });
    } else {
      append(item, line);
      stack[stack.length - 1]!.list.appendChild(item);
    }
  });
  const { t } = data;
  // The Count column is as wide as the widest count (the total), so it never overflows its row.
  const widest = Math.max(
    ...data.summary.map((row) => row.total?.text.length ?? 0),
    t.columns.count!.length,
  );
  return h(
    'div',
    { class: 'tree-frame', style: `--count-width: ${widest + 1}ch` },
    h(
      'div',
      { class: 'tree-head row', 'aria-hidden': 'true' },
      h('span', {}, t.columns.component!),
      h('span', {}, t.columns.formula!),
      h('span', { class: 'num' }, t.columns.count!),
      h('span', { class: 'num share' }, t.columns.share!),
    ),
    root,
  );
}

function table(
  headings: string[],
  rows: Array<Array<string | Node>>,
  numeric: boolean[],
): HTMLElement {
  return h(
    'div',
    { class: 'table-frame' },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...headings.map((x, i) => h('th', { class: numeric[i] ? 'num' : undefined }, x)),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            {},
            ...r.map((cell, i) => h('td', { class: numeric[i] ? 'num' : undefined }, cell)),
          ),
        ),
      ),
    ),
  );
}

/**
 * The approximations: each one's estimate and error in a row, and why it differs in a row of its
 * own beneath, as wide as the table (a fourth column of sentences left the why a word wide at 1000 px).
 */
function approximations(data: DocumentData): HTMLElement {
  const { t } = data;
  const headings = [t.columns.approximation!, t.columns.estimate!, t.columns.error!];
  const rows = data.approximations.flatMap((a) => [
    h(
      'tr',
      { class: 'approximation' },
      h('td', {}, h('strong', {}, a.name), h('br'), trusted(data.math.inline(a.tex))),
      h('td', { class: 'num' }, a.applies ? a.value!.text : '—'),
      h(
        'td',
        { class: 'num' },
        a.applies
          ? h('span', {}, a.error!, h('br'), h('span', { class: 'note' }, a.errorPercent!))
          : '—',
      ),
    ),
    h(
      'tr',
      { class: 'why' },
      h(
        'td',
        { colspan: 3 },
        h('span', { class: 'note' }, `${t.columns.why!}: `),
        a.applies
          ? h(
              'ul',
              { class: 'reasons' },
              ...a.reasons.map((r) => h('li', {}, `${r.text}: ${r.difference}`)),
            )
          : `${t.phrases.doesNotApply}: ${a.why}`,
      ),
    ),
  ]);
  return h(
    'div',
    { class: 'table-frame' },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h('tr', {}, ...headings.map((x, i) => h('th', { class: i > 0 ? 'num' : undefined }, x))),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
