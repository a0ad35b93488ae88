import { describe, expect, it } from 'vitest';
import { parseCount } from '../../src/cli/counts.js';
import { runCli } from '../support/cli.js';
import { hfCases } from '../support/models.js';

const pythia = hfCases.find((c) => c.name === 'EleutherAI/pythia-160m')!;

describe('compute (tparams flops)', () => {
  it("Kaplan et al.'s forward FLOPs a token, 6·N·D and Chinchilla's 20·N, with Pythia-160M's published counts", () => {
    // Pythia-160M: 12 layers of width 768, 2,048 tokens of context, trained on 300B tokens (the Pythia paper),
    // 85,056,000 non-embedding parameters of 162,322,944 (hf-models.json).
    const json = JSON.parse(
      runCli(['flops', 'pythia-160m', '--tokens', '300e9', '--format', 'json']).stdout,
    );
    const N = BigInt(pythia.non_embedding_params!);
    expect(json.forward_flops_per_token).toBe(String(2n * N + 2n * 12n * 2048n * 768n));
    expect(json.training_flops).toBe(String(6n * N * 300_000_000_000n));
    expect(json.chinchilla_tokens).toBe(String(20n * BigInt(pythia.total_params)));
  });

  it("PaLM's 6N + 12·L·H·Q·T a token and Megatron's per-iteration formula, as published, on Pythia-160M", () => {
    const json = JSON.parse(
      runCli(['flops', 'pythia-160m', '--tokens', '300e9', '--batch', '1024', '--format', 'json'])
        .stdout,
    );
    const N = BigInt(pythia.non_embedding_params!);
    // Pythia-160M's config: L = 12, 12 heads of 64, T = 2,048, V = 50,304, h = 768.
    const [L, H, Q, T, V, h, B] = [12n, 12n, 64n, 2048n, 50304n, 768n, 1024n];
    expect(json.training_flops_per_token_palm).toBe(String(6n * N + 12n * L * H * Q * T));
    expect(json.training_flops_palm).toBe(
      String((6n * N + 12n * L * H * Q * T) * 300_000_000_000n),
    );
    // Narayanan et al. 2021, eq. 3: 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h)).
    expect(Number(json.megatron_flops_per_iteration)).toBeCloseTo(
      96 *
        Number(B * T * L * h * h) *
        (1 + Number(T) / (6 * Number(h)) + Number(V) / (16 * Number(L * h))),
      -6,
    );
  });

  it('two towers: no per-token forms, and it says why; Chinchilla still applies', () => {
    const json = JSON.parse(runCli(['flops', 'clip-vit-base-patch32', '--format', 'json']).stdout);
    expect(json.forward_flops_per_token).toBeUndefined();
    expect(json.per_token_not_given).toMatch(/two towers/);
    expect(json.chinchilla_tokens).toBeDefined();
  });

  it('text names each convention and keeps every line within 100 columns', () => {
    const { code, stdout } = runCli(['flops', 'mixtral-8x7b', '--tokens', '1e12']);
    expect(code).toBe(0);
    expect(stdout).toContain('Kaplan et al. 2020, Table 1');
    expect(stdout).toContain('Hoffmann et al. 2022 (Chinchilla)');
    for (const line of stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
  });

  it('counts read exactly, plain or scientific; anything else is one clear line', () => {
    expect(parseCount('--tokens', '300e9')).toBe(300_000_000_000n);
    expect(parseCount('--tokens', '15.6e12')).toBe(15_600_000_000_000n);
    expect(parseCount('--tokens', '12.0e0')).toBe(12n);
    expect(parseCount('--context', '1_000_000')).toBe(1_000_000n);
    for (const bad of ['1.5', '-1', '0', 'e9', '1e', 'ten'])
      expect(() => parseCount('--tokens', bad), bad).toThrow(/expected a positive whole number/);
    const cli = runCli(['flops', 'gpt2', '--context', '-1']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--context -1: expected a positive whole number/);
  });
});
