import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layers } from '../../src/layer-order.js';

const src = join(import.meta.dirname, '../../src');

/** Every `.ts` file under `src/`, as a path relative to it. */
function sourceFiles(folder = src): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(src, path)] : [];
  });
}

/** Relative specifiers a file imports: static, type-only, re-exported and dynamic. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8');
  const found = text.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|\bimport\s+['"](\.{1,2}\/[^'"]+)['"]/g,
  );
  return [...found].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/** The top-level entry of `src/` a path lies in: its folder, or the file itself (`limits.ts`). */
const unitOf = (path: string) => path.split('/')[0]!.replace(/\.js$/, '.ts');

const rank = new Map(layers.flatMap((row, i) => row.map((unit) => [unit, i] as const)));

/** Every import from one unit of `src/` into another: `cli/main.ts → report/report.ts`. */
const crossings = sourceFiles().flatMap((file) =>
  importsOf(file).flatMap((specifier) => {
    const target = normalize(join(dirname(file), specifier));
    const [from, to] = [unitOf(file), unitOf(target)];
    return from === to ? [] : [{ file, target, from, to }];
  }),
);

describe('the layers of src/ (src/layer-order.ts)', () => {
  it('names every folder and top-level file of src/ once', () => {
    const units = new Set(sourceFiles().map(unitOf));
    units.delete('layer-order.ts'); // the declaration itself
    const declared = layers.flat();
    expect(new Set(declared).size).toBe(declared.length);
    expect([...units].sort()).toEqual([...declared].sort());
  });

  it('reads the imports it checks (a sample of known ones)', () => {
    expect(crossings.length).toBeGreaterThan(300);
    const seen = (file: string, target: string) =>
      crossings.some((c) => c.file === file && c.target === target);
    expect(seen('cli/main.ts', 'errors/user-error.js')).toBe(true); // static
    expect(seen('analysis/diff.ts', 'analysis/breakdown.js')).toBe(false); // same folder
    expect(seen('models/spec/model-spec.ts', 'components/part.js')).toBe(true); // type-only
    expect(crossings.some((c) => c.file === 'cli/main.ts' && c.to === 'cli')).toBe(false);
  });

  it('has no import from a lower layer into a higher one, nor between peers', () => {
    const against = crossings
      .filter(({ from, to }) => (rank.get(to) ?? -1) >= (rank.get(from) ?? -1))
      .map(({ file, target }) => `${file} → ${target}`);
    expect(against).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const next = new Map<string, Set<string>>();
    for (const { from, to } of crossings) next.set(from, (next.get(from) ?? new Set()).add(to));
    const cycles: string[] = [];
    const visit = (unit: string, path: readonly string[]) => {
      for (const to of next.get(unit) ?? []) {
        if (to === path[0]) cycles.push([...path, to].join(' → '));
        else if (!path.includes(to) && to > path[0]!) visit(to, [...path, to]);
      }
    };
    for (const unit of next.keys()) visit(unit, [unit]);
    expect(cycles).toEqual([]);
  });
});

describe("the README's Layout section", () => {
  const readme = readFileSync(join(src, '../README.md'), 'utf8');
  const layout = /## Layout\n\n```\n([\s\S]*?)```/.exec(readme)![1]!;
  const listed = [...layout.matchAll(/^src\/(\S+?)\/?\s/gm)].map((m) => m[1]!);

  it('describes every layer of src/, in the order of src/layer-order.ts', () => {
    expect(listed.filter((unit) => unit !== 'layer-order.ts')).toEqual(layers.flat());
  });
});

describe('the files of src/', () => {
  const files = sourceFiles();

  it('share a name only as browser twins (web/platform/), entry points or registries', () => {
    const shared = (name: string) => name === 'index.ts' || name === 'registry.ts';
    const byName = new Map<string, string[]>();
    for (const file of files.filter((f) => !f.startsWith('web/platform/'))) {
      const name = file.split('/').pop()!;
      if (!shared(name)) byName.set(name, [...(byName.get(name) ?? []), file]);
    }
    expect([...byName.values()].filter((paths) => paths.length > 1)).toEqual([]);
  });

  it('each folder has its test folder (test/ mirrors src/)', () => {
    const folders = [...new Set(files.filter((f) => f.includes('/')).map(unitOf))];
    const test = join(src, '../test');
    expect(folders.filter((folder) => !existsSync(join(test, folder)))).toEqual([]);
  });

  it('are at most 300 lines each', () => {
    const long = files
      .map((file) => ({
        file,
        lines: readFileSync(join(src, file), 'utf8').split('\n').length - 1,
      }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });
});
