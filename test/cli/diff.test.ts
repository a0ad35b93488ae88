import { describe, expect, it } from 'vitest';
import { diffModels } from '../../src/analysis/diff.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { runCli } from '../support/cli.js';
import { hfCases, writeJson } from '../support/models.js';

const published = (name: string) => BigInt(hfCases.find((c) => c.name === name)!.total_params);
const model = (name: string) => {
  const preset = findPreset(name)!;
  return deriveModel({ config: preset.config, source: preset.repository });
};

describe('tparams diff', () => {
  it('Llama-2-7B → Mistral-7B: grouped-query K/V and a wider feed-forward, the difference of the published totals', () => {
    const diff = diffModels(model('llama-2-7b'), model('mistral-7b'));
    expect(diff.difference).toBe(
      published('mistralai/Mistral-7B-v0.1') - published('meta-llama/Llama-2-7b-hf'),
    );
    expect(diff.symbols.map((s) => s.name).sort()).toEqual(['d_ff', 'n_kv']);
    // k_proj: 4,096 → 8 × 128 outputs per layer, spelled out from the two configs.
    const kProj = diff.components.find((c) => c.path.endsWith('self_attn.k_proj'))!;
    expect(kProj.difference).toBe(4096n * (8n * 128n) - 4096n * 4096n);
  });

  it('through the CLI: text and JSON; a config.json file works as a side', () => {
    const text = runCli(['diff', 'llama-2-7b', 'mistral-7b']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('d_ff        11,008 → 14,336');
    expect(text.stdout).toContain('difference +503,316,480 (+7.47%)');
    const file = writeJson(findPreset('mistral-7b')!.config, 'mistral.json');
    const json = JSON.parse(runCli(['diff', 'llama-2-7b', file, '--format', 'json']).stdout);
    expect(json.difference).toBe('503316480');
    expect(json.symbols).toContainEqual({ name: 'n_kv', a: '32', b: '8', a_default_of: 'n_h' });
  });

  it('a side that is not a model, or unknown, is one clear line, exit 2', () => {
    const component = runCli(['diff', 'llama-2-7b', 'attention']);
    expect(component.code).toBe(2);
    expect(component.stderr).toMatch(/attention is not a model/);
    expect(runCli(['diff', 'llama-2-7b', 'no-such-model']).code).toBe(2);
  });
});
