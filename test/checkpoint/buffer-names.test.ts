import { describe, expect, it } from 'vitest';
import { bufferPatterns, isBufferName, weightBuffer } from '../../src/checkpoint/buffer-names.js';

describe('the names of buffers', () => {
  it('has one pattern only that a name ending `.weight` can match, the one isBufferName tries', () => {
    // isBufferName reads a `.weight` name against that one: no other pattern may mention it.
    const weighty = bufferPatterns.filter((p) => /weight/.test(p.source));
    expect(weighty.map((p) => p.source)).toEqual([`^${weightBuffer.replace('.', '\\.')}$`]);
    for (const p of bufferPatterns) expect(p.source.endsWith('$'), p.source).toBe(true);
  });

  it('reads a name as the patterns do', () => {
    for (const name of [
      'rope_freqs.weight',
      'model.rope_freqs.weight',
      'model.layers.0.self_attn.rotary_emb.inv_freq',
      'h.0.attn.bias',
      'h.0.attn.c_attn.weight',
      'bn.running_mean',
      'embeddings.position_ids',
      'model.layers.3.mlp.gate.e_score_correction_bias',
      'model.layers.3.mlp.gate.weight',
      'model.language_model.layers.2.layer_scalar',
      'a.input_max',
      'lm_head.weight',
    ])
      expect(isBufferName(name), name).toBe(bufferPatterns.some((p) => p.test(name)));
  });
});
