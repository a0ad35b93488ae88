import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { row } from './measure.js';
import { byInstructions, interleaved, processUnit } from './processes.js';

/**
 * `tparams render` of a note with fifty different blocks (ten models, each derived, broken down,
 * sized and costed) against one cold `tparams derive llama-2-7b --format md`, as processes, the
 * three interleaved (the note as Markdown, as an HTML page), 7 runs each, the medians compared
 * (target: about 1×: a model is derived once for all its blocks, and a note of several models
 * takes a spare core).
 */
export function notesBench(header: string): string[] {
  const cli = new URL('../../dist/cli/tparams.cjs', import.meta.url).pathname;
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
  // The load decides whether a note's blocks take a second core (render-blocks.ts): it is shown.
  const load = loadavg()[0]!;
  let medians: number[];
  try {
    medians = interleaved([
      { args: [cli, 'render', note, '--strict'] },
      { args: [cli, 'render', note, '--strict', '--format', 'html'] },
      { args: [cli, 'derive', 'llama-2-7b', '--format', 'md'] },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [ours, page, one] = medians as [number, number, number];
  const how = byInstructions
    ? 'instructions, all threads, medians of 3'
    : `medians of 7 runs, load ${load.toFixed(1)} on ${availableParallelism()} CPUs`;
  return [
    `A note of 50 blocks vs one cold derive (${how}; target: about 1×)`,
    header,
    row('render, 50 blocks vs derive llama-2-7b --format md', ours, one, processUnit),
    row('  … as an HTML page, KaTeX typesetting', page, one, processUnit),
  ];
}
