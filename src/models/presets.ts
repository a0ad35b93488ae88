import type { RawConfig } from './config/config-fields.js';
import type { Family } from './families/family.js';
import { presetFile, presetFiles } from './preset-files.js';

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

/** Every preset, by name (`presetsByFamily` groups them as `tparams list` shows them). */
export function allPresets(): readonly Preset[] {
  if (cache) return cache;
  const loaded = presetFiles().map(({ path, data }) => checkedPreset(path, data as Preset));
  cache = loaded.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return cache;
}

/**
 * The presets grouped by family in the registry's order, then by size when `sizeOf` is given
 * (gpt2, gpt2-medium, gpt2-large, gpt2-xl: names alone would put large before medium), then by
 * name. (The registry is passed in: a command that only looks a preset up by name must not load
 * every family to do it.)
 */
export function presetsByFamily(
  families: readonly Family[],
  sizeOf?: (preset: Preset) => bigint,
): readonly Preset[] {
  const rank = (p: Preset) => {
    const at = families.findIndex((f) => f.modelTypes.includes(String(p.config.model_type)));
    return at < 0 ? families.length : at;
  };
  const sizes = new Map(sizeOf ? allPresets().map((p) => [p.name, sizeOf(p)]) : []);
  const bySize = (a: Preset, b: Preset) => {
    const [x, y] = [sizes.get(a.name) ?? 0n, sizes.get(b.name) ?? 0n];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return [...allPresets()].sort(
    (a, b) =>
      rank(a) - rank(b) || bySize(a, b) || a.name.localeCompare(b.name, 'en', { numeric: true }),
  );
}

function checkedPreset(path: string, data: Preset): Preset {
  if (
    typeof data.name !== 'string' ||
    typeof data.repository !== 'string' ||
    typeof data.config !== 'object'
  ) {
    throw new Error(`internal: preset ${path} needs name, repository and config`);
  }
  return data;
}

/** The preset derived when `tparams derive` is given no target. */
export const defaultPresetName = 'llama-2-7b';

/** Finds a preset by name (case-insensitive; the repository id works too). */
export function findPreset(name: string): Preset | undefined {
  const wanted = name.toLowerCase();
  // A name reads its one file (a command naming a component must not read all the presets to learn it is none).
  const file = presetFile(wanted);
  if (file) return checkedPreset(file.path, file.data as Preset);
  // Only an `owner/name` can be a repository id: a path (`/data/ckpt`, `./model`) is no preset, and
  // must not cost reading all seventy files to learn it.
  return repositoryShaped.test(wanted)
    ? allPresets().find((p) => p.repository.toLowerCase() === wanted)
    : undefined;
}

/** The shape of a Hub repository id, which every preset's `repository` has. */
const repositoryShaped = /^[\w.-]+\/[\w.-]+$/;
