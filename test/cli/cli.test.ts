import { describe, expect, it } from 'vitest';
import { targets } from '../../src/targets/registry.js';
import { runCli } from '../support/cli.js';

describe('tparams derive', () => {
  it('prints the attention derivation as text', () => {
    const { code, stdout } = runCli(['derive', 'attention', '--set', 'd_model=512']);
    expect(code).toBe(0);
    expect(stdout).toContain('P_attn = P_Q + P_K + P_V + P_O');
    expect(stdout).toContain('= 4·(d_model² + d_model)');
    expect(stdout).toContain('= 1,050,624');
  });

  it('stays symbolic without values, and JSON then has no total', () => {
    const { code, stdout } = runCli(['derive', 'attention', '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.total).toBeUndefined();
    expect(json.formula.tex).toBe('4\\left(d_{\\text{model}}^{2} + d_{\\text{model}}\\right)');
    expect(json.formula.text).toBe('4·(d_model² + d_model)');
  });

  it('gives JSON with total, formula and children recursively', () => {
    const { stdout } = runCli([
      'derive',
      'torch.nn.TransformerEncoderLayer',
      '--set',
      'd_model=512',
      '--set',
      'nhead=8',
      '--format',
      'json',
    ]);
    const json = JSON.parse(stdout);
    expect(json.total).toBe('3152384');
    expect(json.children.map((c: { name: string }) => c.name)).toEqual([
      'self_attn',
      'ffn',
      'norm1',
      'norm2',
    ]);
    const sumOf = (node: { total: string; children: Array<{ total: string }> }) =>
      node.children.reduce((s, c) => s + BigInt(c.total), 0n);
    expect(sumOf(json)).toBe(3152384n);
    expect(sumOf(json.children[0])).toBe(1050624n);
    expect(json.children[0].formula).toEqual({
      tex: expect.any(String),
      text: '4·(d_model² + d_model)',
    });
  });

  it('takes symbol names and PyTorch argument names alike', () => {
    const bySymbol = runCli([
      'derive',
      'torch.nn.MultiheadAttention',
      '--set',
      'd_model=768',
      '--format',
      'json',
    ]);
    const byArgument = runCli([
      'derive',
      'torch.nn.MultiheadAttention',
      '--set',
      'embed_dim=768',
      '--format',
      'json',
    ]);
    expect(JSON.parse(bySymbol.stdout).total).toBe(JSON.parse(byArgument.stdout).total);
  });

  it('shows a tied head as 0 with the reason', () => {
    const { stdout } = runCli([
      'derive',
      'lm-head',
      '--set',
      'tie_word_embeddings=true',
      '--set',
      'd_model=768',
      '--set',
      'vocab_size=50257',
    ]);
    expect(stdout).toContain('P_head = 0');
    expect(stdout).toContain('tied to the word embedding');
  });

  it('writes LaTeX with align* and Markdown with $$', () => {
    const tex = runCli(['derive', 'attention', '--format', 'tex']).stdout;
    expect(tex).toContain('\\begin{align*}');
    expect(tex).toContain('P_{\\text{attn}} &= P_{Q} + P_{K} + P_{V} + P_{O}');
    const md = runCli(['derive', 'attention', '--format', 'md']).stdout;
    expect(md).toMatch(/\$\$\n\\begin\{aligned\}/);
  });

  it('supports grouped-query attention', () => {
    // Llama-2-70B attention: d = 8192, 64 heads, 8 key/value heads of 128, no biases:
    // q and o 8192·8192 each, k and v 8192·1024 each.
    const { stdout } = runCli([
      'derive',
      'attention',
      '--set',
      'd_model=8192',
      '--set',
      'num_heads=64',
      '--set',
      'num_key_value_heads=8',
      '--set',
      'bias=false',
      '--format',
      'json',
    ]);
    expect(JSON.parse(stdout).total).toBe(String(2 * 8192 * 8192 + 2 * 8192 * 1024));
  });
});

describe('tparams --version', () => {
  it('prints the package version', () => {
    const { code, stdout } = runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('tparams list', () => {
  it('lists every target with a description', () => {
    const { code, stdout } = runCli(['list']);
    expect(code).toBe(0);
    for (const t of targets)
      expect(stdout).toMatch(new RegExp(`^  ${t.id.replace(/\./g, '\\.')}\\s+\\S`, 'm'));
  });
});

describe('user mistakes: one line, exit code 2, no stack trace', () => {
  it.each([
    [['derive', 'atention'], /unknown target 'atention'.*attention/],
    [
      ['derive', 'attention', '--set', 'd_modle=512'],
      /attention has no parameter 'd_modle': did you mean d_model\? valid names are d_model/,
    ],
    [['derive', 'attention', '--set', 'd_model=-5'], /d_model = "-5": expected a positive integer/],
    [['derive', 'attention', '--set', 'd_model=0'], /d_model = "0": expected a positive integer/],
    [['derive', 'attention', '--set', 'd_model=1.5'], /expected a positive integer/],
    [['derive', 'attention', '--set', 'bias=yes'], /bias = "yes": expected true or false/],
    [['derive', 'attention', '--set', 'd_model'], /expected name=value/],
    [
      ['derive', 'torch.nn.MultiheadAttention', '--set', 'embed_dim=100', '--set', 'num_heads=3'],
      /embed_dim = 100: expected a multiple of num_heads = 3/,
    ],
    [['derive', 'attention', '--format', 'pdf'], /pdf.*invalid.*text, json, md, tex, html, katex/],
    [['derive', '--format'], /option '-f, --format <format>' argument missing/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j', (args, message) => {
    const { code, stdout, stderr } = runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
