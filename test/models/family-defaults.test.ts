import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigFields, type RawConfig } from '../../src/models/config/config-fields.js';
import type { Family } from '../../src/models/families/family.js';
import { families } from '../../src/models/families/registry.js';
import { visionTowerKinds } from '../../src/models/families/vision-towers.js';
import { allPresets } from '../../src/models/presets.js';
import { hfCases, hfCases2 } from '../support/models.js';

// The public checkpoints' own config.json files (test/fixtures/hf-models.json, hf-models-2.json
// and the presets, each with its source): whatever field a builder reads that such a config leaves
// out, the count rests on the family's default for it, so that default must exist and its line in
// the family file must say which checkpoints rely on it.

/**
 * Fields a builder may read with no default at all, absence meaning None: PretrainedConfig's
 * labels (`numLabels()`: 2 when neither is given), and the sliding-window fields, which shape
 * only the KV cache, never a parameter.
 */
const absentMeansNone = new Set([
  'num_labels',
  'id2label',
  'sliding_window',
  'use_sliding_window',
  'layer_types',
  // A composite reads its language model's longest context here (the loader, elsewhere): absent,
  // the memory figures take their own default, never a parameter.
  'max_position_embeddings',
]);

const checkpoints: ReadonlyArray<{ name: string; config: RawConfig }> = [
  ...hfCases,
  ...hfCases2,
  ...allPresets(),
];

interface DefaultRead {
  /** `vision_config.num_channels` for a nested config's field. */
  readonly field: string;
  readonly name: string;
  readonly hasDefault: boolean;
}

/** The fields `family` reads for every class it counts that `config` leaves out. */
function defaultedReads(family: Family, config: RawConfig): DefaultRead[] {
  const reads = new Map<string, DefaultRead>();
  const original = ConfigFields.prototype.value;
  vi.spyOn(ConfigFields.prototype, 'value').mockImplementation(function (
    this: ConfigFields,
    name: string,
  ) {
    if (!this.given(name)) {
      // Private fields, read here only to tell a nested config's defaults from the top level's.
      const own = this as unknown as { path: string; defaults: RawConfig };
      const field = own.path + name;
      reads.set(field, { field, name, hasDefault: Object.hasOwn(own.defaults, name) });
    }
    return original.call(this, name);
  });
  const modelType = String(config.model_type);
  for (const className of family.classes)
    family.build(new ConfigFields(config, family.defaults, modelType, family.aliases), className);
  vi.restoreAllMocks();
  return [...reads.values()];
}

const familyDir = new URL('../../src/models/families/', import.meta.url);
const familySources = readdirSync(familyDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(new URL(f, familyDir), 'utf8').split('\n'));

/** A line that opens a family's declaration: its `model_type` list. */
const opensFamily = (line: string) => /^\s*(modelTypes: )?\['[^']+'(, '[^']+')*\],?$/.test(line);

/**
 * The lines of `field` in the declaration of the family whose first model type is `modelType`,
 * else in the file's shared defaults above its first family (`encoderDefaults`, `t5Defaults`).
 */
function defaultLines(modelType: string, field: string): string[] {
  const isField = (line: string) => new RegExp(`^\\s+${field}: `).test(line);
  for (const lines of familySources) {
    const start = lines.findIndex((l) => opensFamily(l) && l.includes(`['${modelType}'`));
    if (start < 0) continue;
    const next = lines.findIndex((l, i) => i > start && opensFamily(l));
    const own = lines.slice(start, next < 0 ? undefined : next).filter(isField);
    if (own.length > 0) return own;
    return lines.slice(0, lines.findIndex(opensFamily)).filter(isField);
  }
  return [];
}

/**
 * The family whose declaration holds a field's default: a composite's nested config's family (the
 * type the nested config names, else the composite's default), else the family itself.
 */
function declaringType(family: Family, config: RawConfig, field: string): string {
  const nested = field.includes('.') ? field.slice(0, field.indexOf('.')) : undefined;
  const fallback = nested ? family.nested?.[nested] : undefined;
  if (!nested || !fallback) return family.modelTypes[0]!;
  const written = (config[nested] as RawConfig | null | undefined)?.model_type;
  if (typeof written !== 'string') return fallback;
  return visionTowerKinds[written]?.declaredBy ?? written;
}

const cases = checkpoints.flatMap((c) => {
  const family = families.find((f) => f.modelTypes.includes(String(c.config.model_type)));
  return family ? [[c.name, family, c.config] as const] : [];
});

describe('every default a public checkpoint relies on exists and says so', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the checkpoints of 36 families or more', () => {
    expect(new Set(cases.map(([, family]) => family)).size).toBeGreaterThanOrEqual(36);
  });

  it.each(cases)('%s', (_name, family, config) => {
    for (const read of defaultedReads(family, config)) {
      if (!read.hasDefault) {
        expect(absentMeansNone, `${read.field} has no default`).toContain(read.name);
        continue;
      }
      const lines = defaultLines(declaringType(family, config, read.field), read.name);
      expect(lines.length, `${read.field}: its default's line`).toBeGreaterThan(0);
      for (const line of lines) expect(line, `${read.field}: a comment`).toMatch(/ \/\/ \S/);
    }
  });
});
