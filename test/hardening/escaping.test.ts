import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { katexFragments } from '../../src/documents/katex-fragments.js';
import { renderDocument } from '../../src/documents/render-document.js';
import { specFromJson } from '../../src/models/spec/spec-file.js';
import { escapeMarkdown, markdownCode, texText } from '../../src/render/escape.js';
import { reportJson } from '../../src/printers/report-json.js';
import { modelReport } from '../../src/requests/derive-model.js';
import { reportText } from '../../src/printers/report-text.js';
import { renderKatex } from '../../src/render/katex.js';

/**
 * One table of hostile strings, put where a user's words go (a spec's name, its modules' names
 * and keys, a symbol's meaning), through every output format: each must come out inert.
 */
const hostile = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '![img](http://evil.example/x.png)',
  '$\\input{/etc/passwd}$',
  '| col | break |',
  '`code` ``fence``',
  '\\write18{rm -rf /}',
  '# heading *bold* _it_ ~~s~~',
  '&lt;entity&gt; &amp;',
  '%comment ~tilde ^caret #hash {brace} }',
  '模型 🤗 é',
];

function hostileReport(strings = hostile) {
  const modules = strings.map((s) => ({ kind: 'linear', key: s, name: s, in: 'd', out: 'd' }));
  const spec = specFromJson(
    {
      name: strings.join(' '),
      sizes: { d: 8 },
      symbols: { d: { meaning: strings.join(' ') } },
      modules,
    },
    'hostile.json',
  );
  return modelReport(spec, spec.name, {
    modelType: 'spec',
    className: spec.name,
    source: 'hostile.json',
  });
}

describe('escaping: hostile strings come out inert in every format', () => {
  const report = hostileReport();

  it('HTML: no element, attribute or URL of theirs', () => {
    const html = renderDocument(report, { format: 'html' });
    expect(html).not.toMatch(/<script|<img|<iframe|href="javascript/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('Markdown: no HTML, link, image, code span or table cell of theirs; every line of a table has its columns', () => {
    const md = renderDocument(report, { format: 'md' });
    // Code spans are literal in Markdown: what is inside them cannot act; everything else, math included, is checked.
    const outsideCode = md.replace(/(`+)[^`][\s\S]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<script|<img|(?<!\\)\]\(javascript:|(?<!\\)!(?<!\\)\[img/i);
    expect(md).toContain('\\[click\\](javascript:alert(1))');
    // Table rows keep their column count: a name's | is escaped.
    for (const table of md.split('\n\n').filter((block) => block.startsWith('|'))) {
      const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
      const lines = table.split('\n');
      expect(
        lines.every((line) => cells(line) === cells(lines[0]!)),
        table.slice(0, 200),
      ).toBe(true);
    }
    // Code spans hold a key whole, whatever backticks it has.
    expect(md).toContain(markdownCode('`code` ``fence``'));
  });

  it('LaTeX: no command of theirs; pdfLaTeX compiles the document', () => {
    // (pdfLaTeX sets no CJK or emoji in an English document: those need XeLaTeX, as --lang zh's ctex does)
    const tex = renderDocument(hostileReport(hostile.filter((s) => !/\p{Script=Han}/u.test(s))), {
      format: 'tex',
    });
    expect(tex).not.toMatch(/(?<!textbackslash\{\})\\input\{|(?<!textbackslash\{\})\\write18/);
    if (existsSync('/usr/bin/pdflatex')) {
      const dir = mkdtempSync(join(tmpdir(), 'tparams-hostile-'));
      writeFileSync(join(dir, 'doc.tex'), tex);
      execFileSync(
        '/usr/bin/pdflatex',
        ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'doc.tex'],
        { cwd: dir, stdio: 'pipe', timeout: 60_000 },
      );
      expect(readFileSync(join(dir, 'doc.log'), 'latin1')).not.toMatch(/^! /m);
    }
  }, 90_000);

  it('KaTeX: every formula sets in strict mode, and the names are text', () => {
    const fragments = katexFragments(report);
    expect(fragments).not.toMatch(/<script|<img/i);
    for (const s of [...hostile, 'α € → ℓ ﬁ \u00a0 Ж ő 한국어 カナ'])
      expect(() => renderKatex(texText(s), { displayMode: false }), s).not.toThrow();
  });

  it('JSON and text: the names as they are', () => {
    const json = JSON.parse(JSON.stringify(reportJson(report))) as { name: string };
    expect(json.name).toBe(hostile.join(' '));
    expect(reportText(report, 100)).toContain(hostile[0]);
  });

  it('the Markdown escapers, one string at a time', () => {
    expect(escapeMarkdown('a|b $x$ `c` <b>&\n#1 [l](u)')).toBe(
      'a\\|b \\$x\\$ \\`c\\` &lt;b&gt;&amp; \\#1 \\[l\\](u)',
    );
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b\nc')).toBe('`a\\|b c`');
  });

  it('a control character in a spec is refused: names are printed in terminals', () => {
    expect(() =>
      specFromJson({ name: 'x\u001b[2J', sizes: { d: 8 }, modules: [] }, 's.json'),
    ).toThrow(
      's.json: spec field name holds a control character ("\\u001b"): expected printable text',
    );
  });
});
