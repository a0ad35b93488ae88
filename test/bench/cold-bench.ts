import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJson } from '../support/fixtures.js';
import { writeSparseSafetensors } from '../support/llama-checkpoint.js';
import { row } from './measure.js';
import { byInstructions, interleaved, processUnit } from './processes.js';

/**
 * Cold runs of whole questions near bare Node (issue 22): each row runs `tparams …` and its
 * baseline as processes, alternating, 7 runs each, and compares the medians. The baseline is
 * `node -e 0`, or fitllm-engine (npm; one file, no dependencies) asked the same question; both
 * run without NODE_EXTRA_CA_CERTS (processes.ts).
 */

const cli = new URL('../../dist/cli/tparams.cjs', import.meta.url).pathname;
const unit = processUnit;

/** `ours` and its baseline, interleaved (7 runs each), as [ours, baseline]. */
function alternating(
  ours: string[],
  baseline: string[],
  expectOurs?: (stdout: string) => boolean,
  expectBaseline?: (stdout: string) => boolean,
): [number, number] {
  const [a, b] = interleaved([
    { args: ours, expect: expectOurs },
    { args: baseline, expect: expectBaseline },
  ]);
  return [a!, b!];
}

const bare = ['-e', '0'];
const peerVersion = '2.18.0';

/**
 * fitllm-engine's CLI, installed once into a cache folder outside this repository's dependencies
 * (never a dependency of ours: it is only a baseline), or undefined with the reason when the
 * registry cannot be reached.
 */
function peerCli(): { path?: string; reason?: string } {
  const prefix = join(tmpdir(), 'tparams-bench-peer');
  const path = join(prefix, 'node_modules/fitllm-engine/bin/fitllm.mjs');
  const manifest = join(prefix, 'node_modules/fitllm-engine/package.json');
  const installed = () =>
    existsSync(path) &&
    (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === peerVersion;
  if (installed()) return { path };
  mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      `fitllm-engine@${peerVersion}`,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (install.status !== 0 || !installed())
    return {
      reason: `npm install fitllm-engine@${peerVersion} failed (${install.stderr.trim().split('\n').at(-1) ?? 'no registry'})`,
    };
  return { path };
}

/**
 * Qwen3-Coder-Next's real header (74,391 tensors) as a safetensors file with a sparse data section,
 * beside a config whose model_type no family knows, so `derive` reads the model from the header.
 */
function unknownFamilyCheckpoint(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cold-header-'));
  const { config } = loadJson<{ config: object }>('qwen3-next.json');
  const { tensors } = loadJson<{ tensors: Record<string, number[]> }>(
    'qwen3-coder-next-header.json',
  );
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, model_type: 'unknown_x' }));
  writeSparseSafetensors(join(dir, 'model.safetensors'), Object.entries(tensors));
  return dir;
}

/** The process rows of issue 22 (targets: 1.3×, 1.3×, 1.0×, 3×, 6×). */
export function coldQuestionsBench(header: string): string[] {
  const lines = [
    byInstructions
      ? 'Cold questions vs node -e 0 and vs fitllm-engine (instructions under callgrind, medians of 3)'
      : 'Cold questions vs node -e 0 and vs fitllm-engine (medians of 7 alternating runs)',
    header,
  ];
  const derive = alternating([cli, 'derive', 'llama-2-7b', '--format', 'json'], bare, (out) =>
    out.includes('"6738415616"'),
  );
  lines.push(row('derive llama-2-7b --format json (≤ 1.3×)', ...derive, unit));
  const memoryArgs = ['memory', 'gpt-oss-20b', '--dtype', 'fp16', '--context', '8192'];
  const memory = alternating([cli, ...memoryArgs, '--format', 'json'], bare, (out) =>
    out.includes('"weights_bytes": "41829514368"'),
  );
  lines.push(row('memory gpt-oss-20b fp16 8192 json (≤ 1.3×)', ...memory, unit));
  // The same question of fitllm-engine: weights in FP16 and the KV cache at 8,192 tokens, as JSON
  // (it answers only for a device: the H100 on both sides, so both also say whether it fits).
  const peer = peerCli();
  if (peer.path) {
    const vsPeer = alternating(
      [cli, ...memoryArgs, '--gpu', 'h100', '--format', 'json'],
      [peer.path, 'gpt-oss-20b', '--gpu', 'H100', '--quant', 'FP16', '--ctx', '8192', '--json'],
      (out) => out.includes('"weights_bytes": "41829514368"'),
      (out) => out.includes('"kvGB"'),
    );
    lines.push(row(`  … --gpu h100 vs fitllm-engine ${peerVersion} (≤ 1.0×)`, ...vsPeer, unit));
  } else lines.push(`  vs fitllm-engine ${peerVersion}: skipped: ${peer.reason}`);
  const out = mkdtempSync(join(tmpdir(), 'cold-html-'));
  try {
    const html = alternating(
      [cli, 'derive', 'deepseek-v3', '--format', 'html', '-o', join(out, 'deepseek-v3.html')],
      bare,
    );
    lines.push(row('derive deepseek-v3 --format html -o FILE (≤ 3×)', ...html, unit));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const checkpoint = unknownFamilyCheckpoint();
  try {
    const fromHeader = alternating([cli, 'derive', checkpoint, '--format', 'json'], bare, (text) =>
      text.includes('"79674391296"'),
    );
    lines.push(row('derive, unknown family, 74,391 tensors (≤ 6×)', ...fromHeader, unit));
  } finally {
    rmSync(checkpoint, { recursive: true, force: true });
  }
  return lines;
}

/**
 * Cold start: the built CLI deriving a component, against bare `node -e 0`, as processes; the
 * two interleaved, 31 runs each, the medians compared (target: 1.5×).
 */
export function coldStartBench(header: string): string[] {
  const [ours, bare] = interleaved(
    [
      {
        args: [cli, 'derive', 'attention', '--set', 'd_model=512'],
        expect: (out) => out.includes('1,050,624'),
      },
      { args: ['-e', '0'] },
    ],
    31,
  );
  return [
    byInstructions
      ? 'Cold start: tparams derive attention --set d_model=512 vs node -e 0 (instructions, medians of 3; target: 1.5×)'
      : 'Cold start: tparams derive attention --set d_model=512 vs node -e 0 (medians of 31 runs; target: 1.5×)',
    header,
    row('derive attention, cold', ours!, bare!, unit),
  ];
}
