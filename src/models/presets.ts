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

/**
 * Names in the order people read them: a run of digits by its value (`gpt2` before `gpt2-xl`,
 * `llama-2-7b` before `llama-2-13b`), other characters by their code (the names are lowercase
 * ASCII: `-` and `.` before digits, digits before letters), as `Intl.Collator('en', { numeric:
 * true })` orders them (a test compares). Not the collator itself: making the first one loads
 * ICU's collation data, 73 M instructions, almost a bare Node start, for a typo's one-line error
 * or a Hub id (which is looked for among the presets' repositories).
 */
const byName = (a: Preset, b: Preset) => naturalOrder(a.name, b.name);

export function naturalOrder(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      const [from, to] = [i, j];
      while (i < a.length && isDigit(a.charCodeAt(i))) i++;
      while (j < b.length && isDigit(b.charCodeAt(j))) j++;
      const [x, y] = [a.slice(from, i).replace(/^0+/, ''), b.slice(to, j).replace(/^0+/, '')];
      if (x.length !== y.length) return x.length - y.length;
      if (x !== y) return x < y ? -1 : 1;
      continue;
    }
    if (a[i] !== b[j]) return a.charCodeAt(i) - b.charCodeAt(j);
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** Every preset, by name (`presetsByFamily` groups them as `tparams list` shows them). */
export function allPresets(): readonly Preset[] {
  if (cache) return cache;
  const loaded = presetFiles().map(({ path, data }) => checkedPreset(path, data as Preset));
  cache = loaded.sort(byName);
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
  return [...allPresets()].sort((a, b) => rank(a) - rank(b) || bySize(a, b) || byName(a, b));
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
