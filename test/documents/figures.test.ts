import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { hfCases } from '../support/models.js';

const llama = BigInt(hfCases.find((c) => c.name === 'meta-llama/Llama-2-7b-hf')!.total_params);

describe('memory and compute in model documents', () => {
  it('Markdown, in English and Chinese: each figure with its convention, derivation and value', () => {
    const md = runCli(['derive', 'llama-2-7b', '--format', 'md']).stdout;
    expect(md).toContain('## Memory');
    expect(md).toContain('## Compute');
    // NVIDIA's 2 GB for Llama-2-7B's cache at 4,096 tokens (test/fixtures/published-kv-cache.json).
    expect(md).toContain('**2,147,483,648 bytes** (2.00 GiB = 2.15 GB)');
    expect(md).toContain(`**${(2n * llama).toLocaleString('en-US')} bytes**`);
    expect(md).toContain('ZeRO paper');
    const zh = runCli(['derive', 'llama-2-7b', '--format', 'md', '--lang', 'zh']).stdout;
    expect(zh).toContain('## 内存');
    expect(zh).toContain('4,096 个 token 的 KV 缓存');
  });

  it('JSON and KaTeX fragments carry the same figures; an encoder has no cache figure', () => {
    const json = JSON.parse(runCli(['derive', 'llama-2-7b', '--format', 'json']).stdout);
    const figures = json.model?.figures ?? json.figures;
    expect(figures.memory.find((f: { key: string }) => f.key === 'weights').value).toBe(
      String(2n * llama),
    );
    expect(figures.memory.find((f: { key: string }) => f.key === 'trainingStates').value).toBe(
      String(16n * llama),
    );
    const bert = JSON.parse(runCli(['derive', 'bert-base-uncased', '--format', 'json']).stdout);
    expect((bert.model?.figures ?? bert.figures).memory.map((f: { key: string }) => f.key)).toEqual(
      ['weights', 'trainingStates'],
    );
    const katex = runCli(['derive', 'llama-2-7b', '--format', 'katex', '--mathml']).stdout;
    expect(katex).toContain('data-label="M_kv/token"');
    expect(katex).toContain('data-label="C_fwd"');
  });
});
