import type { WeightMemory } from '../analysis/memory.js';
import type { StorageShare } from '../analysis/llama-weights.js';
import type { Derivation } from '../derive/steps.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { formatCount } from '../render/numbers.js';
import { derivationLines } from './notation.js';
import { wrapWords } from './report-text.js';

/** The sentences of the weights' breakdown, from `templates/locales/en.json` (`memory`). */
const words = () => loadLocale('en').memory;

/** `blk.N.attn_v.weight` → `attn_v`; a bias keeps its suffix (`attn_q.bias`). */
const shortName = (name: string) => name.replace(/^blk\.N\./, '').replace(/\.weight$/, '');

/** Which tensors a type holds, in words: `token_embd, attn_q, …; attn_v, ffn_down in 16 of 32 layers`. */
function tensorsText(share: StorageShare): string {
  const whole = share.tensors.filter((t) => t.layers === undefined).map((t) => shortName(t.name));
  const partial = new Map<string, { layers: bigint; of: bigint; names: string[] }>();
  for (const t of share.tensors) {
    if (t.layers === undefined) continue;
    const key = `${t.layers}/${t.of}`;
    const group = partial.get(key) ?? { layers: t.layers, of: t.of!, names: [] };
    group.names.push(shortName(t.name));
    partial.set(key, group);
  }
  const groups = [...partial.values()].map((g) =>
    fill(words().llamaLayers, {
      name: g.names.join(', '),
      layers: formatCount(g.layers),
      of: formatCount(g.of),
    }),
  );
  return [...(whole.length ? [whole.join(', ')] : []), ...groups].join('; ');
}

/** One type's line: its block, its count in blocks, its tensors. */
function shareSentence(share: StorageShare): string {
  const w = words();
  const blocks = share.block.elements > 1n;
  return fill(blocks ? w.llamaBlocks : w.llamaFloats, {
    type: share.type,
    bytes: formatCount(share.block.bytes),
    block: formatCount(share.block.elements),
    bits: share.bitsPerWeight,
    symbol: share.symbol,
    count: formatCount(blocks ? share.params / share.block.elements : share.params),
    tensors: tensorsText(share),
  });
}

/** The heading of the weights in a llama.cpp file type, or undefined for the other types. */
export function llamaWeightsHeading(weights: WeightMemory): string | undefined {
  if (!weights.llama) return undefined;
  return fill(words().llamaWeights, { dtype: weights.dtype, name: weights.llama.name });
}

/**
 * Under the sum over storage types: each type's block and tensors, its count derived from the
 * sizes, then what the reader should know (a tied head, tensors no llama.cpp name covers).
 */
export function llamaWeightsLines(
  weights: WeightMemory,
  width: number,
  indented: (d: Derivation, width: number) => string[],
): string[] {
  if (!weights.byType || !weights.llama) return [];
  const w = words();
  const bullet = (text: string) =>
    wrapWords(text, width - 4).map((l, i) => `${i === 0 ? '  · ' : '    '}${l}`);
  const lines: string[] = [];
  for (const share of weights.byType) {
    lines.push(...bullet(shareSentence(share)));
    lines.push(...indented(share.derivation, width - 4).map((l) => `  ${l}`));
  }
  if (weights.llama.tied) lines.push(...bullet(w.llamaTied));
  if (weights.llama.unnamed.length)
    lines.push(
      ...bullet(
        fill(w.llamaUnnamed, { paths: weights.llama.unnamed.join(', '), base: weights.llama.base }),
      ),
    );
  return lines;
}

/** The breakdown in JSON: `weights_by_type`, each type with its parameters, bytes and tensors. */
export function llamaWeightsJson(weights: WeightMemory): Record<string, unknown> {
  if (!weights.byType || !weights.llama) return {};
  return {
    llama_file_type: weights.llama.name,
    weights_by_type: Object.fromEntries(
      weights.byType.map((s) => [
        s.type,
        {
          params: s.params.toString(),
          bytes: s.bytes.toString(),
          bits_per_weight: s.bitsPerWeight,
          block: { elements: Number(s.block.elements), bytes: Number(s.block.bytes) },
          tensor_count: Number(s.tensorCount),
          tensors: s.tensors.map((t) => ({
            name: t.name,
            ...(t.layers !== undefined ? { layers: Number(t.layers), of: Number(t.of) } : {}),
          })),
          derivation: derivationLines(s.derivation),
        },
      ]),
    ),
    ...(weights.llama.tied ? { tied_head: true } : {}),
    ...(weights.llama.unnamed.length ? { unnamed_tensors: weights.llama.unnamed } : {}),
  };
}
