import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row } from './measure.js';

/**
 * `tparams render` of a note with fifty different blocks (ten models, each derived, broken down,
 * sized and costed) against one cold `tparams derive llama-2-7b --format md`, as processes, the
 * two interleaved, 7 runs each, the medians compared (target: about 1×: the blocks share one
 * process, its loaded families and KaTeX's cache).
 */
export function notesBench(header: string): string[] {
  const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
  // Fifty different blocks: ten models, each in five commands, no two alike (a block asked twice
  // would be rendered once, which would flatter the figure).
  const models = [
    'llama-2-7b',
    'mistral-7b',
    'qwen2.5-7b',
    'gpt2',
    'meta-llama-3-8b',
    'gemma-2-2b',
    'phi-2',
    'olmo-2-7b',
    'mixtral-8x7b',
    'deepseek-v2-lite',
  ];
  const kinds = [
    (m: string) => `derive ${m}`,
    (m: string) => `derive ${m} --show breakdown`,
    (m: string) => `memory ${m} --context 8k --show total`,
    (m: string) => `flops ${m} --show figures`,
    (m: string) => `memory ${m} --dtype int4 --context 4k`,
  ];
  const blocks = models.flatMap((m) => kinds.map((k) => k(m)));
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
