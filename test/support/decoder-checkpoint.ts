import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.js';
import { writeSparseSafetensors } from './llama-checkpoint.js';

/** A checkpoint's tensors as a test writes them by hand from the modeling code: name → shape. */
export type Tensors = Array<[string, number[]]>;

/** The tensors outside the layers, then `layer(i)`'s under `model.layers.<i>.`, for each layer. */
export function decoderTensors(
  outside: Tensors,
  layers: number,
  layer: (i: number) => Tensors,
): Tensors {
  const entries = [...outside];
  for (let i = 0; i < layers; i++)
    for (const [name, shape] of layer(i)) entries.push([`model.layers.${i}.${name}`, shape]);
  return entries;
}

/** The elements of all the tensors: the checkpoint's own count, summed from the shapes. */
export const elementsOf = (tensors: Tensors): number =>
  tensors.reduce((sum, [, shape]) => sum + shape.reduce((a, b) => a * b, 1), 0);

/** `tparams verify --format json` on a folder of the config and a header of those tensors. */
export function verifyHeader(config: Record<string, unknown>, tensors: Tensors) {
  const dir = mkdtempSync(join(tmpdir(), 'decoder-'));
  try {
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    writeSparseSafetensors(join(dir, 'model.safetensors'), tensors);
    const run = runCli(['verify', dir, '--format', 'json']);
    return {
      code: run.code,
      stdout: run.stdout,
      json: run.code === 0 ? JSON.parse(run.stdout) : {},
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a verify that matched name by name reports, for a checkpoint of `total` elements. */
export const exactMatch = (total: number) => ({
  match: true,
  checkpoint_total: String(total),
  derived_total: String(total),
  names_compared: true,
  unexpected: [],
  missing: [],
  mismatched: [],
});
