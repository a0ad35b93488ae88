import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe("options llama.cpp's file types leave nothing to say", () => {
  it.each([
    [
      ['--group-size', '128'],
      /^tparams: --group-size applies to --dtype int4 or int8, not q4_k_m: llama\.cpp's Q4_K_M stores a scale in each of its own blocks$/,
    ],
    [
      ['--also-quantize', 'embeddings,head'],
      /^tparams: --also-quantize applies to .* not q4_k_m: llama\.cpp's Q4_K_M already quantizes the token embeddings and the output head/,
    ],
  ])('%j with --dtype q4_k_m: exit 2, one line naming the option', (extra, message) => {
    const { code, stdout, stderr } = runCli([
      'memory',
      'llama-2-7b',
      '--dtype',
      'q4_k_m',
      ...extra,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('--qlora with a llama.cpp file type: refused, as with any quantized --dtype', () => {
    const { code, stderr } = runCli([
      'memory',
      'llama-2-7b',
      '--dtype',
      'q4_0',
      '--qlora',
      '--training',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--qlora .* not q4_0/);
  });

  it("the cache defaults to llama.cpp's f16 (-ctk f16 -ctv f16), whatever the file type", () => {
    const { code, stdout } = runCli([
      'memory',
      'llama-2-7b',
      '--dtype',
      'q4_k_m',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).kv_cache_dtype).toBe('fp16');
  });
});
