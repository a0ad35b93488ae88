import { describe, expect, it } from 'vitest';
import { weightMemory, type WeightType } from '../../src/analysis/memory.js';
import { bitsPerWeight, ggmlBlock } from '../../src/analysis/llama-quant-types.js';
import { findPreset } from '../../src/models/presets.js';
import { deriveModel } from '../../src/requests/derive-model.js';
import { evaluate } from '../../src/expr/index.js';
import { text } from '../../src/printers/notation.js';
import { loadJson } from '../support/fixtures.js';

interface SizeCase {
  preset?: string;
  config?: Record<string, unknown>;
  name?: string;
  dtype: WeightType;
  gib: number;
  params_b: number;
  bpw?: number;
  tensors?: Record<string, number>;
  quote: string;
  source: string;
}

const cases = loadJson<{ cases: SizeCase[] }>('published-llama-sizes.json').cases;

const reportOf = (c: { preset?: string; config?: Record<string, unknown>; name?: string }) =>
  c.preset
    ? deriveModel({ config: findPreset(c.preset)!.config, source: c.preset })
    : deriveModel({ config: c.config!, source: c.name! });

/** Rounded as llama.cpp prints it: `%.2f`. */
const twoDecimals = (x: number) => Number(x.toFixed(2));

describe("llama.cpp's file types: sizes as llama-bench and the loader print them", () => {
  for (const c of cases) {
    it(`${c.preset ?? c.name} ${c.dtype}: ${c.gib} GiB, ${c.params_b} B (${c.source.split(' ')[0]})`, () => {
      const report = reportOf(c);
      const weights = weightMemory(report, { dtype: c.dtype });
      expect(twoDecimals(Number(weights.bytes!) / 2 ** 30)).toBe(c.gib);
      expect(twoDecimals(Number(report.total!) / 1e9)).toBe(c.params_b);
      if (c.bpw !== undefined)
        expect(twoDecimals((Number(weights.bytes!) * 8) / Number(report.total!))).toBe(c.bpw);
      if (c.tensors) {
        const counts = Object.fromEntries(
          weights.byType!.map((s) => [s.type, Number(s.tensorCount)]),
        );
        expect(counts).toEqual(c.tensors);
      }
    });
  }
});

describe("ggml's blocks (ggml-common.h: 'Effectively 4.5 bits per weight' …)", () => {
  it.each([
    ['q4_0', 32n, 18n, '4.5'],
    ['q4_1', 32n, 20n, '5'],
    ['q5_0', 32n, 22n, '5.5'],
    ['q5_1', 32n, 24n, '6'],
    ['q8_0', 32n, 34n, '8.5'],
    ['q2_K', 256n, 84n, '2.625'],
    ['q3_K', 256n, 110n, '3.4375'],
    ['q4_K', 256n, 144n, '4.5'],
    ['q5_K', 256n, 176n, '5.5'],
    ['q6_K', 256n, 210n, '6.5625'],
    ['iq4_nl', 32n, 18n, '4.5'],
    ['iq4_xs', 256n, 136n, '4.25'],
  ] as const)('%s: %d elements in %d bytes, %s bits a weight', (type, elements, bytes, bits) => {
    expect(ggmlBlock(type)).toEqual({ elements, bytes });
    expect(bitsPerWeight(type)).toBe(bits);
  });
});

describe('the derivation', () => {
  const llama = reportOf({ preset: 'llama-2-7b' });
  const q4km = weightMemory(llama, { dtype: 'q4_k_m' });

  it('is a sum over the storage types in bytes a block, the base type first', () => {
    expect(text(q4km.derivation.steps[0]!.expr)).toBe('144·n_q4_K + 210·n_q6_K + 4·P_f32');
    expect(q4km.unit).toBe('bytes');
  });

  it("each type's count is derived from the sizes, and they add up to the model's count", () => {
    const total = q4km.byType!.reduce((n, s) => n + s.params, 0n);
    expect(total).toBe(llama.total);
    for (const s of q4km.byType!)
      expect(
        new Set(s.derivation.steps.map((step) => evaluate(step.expr, llama.bindings))),
      ).toEqual(new Set([s.params]));
  });

  it("says which of llama.cpp's tensors each type holds: Q4_K_M's attn_v and ffn_down in q6_K on half the layers, the output in q6_K", () => {
    const q6 = q4km.byType!.find((s) => s.type === 'q6_K')!;
    expect(q6.tensors).toEqual([
      { name: 'blk.N.attn_v.weight', layers: 16n, of: 32n },
      { name: 'blk.N.ffn_down.weight', layers: 16n, of: 32n },
      { name: 'output.weight' },
    ]);
    expect(q4km.llama).toMatchObject({ name: 'Q4_K_M', base: 'q4_K', tied: false, unnamed: [] });
  });

  // Qwen2.5-0.5B: tied, and 896 wide, which a block of 256 does not divide.
  const qwen = weightMemory(reportOf({ preset: 'qwen2.5-0.5b' }), { dtype: 'q4_k_m' });
  const stored = (type: string) =>
    qwen.byType!.find((s) => s.type === type)?.tensors.map((t) => t.name) ?? [];

  it('a tied head is stored once: token_embd takes the head rule (q8_0, since 256 does not divide 896) and there is no output.weight', () => {
    expect(qwen.llama?.tied).toBe(true);
    expect(stored('q8_0')).toContain('token_embd.weight');
    expect(qwen.byType!.flatMap((s) => s.tensors).some((t) => t.name === 'output.weight')).toBe(
      false,
    );
  });

  it('a row no block divides falls back as tensor_type_fallback says: q4_K to q5_0, q6_K to q8_0; ffn_down (4,864 = 19·256 inputs) keeps q4_K and q6_K', () => {
    expect(stored('q5_0')).toEqual(
      expect.arrayContaining([
        'blk.N.attn_q.weight',
        'blk.N.ffn_gate.weight',
        'blk.N.ffn_up.weight',
      ]),
    );
    expect(stored('q8_0')).toContain('blk.N.attn_v.weight');
    expect(stored('q4_K')).toEqual(['blk.N.ffn_down.weight']);
    expect(stored('q6_K')).toEqual(['blk.N.ffn_down.weight']);
    expect(stored('f32')).toContain('blk.N.attn_q.bias');
  });
});

describe("our parts under llama.cpp's tensor names (convert_hf_to_gguf.py's map)", () => {
  const names = (preset: string, dtype: WeightType = 'q4_k_m') =>
    Object.fromEntries(
      weightMemory(reportOf({ preset }), { dtype }).byType!.map((s) => [
        s.type,
        s.tensors.map((t) => t.name),
      ]),
    );

  it('Mixtral: experts as one ffn_*_exps tensor a layer, the router ffn_gate_inp in f32, attn_k and attn_v in q8_0', () => {
    const byType = names('mixtral-8x7b');
    expect(byType.q4_K).toEqual(
      expect.arrayContaining(['blk.N.ffn_gate_exps.weight', 'blk.N.ffn_up_exps.weight']),
    );
    expect(byType.f32).toContain('blk.N.ffn_gate_inp.weight');
    expect(byType.q8_0).toEqual(['blk.N.attn_k.weight', 'blk.N.attn_v.weight']);
  });

  it('Mamba: ssm_in, ssm_x, ssm_dt, ssm_out in the base type; ssm_conv1d, ssm_a and ssm_d kept in f32', () => {
    const byType = names('mamba-130m');
    expect(byType.q4_K).toEqual(
      expect.arrayContaining(['blk.N.ssm_in.weight', 'blk.N.ssm_out.weight']),
    );
    expect(byType.f32).toEqual(
      expect.arrayContaining([
        'blk.N.ssm_conv1d.weight',
        'blk.N.ssm_a.weight',
        'blk.N.ssm_d.weight',
      ]),
    );
  });

  it('T5: the relative attention bias (attn_rel_b) kept in f32', () => {
    expect(names('t5-small').f32).toEqual(expect.arrayContaining(['attn_rel_b.weight']));
  });

  it("LLaVA: the vision tower and projector in f16, as llama.cpp's separate mmproj file holds them; the text layers' rules unchanged", () => {
    const llava = weightMemory(reportOf({ preset: 'llava-1.5-7b' }), { dtype: 'q4_k_m' });
    const f16 = llava.byType!.find((s) => s.type === 'f16')!;
    expect(f16.tensors.length).toBeGreaterThan(0);
    const q6 = llava.byType!.find((s) => s.type === 'q6_K')!;
    // Llama-2-7B's text stack: 16 of 32 layers, as in Mistral's published tensor counts.
    expect(q6.tensors.find((t) => t.name === 'blk.N.attn_v.weight')).toMatchObject({
      layers: 16n,
      of: 32n,
    });
  });
});
