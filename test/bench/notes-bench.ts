import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row } from './measure.js';

/**
 * `tparams render` of a note with fifty blocks (derivations of presets, components, memory and
 * compute, in turn) against one cold `tparams derive llama-2-7b --format md`, as processes, the
 * two interleaved, 7 runs each, the medians compared (target: about 1×: the blocks share one
 * process, its loaded families and KaTeX's cache).
 */
export function notesBench(header: string): string[] {
  const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
  const kinds = [
    'derive llama-2-7b',
    'derive gpt2 --show breakdown',
    'derive torch.nn.MultiheadAttention --set embed_dim=512 --set num_heads=8',
    'memory mistral-7b --context 8k',
    'flops qwen2.5-7b --show figures',
  ];
  const blocks = Array.from({ length: 50 }, (_, i) => kinds[i % kinds.length]!);
  const dir = mkdtempSync(join(tmpdir(), 'notes-bench-'));
  const note = join(dir, 'note.md');
  writeFileSync(
    note,
    blocks.map((b, i) => `## Block ${i + 1}\n\n\`\`\`tparams\n${b}\n\`\`\`\n`).join('\n'),
  );
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const run = (args: string[]) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tparams ${args.join(' ')}: ${result.stderr}`);
    return performance.now() - start;
  };
  const ours: number[] = [];
  const one: number[] = [];
  try {
    for (let i = 0; i < 7; i++) {
      ours.push(run(['render', note, '--strict']));
      one.push(run(['derive', 'llama-2-7b', '--format', 'md']));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    'A note of 50 blocks vs one cold derive (medians of 7 runs; target: about 1×)',
    header,
    row('render, 50 blocks vs derive llama-2-7b --format md', median(ours), median(one), 'ms'),
  ];
}
