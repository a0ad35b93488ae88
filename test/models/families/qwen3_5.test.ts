import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveModel } from '../../../src/requests/derive-model.js';
import { runCli } from '../../support/cli.js';
import {
  elementsOf,
  exactMatch,
  type Tensors,
  verifyHeader,
} from '../../support/decoder-checkpoint.js';
import {
  qwen35Language,
  qwen35Visual,
  smallText,
  smallVision,
  swiglu,
} from '../../support/qwen3-5-checkpoint.js';

// Qwen3.5 (dense). No exact published count of a Qwen3.5 composite was at hand (the model cards
// give rounded sizes), so the truth here is a header whose every name and shape is written from
// modeling_qwen3_5.py for a small config (test/support/qwen3-5-checkpoint.ts), and its sum.
const config = {
  architectures: ['Qwen3_5ForConditionalGeneration'],
  model_type: 'qwen3_5',
  vision_config: { model_type: 'qwen3_5_vision', ...smallVision },
  text_config: { model_type: 'qwen3_5_text', ...smallText, intermediate_size: 40 },
};

/** Qwen3_5ForConditionalGeneration's tensors; Qwen3_5Model's are the same without `model.`/`lm_head`. */
function checkpoint(prefix: string, head: boolean): Tensors {
  return [
    ...qwen35Visual(prefix),
    ...qwen35Language(`${prefix}language_model.`, swiglu('mlp', 40)),
    ...(head ? ([['lm_head.weight', [100, 64]]] as Tensors) : []),
  ];
}

describe('qwen3_5 (Qwen3.5)', () => {
  const tensors = checkpoint('model.', true);

  it('counts the header written from the modeling code', () => {
    const report = deriveModel({ config, source: 'small Qwen3.5' });
    expect(report.model?.className).toBe('Qwen3_5ForConditionalGeneration');
    expect(report.total).toBe(BigInt(elementsOf(tensors)));
  });

  it('matches that header name by name: model.visual, model.language_model, lm_head', () => {
    const run = verifyHeader(config, tensors);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(tensors)));
  });

  it("matches Qwen3_5Model's header: visual and language_model at the top", () => {
    const bare = checkpoint('', false);
    const run = verifyHeader({ ...config, architectures: ['Qwen3_5Model'] }, bare);
    expect(run.code, run.stdout).toBe(0);
    expect(run.json).toMatchObject(exactMatch(elementsOf(bare)));
  });

  it("takes no older layout: the class maps none, so LLaVA's `language_model.model.` stays unknown", () => {
    const older = tensors.map(([name, shape]): [string, number[]] => [
      name.replace(/^model\.language_model\./, 'language_model.model.'),
      shape,
    ]);
    const run = verifyHeader(config, older);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('language_model.model.embed_tokens.weight');
  });

  it('reports a tower tensor the family does not build', () => {
    const extra: Tensors = [
      ...tensors,
      ['model.visual.deepstack_merger_list.0.norm.weight', [128]],
    ];
    const run = verifyHeader(config, extra);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('deepstack_merger_list');
  });

  it("keeps the text model's caches: KV over the attention layer, state over the DeltaNet ones", () => {
    // Only layer 3 attends: K and V of 2 heads of 16 in bf16, 2·2·16·2 = 128 bytes a token, so
    // 262,144 for 2048 tokens. Layers 0–2 keep conv_states [1, 80, 3] and recurrent_states
    // [1, 4, 8, 12] (conv_states [B, conv_dim, k], recurrent_states [B, n_v, d_k, d_v]), so
    // 3·(240 + 384)·2 = 3,744 bytes.
    const dir = mkdtempSync(join(tmpdir(), 'qwen3-5-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(config));
      const run = runCli(['memory', '--config', file, '--format', 'json']);
      expect(run.code, run.stdout).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        context: '2048',
        kv_cache_bytes: '262144',
        recurrent_state_bytes: '3744',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
