import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { hfCases } from '../support/models.js';
import { loadJson } from '../support/fixtures.js';

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

describe('sizing in model documents: LoRA, QLoRA, and on a GPU the roofline and fits', () => {
  const published = loadJson<{ cases: Array<{ trainable: number; total: number }> }>(
    'published-lora.json',
  ).cases[0]!;
  const grouped = (n: number | bigint) => n.toLocaleString('en-US');

  it("every model document: PEFT's r = 8 count (LLaMA-7B's published 4,194,304) and QLoRA's memory", () => {
    const md = runCli(['derive', 'llama-2-7b', '--format', 'md']).stdout;
    expect(md).toContain('## Fine-tuning');
    expect(md).toContain(`**${grouped(published.trainable)} parameters** (trainable%: 0.0622)`);
    expect(md).toContain(`of ${grouped(published.total)} parameters`);
    expect(md).toContain('### QLoRA fine-tuning memory at r = 8');
    expect(md).not.toContain('## Serving');
    const zh = runCli(['derive', 'llama-2-7b', '--format', 'md', '--lang', 'zh']).stdout;
    expect(zh).toContain('## 微调');
    expect(zh).toContain('秩 r = 8 的 LoRA：可训练参数');
  });

  it('--gpu, --lora-rank and --target-modules: the same figures tparams speed and lora print', () => {
    const args = ['llama-2-7b', '--gpu', 'rtx-4090'];
    const speed = JSON.parse(
      runCli(['speed', ...args, '--context', '4096', '--format', 'json']).stdout,
    );
    const json = JSON.parse(
      runCli(['derive', ...args, '--format', 'json', '--lora-rank', '16']).stdout,
    );
    const { sizing } = json.figures;
    expect(sizing.speed.decode_tokens_per_second).toBe(speed.decode_tokens_per_second);
    expect(sizing.speed.time_to_first_token).toBe(speed.time_to_first_token);
    expect(sizing.lora.trainable).toBe(String(2 * published.trainable));
    expect(sizing.qlora.training.method).toBe('qlora');
    expect(sizing.fits.longest_context).toBe('4096');
    const md = runCli([
      'derive',
      ...args,
      '--format',
      'md',
      '--target-modules',
      'q_proj,v_proj',
    ]).stdout;
    expect(md).toContain('## Serving on 1 × RTX 4090');
    const rate = speed.decode_tokens_per_second.toFixed(2);
    expect(md).toContain(`**at most ${rate} tokens/s, memory-bound**`);
    expect(md).toContain('### What fits on 1 × RTX 4090');
    const html = runCli(['derive', ...args, '--format', 'html', '--lang', 'zh']).stdout;
    expect(html).toContain('id="figure-decode"');
    expect(html).toContain('在 1 × RTX 4090 上推理');
  });

  it('a figure option with a format that has no figures, or a bad value, is one line naming it', () => {
    const text = runCli(['derive', 'llama-2-7b', '--gpu', 'rtx-4090']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(
      /^tparams: --gpu applies to --format json, md, tex or html, not text/,
    );
    const rank = runCli(['derive', 'llama-2-7b', '--format', 'md', '--lora-rank', '0']);
    expect(rank.code).toBe(2);
    expect(rank.stderr).toMatch(/--lora-rank 0: expected a positive whole number/);
    const gpu = runCli(['derive', 'llama-2-7b', '--format', 'json', '--gpu', 'rtx-9090']);
    expect(gpu.stderr).toMatch(/--gpu rtx-9090: not a GPU in the table \(nearest: RTX 3090/);
  });
});
