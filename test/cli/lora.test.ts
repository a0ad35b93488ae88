import { describe, expect, it } from 'vitest';
import { expectUserErrorLine, runCli } from '../support/cli.js';
import { writeTinyLlama } from '../support/llama-checkpoint.js';
import { writeJson } from '../support/models.js';
import cases from '../fixtures/published-lora.json' with { type: 'json' };

/** A fixture's command line for the CLI: its config written to a file when it has one. */
const argsOf = (c: (typeof cases.cases)[number]) =>
  'config' in c && c.config
    ? ['lora', '--config', writeJson(c.config), ...c.args]
    : ['lora', ...c.args];

describe('tparams lora', () => {
  it.each(cases.cases.map((c) => [c.what, c] as const))('%s', (_what, c) => {
    const run = runCli([...argsOf(c), '--format', 'json']);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json.trainable).toBe(String(c.trainable));
    expect(json.total).toBe(String(c.total));
    expect(json.trainable_percent).toBeCloseTo((100 * c.trainable) / c.total, 12);
  });

  it('prints the derivation, then the line PEFT prints, within 80 and 100 columns', () => {
    for (const columns of [80, 100]) {
      const run = runCli(['lora', 'llama-2-7b', '--target-modules', 'q_proj,v_proj'], {
        env: { COLUMNS: String(columns) },
      });
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines.filter((l) => [...l].length > columns)).toEqual([]);
      expect(run.stdout).toContain('P_LoRA = L·(r·(d_model + n_h·d_h) + r·(d_model + n_h·d_h))');
      expect(run.stdout).toMatch(/= 4,194,304\n/);
      expect(lines.at(-1)!.trim()).toBe(
        'trainable params: 4,194,304 || all params: 6,742,609,920 || trainable%: 0.0622',
      );
    }
  });

  it('gives the derivations and the modules in JSON', () => {
    const run = runCli(['lora', 'gpt2', '--format', 'json']);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      rank: '8',
      target_modules: ['c_attn'],
      targets_from: 'peft_default',
      adapted_modules: [
        { modules: 'transformer.h.*.attn.c_attn', kind: 'conv1d', count: 12, in_features: '768' },
      ],
      lora_parameters: '294912',
    });
    const steps = json.lora_derivation as Array<{ kind: string; text: string }>;
    expect(steps.at(-1)).toMatchObject({ kind: 'evaluate', text: '294,912' });
  });

  it("reads a checkpoint's header: its own module names, its shapes [out, in]", () => {
    // Two layers of width 8: q_proj and v_proj are [8, 8], so r·(8 + 8) each, four modules.
    const dir = writeTinyLlama(2);
    const run = runCli(['lora', dir, '--from-checkpoint', '--target-modules', 'q_proj,v_proj']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('model.layers.*.self_attn.q_proj  Linear ×2, in 8, out 8');
    expect(run.stdout).toMatch(/P_LoRA = [^\n]+\n(?:\s+= [^\n]+\n)*\s+= 512\n/);
  });

  it('a target that matches nothing: one line with the Linear names, exit 2', () => {
    expectUserErrorLine(
      runCli(['lora', 'gpt2', '--target-modules', 'q_proj']),
      /matches no module of GPT2LMHeadModel; its Linear layers are named c_attn, c_proj, c_fc$/,
    );
    expectUserErrorLine(runCli(['lora', 'gpt2', '--rank', '0']), /--rank 0: expected a positive/);
    expectUserErrorLine(
      runCli(['lora', 'gpt2', '--target-modules', 'c_attn', '--target-regex', 'x']),
      /give --target-modules or --target-regex, not both/,
    );
  });

  it('a model of a billion layers is refused at once, in one line (its tensors are counted first)', () => {
    // 9 tensors a Llama layer, the embedding, the final norm and the head.
    expectUserErrorLine(
      runCli(['lora', 'llama-2-7b', '--set', 'num_hidden_layers=1000000000']),
      /sizes give 9,000,000,003 parameter tensors; naming them one by one .* stops at 2,000,000$/,
    );
  });
});

describe('tparams memory --training --lora / --qlora', () => {
  it('sizes QLoRA: the NF4 base, the adapters, the activations, in JSON', () => {
    const run = runCli([
      'memory',
      'llama-2-7b',
      '--training',
      '--qlora',
      '--target-modules',
      'q_proj,v_proj',
      '--context',
      '512',
      '--recompute',
      'full',
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      training: { method: 'qlora', adapter_dtype: 'fp32', optimizer: 'adamw', sequence: '512' },
      frozen_base_unit: 'bits',
      kept_wide: ['lm_head'],
      lora: { trainable: '4194304', total: '6742609920' },
    });
    const sum =
      BigInt(json.frozen_base_bytes as string) +
      BigInt(json.adapter_bytes_per_gpu as string) +
      BigInt(json.activation_bytes_per_gpu as string);
    expect(BigInt(json.total_bytes_per_gpu as string)).toBe(sum);
  });

  it('reads within 80 and 100 columns', () => {
    for (const columns of [80, 100]) {
      const run = runCli(['memory', 'gpt2', '--training', '--lora'], {
        env: { COLUMNS: String(columns) },
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.split('\n').filter((l) => [...l].length > columns)).toEqual([]);
      expect(run.stdout).toContain('LoRA training memory per GPU');
      expect(run.stdout).toContain('M_train = M_weights + M_adapters + M_act');
    }
  });

  it('LoRA options need --lora, and --lora needs --training', () => {
    expectUserErrorLine(runCli(['memory', 'gpt2', '--rank', '8']), /go with --lora or --qlora/);
    expectUserErrorLine(runCli(['memory', 'gpt2', '--lora']), /--lora sizes training memory/);
  });
});
