import { describe, expect, it } from 'vitest';
import { sym } from '../../../../src/expr/nodes.js';
import { ConfigFields } from '../../../../src/models/config/config-fields.js';
import { SizeBook } from '../../../../src/models/families/building-blocks.js';
import { separateQkv } from '../../../../src/models/families/parts/attention-kinds.js';
import type { LayerContext } from '../../../../src/models/families/parts/layer-context.js';
import type { AttentionSpec } from '../../../../src/models/spec/model-spec.js';

// The biases transformers gives each projection: LlamaAttention uses attention_bias on all four;
// Qwen2Attention has bias=True on q/k/v and False on o; Glm4Attention takes attention_bias on
// q/k/v and bias=False on o_proj.
const context = (raw: Record<string, unknown>): LayerContext => ({
  config: new ConfigFields(raw, {}, 'test'),
  sizes: new SizeBook(),
  d: sym('d_model'),
  widths: { headDim: sym('d_h'), queryHeads: sym('n_h'), keyValueHeads: sym('n_kv') },
  norm: 'rmsnorm',
});
const biasOf = (part: ReturnType<typeof separateQkv>, raw: Record<string, unknown>) =>
  (part(context(raw)) as AttentionSpec).bias;

describe('separateQkv biases', () => {
  const llama = separateQkv({ bias: { layout: 'all', when: 'attention_bias' } });
  const qwen2 = separateQkv({ bias: { layout: 'qkv' } });
  const glm4 = separateQkv({ bias: { layout: 'qkv', when: 'attention_bias' } });
  it.each([
    ['Llama, attention_bias on', llama, true, { q: true, k: true, v: true, o: true }],
    ['Llama, attention_bias off', llama, false, { q: false, k: false, v: false, o: false }],
    ['Qwen2, whatever the flag', qwen2, false, { q: true, k: true, v: true, o: false }],
    ['GLM-4, attention_bias on', glm4, true, { q: true, k: true, v: true, o: false }],
    ['GLM-4, attention_bias off', glm4, false, { q: false, k: false, v: false, o: false }],
  ] as const)('%s', (_name, part, flag, expected) => {
    expect(biasOf(part, { attention_bias: flag })).toEqual(expected);
  });

  it('Q/K norms only when their flag is on (Cohere use_qk_norm)', () => {
    const cohere = separateQkv({
      bias: { layout: 'none' },
      qkNorm: { over: 'full', when: 'use_qk_norm' },
    });
    expect((cohere(context({ use_qk_norm: false })) as AttentionSpec).qkNorm).toBeUndefined();
    expect((cohere(context({ use_qk_norm: true })) as AttentionSpec).qkNorm).toBeDefined();
  });
});
