import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullMatcher, isTarget, matchLora } from '../../src/analysis/lora-match.js';
import { modelModules } from '../../src/analysis/lora-modules.js';
import { namePattern } from '../../src/analysis/lora.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { loraFigures, type LoraRequest } from '../../src/requests/lora-request.js';
import type { Report } from '../../src/report/report.js';
import cases from '../fixtures/published-lora.json' with { type: 'json' };

const derived = (name: string, overrides: Array<readonly [string, string]> = []) => {
  const preset = findPreset(name)!;
  return deriveModel({ config: preset.config, source: preset.repository, overrides });
};

/** A fixture's command line as a library request: the model, then the LoRA settings. */
function fromArgs(args: readonly string[], config?: Record<string, unknown>) {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i < 0 ? undefined : args[i + 1];
  };
  const settings = args.flatMap((a, i) => (args[i - 1] === '--set' ? [a.split('=')] : []));
  const overrides = settings.map(([k, v]) => [k!, v!] as const);
  const className = value('--class');
  const report: Report = config
    ? deriveModel({ config, source: 'config.json', overrides })
    : deriveModel({
        config: findPreset(args[0]!)!.config,
        source: args[0]!,
        overrides,
        ...(className ? { className } : {}),
      });
  const targets = value('--target-modules');
  const saved = value('--modules-to-save');
  const request: LoraRequest = {
    rank: BigInt(value('--rank') ?? 8),
    alpha: Number(value('--alpha') ?? 8),
    ...(targets ? { targets: { kind: 'names', names: targets.split(',') } } : {}),
    ...(saved ? { modulesToSave: saved.split(',') } : {}),
  };
  return { report, request };
}

describe("LoRA's trainable and all parameters (PEFT's print_trainable_parameters)", () => {
  it.each(cases.cases.map((c) => [c.what, c] as const))('%s', (_what, c) => {
    const { report, request } = fromArgs(c.args, 'config' in c ? c.config : undefined);
    const { count } = loraFigures(report, request);
    expect(count.trainable.value).toBe(BigInt(c.trainable));
    expect(count.total.value).toBe(BigInt(c.total));
    if ('percent' in c && c.percent !== undefined) expect(count.percent).toBeCloseTo(c.percent, 12);
  });

  it('P_LoRA is r times the rank-1 count, and all params = base + trainable + copies', () => {
    const report = derived('llama-2-7b');
    const base = report.total!;
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 4096n }), (rank) => {
        const at = (r: bigint) =>
          loraFigures(report, {
            rank: r,
            alpha: 8,
            targets: { kind: 'names', names: ['q_proj', 'down_proj'] },
            modulesToSave: ['lm_head'],
          }).count;
        const one = at(1n);
        const count = at(rank);
        expect(count.adapters.value).toBe(rank * one.adapters.value!);
        expect(count.total.value).toBe(base + count.adapters.value! + count.copies!.value!);
        expect(count.trainable.value).toBe(count.adapters.value! + count.copies!.value!);
      }),
      { numRuns: 25 },
    );
  });

  it('a regular expression picks some layers: their count is a number, not L', () => {
    const report = derived('llama-2-7b');
    const pattern = String.raw`model\.layers\.(0|1|2)\.self_attn\.(q|v)_proj`;
    const { count } = loraFigures(report, {
      rank: 8n,
      alpha: 8,
      targets: { kind: 'regex', pattern },
    });
    expect(count.adapted.map((a) => a.modules)).toEqual([3, 3]);
    // Three layers of the 32 that q_proj, v_proj on every layer give.
    const all = loraFigures(report, {
      rank: 8n,
      alpha: 8,
      targets: { kind: 'names', names: ['q_proj', 'v_proj'] },
    }).count;
    expect(count.adapters.value! * 32n).toBe(all.adapters.value! * 3n);
  });

  it('GPT-2 adapts its Conv1D c_attn by default (PEFT: gpt2 → c_attn), 768 in, 2,304 out', () => {
    const { count, targetsFrom } = loraFigures(derived('gpt2'), { rank: 8n, alpha: 8 });
    expect(targetsFrom).toBe('peft');
    expect(count.adapted).toMatchObject([
      { kind: 'conv1d', pattern: 'transformer.h.*.attn.c_attn', modules: 12 },
    ]);
    expect([count.adapted[0]!.inValue, count.adapted[0]!.outValue]).toEqual([768n, 2304n]);
  });

  it('an Embedding gains lora_embedding_A [r, rows] and lora_embedding_B [width, r]', () => {
    const { count } = loraFigures(derived('llama-2-7b'), {
      rank: 4n,
      alpha: 8,
      targets: { kind: 'names', names: ['embed_tokens'] },
    });
    expect(count.adapted).toMatchObject([{ kind: 'embedding', pattern: 'model.embed_tokens' }]);
    expect(count.adapters.value).toBe(4n * (32000n + 4096n));
  });
});

describe("PEFT's module matching (peft/tuners/tuners_utils.py, check_target_module_exists)", () => {
  const names = { kind: 'names', names: ['q_proj', 'self_attn.v_proj'] } as const;
  it('a list matches the whole name or a dotted suffix, never part of a component', () => {
    expect(isTarget(names, 'model.layers.0.self_attn.q_proj')).toBe(true);
    expect(isTarget(names, 'q_proj')).toBe(true);
    expect(isTarget(names, 'model.layers.0.self_attn.xq_proj')).toBe(false);
    expect(isTarget(names, 'model.layers.0.self_attn.v_proj')).toBe(true);
    expect(isTarget(names, 'model.layers.0.cross_attn.v_proj')).toBe(false);
  });

  it('a string is a regular expression the whole name must match (re.fullmatch)', () => {
    const regex = { kind: 'regex', pattern: String.raw`.*\.q_proj` } as const;
    expect(isTarget(regex, 'model.layers.0.self_attn.q_proj')).toBe(true);
    expect(isTarget({ kind: 'regex', pattern: 'q_proj' }, 'model.layers.0.self_attn.q_proj')).toBe(
      false,
    );
    expect(fullMatcher('(?P<x>a)(?P=x)').test('aa')).toBe(true);
  });

  it('modules_to_save copies a module whose name ends with the text, dot or none (_set_trainable)', () => {
    const report = deriveModel({
      config: findPreset('distilbert-base-uncased')!.config,
      source: 'distilbert',
      className: 'DistilBertForSequenceClassification',
    });
    const match = matchLora(
      modelModules(report.part, report.bindings),
      { kind: 'names', names: ['q_lin', 'pre_classifier', 'classifier'] },
      ['classifier'],
    );
    // `classifier` ends `pre_classifier` too: both are copied.
    expect(match.saved.map((s) => s.name)).toEqual(['pre_classifier', 'classifier']);
    // No adapter in a module to save, matched by whole components (`(^|.*\.)m($|\..*)`), so
    // `classifier` keeps none and `pre_classifier` gets one.
    const adapted = match.adapted.flatMap((a) => a.names);
    expect(adapted).toContain('pre_classifier');
    expect(adapted).not.toContain('classifier');
    expect(adapted.filter((n) => n.endsWith('q_lin'))).toHaveLength(6);
  });

  it('names a group with the components that vary written *', () => {
    expect(namePattern(['a.0.b', 'a.1.b', 'a.2.b'])).toBe('a.*.b');
    expect(namePattern(['lm_head'])).toBe('lm_head');
  });
});
