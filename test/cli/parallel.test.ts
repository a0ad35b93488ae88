import { describe, expect, it } from 'vitest';
import { expectUserErrorLine, runCli } from '../support/cli.js';
import { writeJson } from '../support/models.js';
import fixture from '../fixtures/published-parallel.json' with { type: 'json' };

describe('tparams memory --tp/--pp/--ep', () => {
  it("gives Qwen2.5-32B's weights a GPU at tp 2 in JSON, under vLLM's logged 30.7098 GiB", () => {
    const c = fixture.cases.find((k) => k.config)!;
    const run = runCli([
      'memory',
      '--config',
      writeJson(c.config!),
      '--tp',
      '2',
      '--context',
      '4096',
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    const perGpu = (JSON.parse(run.stdout) as { per_gpu: Record<string, unknown> }).per_gpu;
    expect(perGpu.tensor_parallel).toBe('2');
    expect(perGpu.gpus).toBe('2');
    const gib = Number(perGpu.weights_bytes) / 2 ** 30;
    expect(gib).toBeLessThanOrEqual(c.gib);
    expect(gib).toBeGreaterThan(c.gib * (1 - c.rel));
    expect(BigInt(perGpu.total_bytes as string)).toBe(
      BigInt(perGpu.weights_bytes as string) + BigInt(perGpu.kv_cache_bytes as string),
    );
    expect((perGpu.layouts as Array<{ layout: string }>).map((l) => l.layout).sort()).toEqual([
      'column',
      'kv',
      'replicated',
      'row',
      'vocab',
    ]);
  });

  it('says which matrices split along which dimension, within 80 and 100 columns', () => {
    for (const columns of [80, 100]) {
      const run = runCli(['memory', 'mixtral-8x7b', '--tp', '2', '--ep', '2', '--pp', '2'], {
        env: { COLUMNS: String(columns) },
      });
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines.filter((l) => [...l].length > columns)).toEqual([]);
      const text = run.stdout.replace(/\s+/g, ' ');
      expect(text).toContain('RowParallelLinear): o_proj');
      expect(text).toContain('⌈E / N_e⌉ = 4 whole experts a GPU');
      expect(text).toContain('N_p = 2 pipeline stages of 16, 16 layers');
      expect(text).toContain('M_kv,GPU = 2·B·n_ctx·L_gpu·2·n_kv_gpu·d_h');
    }
  });

  it('training takes the stages and the experts too: states per GPU in Megatron-LM’s layout', () => {
    const run = runCli([
      'memory',
      'mixtral-8x7b',
      '--training',
      '--gpus',
      '16',
      '--tp',
      '2',
      '--pp',
      '2',
      '--ep',
      '2',
      '--zero',
      '1',
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as {
      training: Record<string, string>;
      shards: Record<string, string>;
    };
    expect(json.training).toMatchObject({
      tensor_parallel: '2',
      pipeline_parallel: '2',
      expert_parallel: '2',
      data_parallel: '4',
    });
    // Mixtral's 46,702,792,704 parameters (HF) over t·N_p = 4 GPUs, experts over 2 more: at least
    // an eighth of the model a GPU, less than a quarter.
    const perGpu = BigInt(json.shards.P_tp!);
    expect(perGpu * 8n).toBeGreaterThan(46702792704n);
    expect(perGpu * 4n).toBeLessThan(46702792704n);
  });

  it('fits each GPU under a plan: the heaviest GPU against one GPU’s memory', () => {
    const run = runCli([
      'memory',
      'llama-2-70b',
      '--tp',
      '4',
      '--gpu',
      'h100',
      '--context',
      '4096',
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as {
      per_gpu: { total_bytes: string };
      fits: { count: number; capacity_bytes: string; asked: { bytes: string } };
    };
    // H100 SXM: 80 GiB (NVIDIA's datasheet), one GPU's; the plan's four of them.
    expect(json.fits.capacity_bytes).toBe(String(80n * 2n ** 30n));
    expect(json.fits.count).toBe(4);
    expect(json.fits.asked.bytes).toBe(json.per_gpu.total_bytes);
    expectUserErrorLine(
      runCli(['memory', 'llama-2-70b', '--tp', '4', '--gpu', 'h100x8']),
      /--gpu: 8 × H100 SXM, but --tp 4 --pp 1 serves the model on 4 GPUs/,
    );
  });

  it('refuses a plan the model cannot take, in one line naming the option', () => {
    expectUserErrorLine(runCli(['memory', 'gpt2', '--tp', '5']), /--tp 5/);
    expectUserErrorLine(runCli(['memory', 'llama-2-7b', '--ep', '2']), /--ep 2/);
    expectUserErrorLine(runCli(['memory', 't5-base', '--pp', '2']), /--pp 2/);
    expectUserErrorLine(runCli(['memory', 'gemma-3-1b', '--pp', '2']), /--pp 2/);
    expectUserErrorLine(runCli(['memory', 'llama-2-7b', '--pp', '0']), /--pp 0/);
    // Megatron-LM splits the layers evenly in training: 32 over 3 stages does not.
    expectUserErrorLine(
      runCli(['memory', 'llama-2-7b', '--training', '--gpus', '6', '--pp', '3']),
      /--pp 3: Megatron-LM splits the 32 layers evenly/,
    );
  });
});
