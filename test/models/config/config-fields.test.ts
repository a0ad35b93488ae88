import { describe, expect, it } from 'vitest';
import { ConfigFields } from '../../../src/models/config/config-fields.js';

describe('ConfigFields.with', () => {
  const fields = new ConfigFields(
    { n_head: 4, tie_word_embeddings: false },
    { tie_word_embeddings: true, num_attention_heads: 8 },
    'test',
    { num_attention_heads: ['n_head'] },
  );

  it('sets one field as if the file wrote it, over the file and the defaults', () => {
    const tied = fields.with('tie_word_embeddings', true);
    expect(tied.flag('tie_word_embeddings')).toBe(true);
    expect(tied.given('tie_word_embeddings')).toBe(true);
    expect(fields.flag('tie_word_embeddings')).toBe(false);
  });

  it('replaces a value written under an alias, and keeps the other fields', () => {
    const heads = fields.with('num_attention_heads', 2);
    expect(heads.size('num_attention_heads')).toBe(2n);
    expect(fields.size('num_attention_heads')).toBe(4n);
    expect(heads.flag('tie_word_embeddings')).toBe(false);
  });
});
