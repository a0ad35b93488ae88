import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allPresets, findPreset, naturalOrder } from '../../src/models/presets.js';

describe('findPreset', () => {
  it('finds every preset by its name and by its repository id, in any case', () => {
    for (const preset of allPresets()) {
      expect(findPreset(preset.name.toUpperCase())?.name).toBe(preset.name);
      expect(findPreset(preset.repository)?.name).toBe(preset.name);
      expect(findPreset(preset.repository.toLowerCase())?.name).toBe(preset.name);
    }
  });

  it('finds no preset for paths, however they are written', () => {
    for (const path of ['/tmp/hdr', './llama-2-7b', 'meta-llama/Llama-2-7b-hf/', '../x/y', 'a/b/c'])
      expect(findPreset(path)).toBeUndefined();
  });
});

describe('the order of preset names', () => {
  // The order Intl.Collator gives, which the presets' own comparison stands in for (it does not
  // load ICU's collation data).
  const collator = new Intl.Collator('en', { numeric: true });

  it('lists the presets as the collator orders their names', () => {
    const names = allPresets().map((p) => p.name);
    expect(names).toEqual([...names].sort(collator.compare));
    expect(names.indexOf('llama-2-7b')).toBeLessThan(names.indexOf('llama-2-13b'));
    expect(names.indexOf('gpt2')).toBeLessThan(names.indexOf('gpt2-large'));
  });

  it('orders any lowercase name of letters, digits, dots and dashes as the collator does', () => {
    const name = fc
      .array(fc.constantFrom(...'ab-.019z'), { minLength: 0, maxLength: 8 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(Math.sign(naturalOrder(a, b))).toBe(Math.sign(collator.compare(a, b)));
      }),
      { numRuns: 2000 },
    );
  });
});
