import type { RawConfig } from './config/config-fields.js';
import { families } from './families/registry.js';
import { presetFiles } from './preset-files.js';

/** A well-known public checkpoint shipped as its config.json fields. */
export interface Preset {
  readonly name: string;
  /** The HuggingFace repository the config is copied from. */
  readonly repository: string;
  /** Where the config was published. */
  readonly source?: string;
  readonly config: RawConfig;
}

/**
 * The presets are data: one file each in `src/models/presets/` (`<name>.json`: name, repository,
 * source and the config.json fields as the repository publishes them), read only when a preset is
 * asked for. Adding a preset is adding a file.
 */
export { presetsDir } from './preset-files.js';

let cache: readonly Preset[] | undefined;

/** Every preset, grouped by family in the registry's order, then by name. */
export function allPresets(): readonly Preset[] {
  if (cache) return cache;
  const familyRank = (p: Preset) => {
    const rank = families.findIndex((f) => f.modelTypes.includes(String(p.config.model_type)));
    return rank < 0 ? families.length : rank;
  };
  const loaded = presetFiles().map(({ path, data }) => checkedPreset(path, data as Preset));
  cache = loaded.sort((a, b) => familyRank(a) - familyRank(b) || a.name.localeCompare(b.name, 'en', { numeric: true }));
  return cache;
}

function checkedPreset(path: string, data: Preset): Preset {
  if (typeof data.name !== 'string' || typeof data.repository !== 'string' || typeof data.config !== 'object') {
    throw new Error(`internal: preset ${path} needs name, repository and config`);
  }
  return data;
}

/** The preset derived when `tparams derive` is given no target. */
export const defaultPresetName = 'llama-2-7b';

/** Finds a preset by name (case-insensitive; the repository id works too). */
export function findPreset(name: string): Preset | undefined {
  const wanted = name.toLowerCase();
  return allPresets().find((p) => p.name === wanted || p.repository.toLowerCase() === wanted);
}
