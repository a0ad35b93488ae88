import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kvCache, type CacheType } from '../../src/analysis/kv-cache.js';
import { evaluate } from '../../src/expr/index.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import type { RawConfig } from '../../src/models/config/config-fields.js';
import { runCli } from '../support/cli.js';
import { labelText } from '../../src/render/label.js';

interface Published {
  cases: Array<{
    name: string;
    config?: RawConfig;
    preset?: string;
    kv_dtype: CacheType;
    context: number;
    batch: number;
    bytes_per_token?: number;
    bytes?: number;
    source: string;
  }>;
  ratios: Array<{ name: string; preset: string; context: number; window_over_full: number }>;
  latent: { elements_per_layer: number };
  layer_pattern: { preset: string; local: number; global: number };
}
const published = JSON.parse(
  readFileSync(new URL('../fixtures/published-kv-cache.json', import.meta.url), 'utf8'),
) as Published;

const model = (preset: string, override: RawConfig = {}) => {
  const p = findPreset(preset)!;
  return deriveModel({ config: { ...p.config, ...override }, source: p.repository });
};
const cacheOf = (
  report: ReturnType<typeof model>,
  request: { dtype?: CacheType; context: bigint; batch?: bigint; source?: bigint },
) =>
  kvCache(report.model!.kvCache!, report.bindings, {
    dtype: request.dtype ?? 'bf16',
    batch: request.batch ?? 1n,
    context: request.context,
    ...(request.source ? { source: request.source } : {}),
  });

describe('KV cache', () => {
  it.each(published.cases)('$name: as published', (c) => {
    const report = c.preset ? model(c.preset) : deriveModel({ config: c.config!, source: c.name });
    const cache = cacheOf(report, {
      dtype: c.kv_dtype,
      context: BigInt(c.context),
      batch: BigInt(c.batch),
    });
    if (c.bytes_per_token !== undefined)
      expect(cache.perToken.value).toBe(BigInt(c.bytes_per_token));
    if (c.bytes !== undefined) expect(cache.total.value).toBe(BigInt(c.bytes));
  });

  it("grouped-query heads: Llama-3-8B keeps n_kv = 8 heads, a quarter of Llama-2-7B's 32 a layer", () => {
    const llama2 = cacheOf(model('llama-2-7b'), { context: 1n });
    const llama3 = cacheOf(model('meta-llama-3-8b'), { context: 1n });
    expect(llama3.perToken.value! * 4n).toBe(llama2.perToken.value);
  });

  it.each(published.ratios)('$name', (r) => {
    const sliding = cacheOf(model(r.preset), { context: BigInt(r.context) });
    const full = cacheOf(model(r.preset, { sliding_window: null }), { context: BigInt(r.context) });
    expect(Number(sliding.total.value!) / Number(full.total.value!)).toBe(r.window_over_full);
    // Below the window the two are the same cache.
    expect(cacheOf(model(r.preset), { context: 1000n }).total.value).toBe(
      cacheOf(model(r.preset, { sliding_window: null }), { context: 1000n }).total.value,
    );
  });

  it('Gemma 3: sliding and global layers counted apart, as the technical report lays them out', () => {
    const cache = cacheOf(model(published.layer_pattern.preset), { context: 32768n });
    expect(cache.sizes.L_local).toBe(BigInt(published.layer_pattern.local));
    expect(cache.sizes.L_global).toBe(BigInt(published.layer_pattern.global));
    // A config's layer_types, when it lists them, decide instead.
    const listed = cacheOf(
      model('gemma-3-1b', {
        layer_types: Array.from({ length: 26 }, (_, i) =>
          i % 2 ? 'full_attention' : 'sliding_attention',
        ),
      }),
      { context: 32768n },
    );
    expect([listed.sizes.L_local, listed.sizes.L_global]).toEqual([13n, 13n]);
  });

  it('multi-head latent attention caches d_c + d_h^R a layer (DeepSeek-V2, Table 1), and says what expanding the latents costs', () => {
    const report = model('deepseek-v3');
    const cache = cacheOf(report, { dtype: 'bf16', context: 1n });
    const layers = report.bindings.L!;
    expect(cache.perToken.value).toBe(2n * layers * BigInt(published.latent.elements_per_layer));
    // Expanded: full keys (n_h·(d_nope + d_rope)) and values (n_h·d_v) — 128 heads of 192 and 128, from DeepSeek-V3's config.json.
    expect(cache.expanded!.value).toBe(2n * layers * 128n * (192n + 128n));
  });

  it('encoder-decoders: self-attention over the generated tokens and cross-attention over the source, L_dec layers each', () => {
    const whisper = cacheOf(model('whisper-small'), { context: 448n });
    // Whisper encodes 30 s of audio into 1500 frames (Radford et al. 2022, §2.2); 12 decoder layers of width 768.
    expect(whisper.sizes.n_src).toBe(1500n);
    expect(whisper.total.value).toBe(2n * (448n + 1500n) * 12n * 2n * 768n);
    const t5 = cacheOf(model('t5-small'), { context: 100n, source: 300n });
    // t5-small: 6 decoder layers, 8 heads of d_kv = 64.
    expect(t5.total.value).toBe(2n * (100n + 300n) * 6n * 2n * 8n * 64n);
  });

  it('multi-query attention: Falcon-7B and StarCoder cache one key/value head', () => {
    // Falcon-7B: 32 layers, head width 4544 / 71 = 64.
    expect(cacheOf(model('falcon-7b'), { context: 1n }).perToken.value).toBe(2n * 32n * 2n * 64n);
  });

  it('every step of every cache derivation has the same value', () => {
    for (const preset of [
      'llama-2-7b',
      'gemma-2-2b',
      'deepseek-v3',
      'whisper-small',
      'mistral-7b',
    ]) {
      const report = model(preset);
      const cache = cacheOf(report, { context: 8192n, batch: 3n });
      for (const d of [cache.perToken, cache.total, ...(cache.expanded ? [cache.expanded] : [])]) {
        const bindings = { ...report.bindings, ...cache.sizes };
        expect(
          new Set(d.steps.map((s) => evaluate(s.expr, bindings))).size,
          `${preset} ${labelText(d.label)}`,
        ).toBe(1);
      }
    }
  });

  it("the cache's own counts (L_local, L_global) stay out of the parameter derivation", () => {
    const text = runCli(['derive', 'gemma-2-2b']).stdout;
    expect(text).not.toMatch(/L_local|L_global/);
  });

  it('tparams memory: KV cache in text and JSON, an encoder says it keeps none, bad sizes exit 2', () => {
    const text = runCli(['memory', 'llama-2-7b', '--context', '4096', '--kv-dtype', 'fp16']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('KV cache in fp16 (n_ctx = 4,096 tokens, B = 1');
    expect(text.stdout).toContain('2,147,483,648 bytes = 2.00 GiB = 2.15 GB');
    const json = JSON.parse(
      runCli(['memory', 'mistral-7b', '--context', '32768', '--batch', '4', '--format', 'json'])
        .stdout,
    );
    expect(json.kv_cache_bytes_per_token).toBe(String(2n * 32n * 2n * 8n * 128n));
    expect(json.kv_cache_layers).toEqual([{ kind: 'sliding', window: '4096' }]);
    expect(BigInt(json.total_bytes)).toBe(BigInt(json.weights_bytes) + BigInt(json.kv_cache_bytes));
    const bert = runCli(['memory', 'bert-base-uncased', '--format', 'json']);
    expect(JSON.parse(bert.stdout).kv_cache_bytes).toBeNull();
    expect(runCli(['memory', 'bert-base-uncased']).stdout).toContain('KV cache: none');
    for (const bad of [
      ['--context', '0'],
      ['--batch', '-1'],
      ['--kv-dtype', 'int3'],
      ['--context', '1.5'],
    ]) {
      const run = runCli(['memory', 'llama-2-7b', ...bad]);
      expect(run.code, bad.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a config file works as well as a preset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kv-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(published.cases[0]!.config));
    const json = JSON.parse(
      runCli([
        'memory',
        '--config',
        file,
        '--kv-dtype',
        'fp16',
        '--context',
        '1',
        '--format',
        'json',
      ]).stdout,
    );
    expect(json.kv_cache_bytes_per_token).toBe('819200');
  });
});
