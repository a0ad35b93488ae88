import { readFileSync } from 'node:fs';

/** A torch.nn module counted by PyTorch itself (test/fixtures/torch-nn.json). */
export interface TorchCase {
  module: string;
  args: Record<string, number | boolean>;
  params: number;
}

export function loadJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** torch-nn.json, and the convolutions of torch-conv.json (published torchsummary counts, each with its source). */
export const torchCases = [
  ...loadJson<{ cases: TorchCase[] }>('torch-nn.json').cases,
  ...loadJson<{ cases: TorchCase[] }>('torch-conv.json').cases,
];

/** A case's arguments as `--set` pairs. */
export function settingsOf(
  args: Record<string, number | boolean>,
): Array<readonly [string, string]> {
  return Object.entries(args).map(([k, v]) => [k, String(v)] as const);
}

/** A readable test name: `MultiheadAttention(embed_dim=512, num_heads=8)`. */
export function caseName(c: TorchCase): string {
  return `${c.module}(${Object.entries(c.args)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;
}
