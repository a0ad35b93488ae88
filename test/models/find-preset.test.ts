import { describe, expect, it } from 'vitest';
import { allPresets, findPreset } from '../../src/models/presets.js';

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
