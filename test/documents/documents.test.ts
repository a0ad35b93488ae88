import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { writeJson } from '../support/models.js';

const scratchDir = dirname(writeJson({}, 'probe.json'));

describe('documents', () => {
  it('writes a Markdown model document with $$ display math and $ inline math', () => {
    const { code, stdout } = runCli(['derive', 'gpt2', '--format', 'md']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Parameter count of gpt2/);
    expect(stdout).toMatch(/\$\$\n\\begin\{aligned\}\nP_\{\\text\{model\}\} &= /);
    expect(stdout).toContain('| $V$ | vocabulary size | `vocab_size` | 50,257 |');
    expect(stdout).toContain('**Total: 124,439,808**');
    expect(stdout).toContain('## Approximations');
    expect(stdout).toContain('norms outside the layers (final or embedding norm) +1,536');
  });

  it('writes the same document in Chinese', () => {
    const { stdout } = runCli(['derive', 'gpt2', '--format', 'md', '--lang', 'zh']);
    expect(stdout).toMatch(/^# gpt2 \(openai-community\/gpt2\) 的参数量推导/);
    expect(stdout).toContain('## 符号表');
    expect(stdout).toContain('| $V$ | 词表大小 | `vocab_size` | 50,257 |');
    expect(stdout).toContain('**总计: 124,439,808**');
  });

  it('writes a complete LaTeX document, or the equations alone with --fragment', () => {
    const full = runCli(['derive', 'bert-base-uncased', '--format', 'tex']).stdout;
    expect(full).toMatch(/^\\documentclass\[11pt\]\{article\}/);
    expect(full).toContain('\\begin{align*}');
    expect(full).toContain('\\texttt{num\\_\\allowbreak{}hidden\\_\\allowbreak{}layers}');
    expect(full.trim().endsWith('\\end{document}')).toBe(true);
    const zh = runCli(['derive', 'bert-base-uncased', '--format', 'tex', '--lang', 'zh']).stdout;
    expect(zh).toContain('\\documentclass[11pt]{ctexart}');
    const fragment = runCli(['derive', 'attention', '--format', 'tex', '--fragment']).stdout;
    expect(fragment).not.toContain('\\documentclass');
    expect(fragment).toContain('P_{\\text{attn}} &= P_{Q} + P_{K} + P_{V} + P_{O}');
  });

  it('writes one standalone HTML file: math rendered, KaTeX CSS and fonts inline, a chart', () => {
    const html = runCli(['derive', 'llama-2-7b', '--format', 'html']).stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('class="katex"');
    expect(html).not.toContain('katex-error');
    expect(html).toContain('data:font/woff2;base64,');
    expect(html).not.toMatch(/url\(fonts\//);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="tparams-chart"');
    expect(html).toContain('6,738,415,616');
  });

  it('writes KaTeX fragments, with or without CSS', () => {
    const fragments = runCli([
      'derive',
      'attention',
      '--set',
      'd_model=512',
      '--format',
      'katex',
    ]).stdout;
    expect(fragments).toMatch(
      /^<div class="tparams-equation" data-label="P_attn"><span class="katex-display">/,
    );
    expect(fragments).toContain('<math');
    const mathml = runCli(['derive', 'attention', '--format', 'katex', '--mathml']).stdout;
    expect(mathml).toContain('<math');
    expect(mathml).not.toContain('katex-html');
  });

  it('renders a component document too', () => {
    const md = runCli(['derive', 'attention', '--set', 'd_model=512', '--format', 'md']).stdout;
    expect(md).toMatch(/^# Parameter count of attention/);
    expect(md).toContain('&= 4\\left(512^{2} + 512\\right)');
  });

  it('fills a template of the user', () => {
    const template = join(scratchDir, 'mine.eta');
    writeFileSync(
      template,
      '<%= it.subject %>: <%= it.total.text %> (<%= it.t.headings.total %>) <%~ it.math.inline(it.symbols[0].tex) %>\n',
    );
    const { code, stdout } = runCli([
      'derive',
      'gpt2',
      '--format',
      'md',
      '--lang',
      'zh',
      '--template',
      template,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('gpt2 (openai-community/gpt2): 124,439,808 (总计) $L$\n');
  });

  it('reports a broken template of the user on one line', () => {
    const template = join(scratchDir, 'broken.eta');
    writeFileSync(template, '<%= it.total.text %');
    const { code, stderr } = runCli(['derive', 'gpt2', '--format', 'md', '--template', template]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^tparams: template .*broken\.eta: /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes -o files atomically, and writes nothing on error', () => {
    const target = join(scratchDir, 'out.html');
    expect(runCli(['derive', 'gpt2', '--format', 'html', '-o', target]).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readdirSync(scratchDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const missing = join(scratchDir, 'nope', 'out.md');
    const failed = runCli(['derive', 'gpt2', '--format', 'md', '-o', missing]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/cannot write: no such directory/);
    expect(existsSync(missing)).toBe(false);

    const kept = join(scratchDir, 'kept.md');
    writeFileSync(kept, 'earlier');
    expect(runCli(['derive', 'gpt5', '--format', 'md', '-o', kept]).code).toBe(2);
    expect(readFileSync(kept, 'utf8')).toBe('earlier');
  });

  it.each([
    [
      ['derive', 'gpt2', '--format', 'md', '--fragment'],
      /--fragment applies to --format tex, not md/,
    ],
    [
      ['derive', 'gpt2', '--format', 'json', '--template', 'x.eta'],
      /--template applies to --format md, tex or html, not json/,
    ],
    [
      ['derive', 'gpt2', '--format', 'md', '--mathml'],
      /--mathml applies to --format html or katex, not md/,
    ],
    [['derive', 'gpt2', '--format', 'md', '--lang', 'fr'], /--lang.*fr.*invalid.*en, zh/],
    [
      ['derive', 'gpt2', '--format', 'md', '--template', '/nonexistent.eta'],
      /--template \/nonexistent.eta: no such file/,
    ],
  ])('rejects %j', (args, message) => {
    const { code, stderr } = runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
