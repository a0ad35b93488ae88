import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJson } from './fixtures.js';

/** A public checkpoint with its published count (test/fixtures/hf-models.json). */
export interface HfCase {
  name: string;
  hf_class: string;
  config: Record<string, unknown>;
  total_params: number;
  non_embedding_params: number | null;
  source: string;
}

export const hfCases = loadJson<{ models: HfCase[] }>('hf-models.json').models;

/** Twelve later architectures, one public checkpoint each (test/fixtures/hf-models-2.json). */
export const hfCases2 = loadJson<{ models: Array<HfCase & { notes?: string }> }>(
  'hf-models-2.json',
).models;

export interface PublishedCase {
  preset: string;
  hf_class: string;
  total_params: number;
  non_embedding_params?: number;
  source: string;
}

export const publishedCases = loadJson<{ cases: PublishedCase[] }>('published-totals.json').cases;

const scratch = mkdtempSync(join(tmpdir(), 'tparams-test-'));
let counter = 0;

/** Writes JSON to a fresh file in a scratch folder and returns its path. */
export function writeJson(value: unknown, name = `file-${counter++}.json`): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

/** A published count of a checkpoint of hf-models-2.json with some config fields changed (test/fixtures/published-variants.json). */
export interface VariantCase {
  base: string;
  overrides: Record<string, unknown>;
  hf_class: string;
  total_params: number;
  source: string;
}

export const variantCases = loadJson<{ cases: VariantCase[] }>('published-variants.json').cases;
