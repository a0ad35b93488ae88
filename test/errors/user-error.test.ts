import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearestNames } from '../../src/errors/suggest.js';
import { fieldError, oneOf, show, UserError } from '../../src/errors/user-error.js';

describe('user errors', () => {
  it('name the field, the value and what was expected, on one line', () => {
    const error = fieldError('num_attention_heads', 0, 'a positive whole number');
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('num_attention_heads = 0: expected a positive whole number');
    expect(error.details).toMatchObject({ field: 'num_attention_heads', received: 0 });
  });

  it.each([
    [[], ''],
    [['md'], 'md'],
    [['md', 'tex'], 'md or tex'],
    [['md', 'tex', 'html'], 'md, tex or html'],
  ])('lists choices as a sentence: %j → %s', (names, sentence) => {
    expect(oneOf(names)).toBe(sentence);
  });

  it('show a value as it was written, strings quoted, control characters visible', () => {
    expect(show('llama')).toBe('"llama"');
    expect(show(12n)).toBe('12');
    expect(show('a\nb')).not.toContain('\n');
  });
});

describe('did you mean', () => {
  it('measures edits (Levenshtein: kitten → sitting is 3)', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest names, and nothing for a name far from all', () => {
    const names = ['llama-2-7b', 'llama-2-13b', 'mistral-7b', 'gpt2'];
    expect(nearestNames('llama-2-7', names)[0]).toBe('llama-2-7b');
    expect(didYouMean('mistal-7b', names)).toContain('mistral-7b');
    expect(didYouMean('zzzzzzzzzzzzzz', names)).toBe('');
  });
});
