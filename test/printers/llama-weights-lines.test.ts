import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** Published: llama-bench's README, `llama 7B mostly Q4_0 | 3.56 GiB | 6.74 B`. */
const llama7bQ40 = 3.56;

describe('the weights of a llama.cpp file type, printed', () => {
  it('JSON: weights_bytes as for any type, and weights_by_type with each type’s params, bytes, tensors and derivation', () => {
    const { code, stdout } = runCli([
      'memory',
      'llama-2-7b',
      '--dtype',
      'q4_0',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Number((Number(json.weights_bytes) / 2 ** 30).toFixed(2))).toBe(llama7bQ40);
    expect(json.llama_file_type).toBe('Q4_0');
    expect(Object.keys(json.weights_by_type)).toEqual(['q4_0', 'q6_K', 'f32']);
    const bytes = Object.values(json.weights_by_type as Record<string, { bytes: string }>).reduce(
      (n, t) => n + BigInt(t.bytes),
      0n,
    );
    expect(bytes.toString()).toBe(json.weights_bytes);
    expect(json.weights_by_type.q6_K).toMatchObject({
      bits_per_weight: '6.5625',
      block: { elements: 256, bytes: 210 },
      tensor_count: 1,
      tensors: [{ name: 'output.weight' }],
    });
    expect(json.weights_by_type.q4_0.derivation.at(-1).text).toBe(
      json.weights_by_type.q4_0.params.replace(/\B(?=(\d{3})+(?!\d))/g, ','),
    );
  });

  it.each([80, 100])(
    'text at %d columns: the sum, each type with its block and tensors, within the width but for unbreakable terms',
    (columns) => {
      const { code, stdout } = runCli(['memory', 'llama-2-7b', '--dtype', 'q4_k_m'], {
        env: { COLUMNS: String(columns) },
      });
      expect(code).toBe(0);
      expect(stdout).toContain("llama.cpp's Q4_K_M");
      expect(stdout).toContain('M_weights = 144·n_q4_K + 210·n_q6_K + 4·P_f32');
      expect(stdout).toMatch(/q6_K: 210 bytes a block of 256 \(6\.5625 bits a weight\)/);
      expect(stdout).toMatch(/attn_v, ffn_down in 16 of 32\s+layers/);
      const words = stdout.split('\n').filter((l) => !l.includes('='));
      for (const line of words) expect([...line].length, line).toBeLessThanOrEqual(columns);
    },
  );
});
