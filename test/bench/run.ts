/**
 * `npm run bench`: speed as ratios against baselines measured in the same run, never as absolute
 * thresholds. A ratio near 1× for the compiled evaluator means parity with hand-written arithmetic.
 */
import { create, all, type MathNode } from 'mathjs';
import { canonical, compile, parseFormula, toMathjs } from '../../src/expr/index.js';
import { formulaOf } from '../../src/components/part.js';
import { deriveTarget } from '../../src/report/derive-target.js';
import { tableOrder } from '../../src/symbols/table.js';
import { consumeSink, nsPerCall, row } from './measure.js';
import { Writable } from 'node:stream';
import { FieldModel } from '../../src/analysis/field-model.js';
import { parseAxis, planSweep } from '../../src/analysis/sweep.js';
import { parseCount } from '../../src/cli/counts.js';
import { findPreset } from '../../src/models/presets.js';
import { writeSweep } from '../../src/printers/sweep-writer.js';
import { spawnSync } from 'node:child_process';
import { verifyBench } from './verify-bench.js';
import { headerBench } from './header-bench.js';
import { notesBench } from './notes-bench.js';
import { webPageBench } from './web-bench.js';
import { measuredEnv, median } from './processes.js';
import { coldQuestionsBench, coldStartBench } from './cold-bench.js';

const header = `${'case'.padEnd(46)} ${'ours'.padStart(12)} ${'baseline'.padStart(12)} ${'ratio'.padStart(9)}`;

function evaluatorBench(): string[] {
  const cases: Array<{
    name: string;
    target: string;
    settings: Array<[string, string]>;
    handWritten: (v: Record<string, number>) => number;
  }> = [
    {
      name: 'attention 4(d² + d)',
      target: 'attention',
      settings: [],
      handWritten: (v) => 4 * (v.d_model! * v.d_model! + v.d_model!),
    },
    {
      name: 'encoder layer 4d² + 2d·d_ff + 9d + d_ff',
      target: 'encoder-layer',
      settings: [],
      handWritten: (v) =>
        4 * v.d_model! * v.d_model! + 2 * v.d_model! * v.d_ff! + 9 * v.d_model! + v.d_ff!,
    },
    {
      name: 'torch.nn.Transformer (5 symbols)',
      target: 'torch.nn.Transformer',
      settings: [],
      handWritten: (v) => {
        const d = v.d_model!,
          f = v.d_ff!;
        return (
          v.L_enc! * (4 * d * d + 2 * d * f + 9 * d + f) +
          v.L_dec! * (8 * d * d + 2 * d * f + 15 * d + f) +
          4 * d
        );
      },
    },
  ];
  const lines = [
    'Compiled evaluator vs hand-written JS (time per evaluation; target: parity)',
    header,
  ];
  for (const c of cases) {
    const report = deriveTarget(c.target, c.settings);
    const compiled = compile(formulaOf(report.part));
    const values = { d_model: 4096, d_ff: 11008, L_enc: 6, L_dec: 6 };
    const inputs = Array.from({ length: 1024 }, (_, i) => ({
      ...values,
      d_model: values.d_model + i,
    }));
    if (compiled.evaluateNumber(values) !== c.handWritten(values))
      throw new Error(`${c.name}: compiled and hand-written disagree`);
    let i = 0;
    const ours = nsPerCall(() => compiled.evaluateNumber(inputs[i++ & 1023]!), 2_000_000);
    let j = 0;
    const baseline = nsPerCall(() => c.handWritten(inputs[j++ & 1023]!), 2_000_000);
    lines.push(row(c.name, ours, baseline));
    let k = 0;
    const exact = nsPerCall(() => compiled.evaluate(inputs[k++ & 1023]!), 500_000);
    lines.push(row(`  … exact (bigint result)`, exact, baseline));
  }
  return lines;
}

function canonicalBench(): string[] {
  const math = create(all!);
  const formulas: Array<[string, string]> = [
    ['attention 4(d·d + d)', '4*(d*d + d)'],
    ['encoder layer, substituted', '4*(d*d + d) + (d*f + f + f*d + d) + 2*(d + d)'],
    ['h*V + V*h (uncollected by simplify)', 'h*V + V*h + 2*h*h + 3*(h + 1)*(V + 2)'],
    ['decoder stack L·(…) + 2d', 'L*(2*4*(d*d + d) + (d*f + f + f*d + d) + 3*(d + d)) + d + d'],
  ];
  const lines = [
    'Canonical form vs mathjs rationalize (same expression, parsed beforehand)',
    header,
  ];
  for (const [name, formula] of formulas) {
    const ourTree = parseFormula(formula);
    const theirTree: MathNode = math.parse(formula);
    const ours = nsPerCall(() => canonical(ourTree, tableOrder), 20_000);
    const baseline = nsPerCall(() => math.rationalize(theirTree), 500, 5);
    lines.push(row(name, ours, baseline));
  }
  const mixed = toMathjs(parseFormula('4*(d*d + d)'), math);
  lines.push(
    '',
    `(interop check: ${mixed.toString()} → rationalize → ${math.rationalize(mixed).toString()})`,
  );
  return lines;
}

/**
 * `tparams sweep` over 10⁶ rows (Llama-2-7B, L = 1..1000 × d_ff = 10001..11000) into a sink that
 * discards, against a hand-written double loop that computes the same closed form inline and
 * formats the same CSV lines in the same 4096-row chunks: the cost of planning, the compiled
 * formula and the row machinery over the bare arithmetic and printing.
 */
async function sweepBench(): Promise<string[]> {
  const preset = findPreset('llama-2-7b')!;
  const axes = ['num_hidden_layers=1..1000', 'intermediate_size=10001..11000'].map((r) =>
    parseAxis(r, parseCount),
  );
  const nullSink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  const time = async (fn: () => Promise<unknown>) => {
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      await fn();
      best = Math.min(best, performance.now() - start);
    }
    return best * 1e6;
  };
  const ours = await time(async () => {
    const plan = planSweep(
      new FieldModel({ config: preset.config, source: preset.repository }),
      axes,
      ['total'],
    );
    await writeSweep(plan, 'csv', nullSink());
  });
  const baseline = await time(async () => {
    const out = nullSink();
    let chunk = 'num_hidden_layers,intermediate_size,total,note\n';
    let rows = 0;
    for (let L = 1; L <= 1000; L++) {
      for (let f = 10001; f <= 11000; f++) {
        chunk += `${L},${f},${L * (4096 * (4 * 4096 + 3 * f + 2)) + 4096 * (2 * 32000 + 1)},\n`;
        if (++rows % 4096 === 0) {
          out.write(chunk);
          chunk = '';
        }
      }
    }
    out.write(chunk);
  });
  return [
    'tparams sweep: 10⁶ rows to CSV vs a hand-written loop (whole run, best of 3; target: a small multiple)',
    header,
    row('sweep llama-2-7b L × d_ff (10⁶ rows)', ours / 1e6, baseline / 1e6, 'ms'),
  ];
}

/**
 * Warm documents: derivation + HTML document of large models against derivation + Markdown
 * document of GPT-2, in this process (medians of 21 runs after 3 warm-up runs; targets 2× for
 * Llama-2-70B, 5× for DeepSeek-V3), so the largest models stay interactive in the web page.
 */
async function documentBench(): Promise<string[]> {
  // The built modules, as users run them (the benchmark's own TypeScript loader adds a helper call to every function).
  const [{ findPreset: preset }, { deriveModel }, { renderDocument }] = await Promise.all([
    import(new URL('../../dist/models/presets.js', import.meta.url).href) as Promise<
      typeof import('../../src/models/presets.js')
    >,
    import(new URL('../../dist/requests/derive-model.js', import.meta.url).href) as Promise<
      typeof import('../../src/requests/derive-model.js')
    >,
    import(new URL('../../dist/documents/render-document.js', import.meta.url).href) as Promise<
      typeof import('../../src/documents/render-document.js')
    >,
  ]);
  const make = (name: string, format: 'md' | 'html') => () => {
    const { config, repository } = preset(name)!;
    return renderDocument(deriveModel({ config, source: repository }), { format });
  };
  const medianOf = (fn: () => unknown) => {
    for (let i = 0; i < 3; i++) fn();
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const start = performance.now();
      fn();
      times.push(performance.now() - start);
    }
    return median(times);
  };
  // The same documents with a size changed at every run (a reader typing in the web page): the
  // symbolic formulas are set once, those with values again each time.
  let run = 0;
  const typing = (name: string, field: string, format: 'md' | 'html') => () => {
    const { config, repository } = preset(name)!;
    run++;
    return renderDocument(
      deriveModel({ config, source: repository, overrides: [[field, String(10 + (run % 50))]] }),
      { format },
    );
  };
  const baseline = medianOf(make('gpt2', 'md'));
  const typingBaseline = medianOf(typing('gpt2', 'n_layer', 'md'));
  return [
    'Documents: derivation + HTML of large models vs derivation + Markdown of GPT-2 (medians of 21; targets 2× and 5×)',
    header,
    row('llama-2-70b, html', medianOf(make('llama-2-70b', 'html')), baseline, 'ms'),
    row('deepseek-v3, html', medianOf(make('deepseek-v3', 'html')), baseline, 'ms'),
    row(
      '  … a size changed every run: llama-2-70b',
      medianOf(typing('llama-2-70b', 'num_hidden_layers', 'html')),
      typingBaseline,
      'ms',
    ),
    row(
      '  … a size changed every run: deepseek-v3',
      medianOf(typing('deepseek-v3', 'num_hidden_layers', 'html')),
      typingBaseline,
      'ms',
    ),
    // Issue 22: the web page's case, a reader changing one size of DeepSeek-V3, against GPT-2's
    // Markdown as it is made warm (target ≤ 3×).
    row(
      '  … deepseek-v3 vs gpt2 md, warm (≤ 3×)',
      medianOf(typing('deepseek-v3', 'num_hidden_layers', 'html')),
      baseline,
      'ms',
    ),
  ];
}

/**
 * A sweep streams: the peak memory of 10⁶ rows against 10⁴ rows, each in a process of its own whose
 * heap is capped at 24 MiB (the 10⁶-row one could not finish if rows piled up; target: about 1×).
 */
function sweepMemoryBench(): string[] {
  const cli = new URL('../../dist/cli/tparams.cjs', import.meta.url).pathname;
  const peak = (layers: number) => {
    const probe = `process.on('exit', () => process.stderr.write('rss ' + process.resourceUsage().maxRSS + '\\n')); process.argv.splice(1, 0, ${JSON.stringify(cli)}); await import(${JSON.stringify(cli)});`;
    const run = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=24',
        '--input-type=module',
        '-e',
        probe,
        'sweep',
        'llama-2-7b',
        '--vary',
        `num_hidden_layers=1..${layers}`,
        '--vary',
        'intermediate_size=10001..11000',
        '-o',
        '/dev/null',
      ],
      { encoding: 'utf8', env: measuredEnv },
    );
    const rss = /rss (\d+)/.exec(run.stderr)?.[1];
    if (!rss) throw new Error(`sweep: ${run.stderr}`);
    return Number(rss) / 1024;
  };
  return [
    'Sweep memory: peak RSS of 10⁶ rows vs 10⁴ rows (target: constant, about 1×)',
    header,
    row('sweep 1000 × 1000 vs 10 × 1000, heap ≤ 24 MiB', peak(1000), peak(10), 'MiB'),
  ];
}

/** The sections, in order; `npm run bench -- cold documents` runs only those named. */
const sections: Record<string, () => string[] | Promise<string[]>> = {
  start: () => coldStartBench(header),
  cold: () => coldQuestionsBench(header),
  evaluator: evaluatorBench,
  canonical: canonicalBench,
  documents: documentBench,
  sweep: sweepBench,
  'sweep-memory': sweepMemoryBench,
  verify: () => verifyBench(header),
  header: () => headerBench(header),
  notes: () => notesBench(header),
  web: () => webPageBench(header),
};
const named = process.argv.slice(2);
for (const name of named)
  if (!Object.hasOwn(sections, name))
    throw new Error(`bench: no section ${name} (sections: ${Object.keys(sections).join(', ')})`);
console.log(['transformer-params benchmark', `node ${process.version}`].join('\n'));
for (const [name, section] of Object.entries(sections))
  if (named.length === 0 || named.includes(name))
    console.log(['', ...(await section())].join('\n'));
if (consumeSink() === 42) console.log('');
