import type { Derivation } from '../derive/steps.js';
import { fill, loadLocale } from '../i18n/locale.js';
import { formatCount } from '../render/numbers.js';
import type { MemoryFigures } from '../requests/memory-request.js';
import { derivationLines } from './notation.js';
import { hanging, wrapWords } from './report-text.js';

const words = () => loadLocale('en').memory;

/**
 * The recurrent state's lines of `tparams memory`: what each kind of layer keeps, the derivation
 * and its size; none when the model has no recurrent layers.
 */
export function stateText(
  figures: MemoryFigures,
  width: number,
  indented: (d: Derivation) => string[],
  byteSizes: (bytes: bigint) => string,
): string[] {
  const state = figures.state;
  if (!state) return [];
  const w = words();
  const lines = hanging(
    fill(w.state, { dtype: state.dtype, batch: formatCount(state.memory.sizes.B!) }),
    width,
    '',
    '  ',
  );
  const kinds = [...new Set(state.memory.kinds.map((k) => k.name))];
  for (const kind of kinds)
    lines.push(
      ...wrapWords(kind === 'conv' ? convText(state) : w.stateSsm, width - 4).map(
        (l, i) => `${i === 0 ? '  · ' : '    '}${l}`,
      ),
    );
  lines.push(...indented(state.memory.total));
  if (state.memory.total.value !== undefined)
    lines.push(`  ${byteSizes(state.memory.total.value)}`);
  lines.push('');
  return lines;
}

/** The recurrent state in JSON: `recurrent_state_bytes` (null without recurrent layers) and its derivation. */
export function stateJson(figures: MemoryFigures): Record<string, unknown> {
  const state = figures.state;
  if (!state) return { recurrent_state_bytes: null };
  return {
    recurrent_state_dtype: state.dtype,
    recurrent_state_layers: state.memory.kinds.map((k) => ({ kind: k.name })),
    recurrent_state_bytes: state.memory.total.value?.toString(),
    ...(state.perSequence !== undefined
      ? { recurrent_state_bytes_per_sequence: state.perSequence.toString() }
      : {}),
    recurrent_state_conv_columns: state.memory.convColumns,
    recurrent_state_derivation: derivationLines(state.memory.total),
  };
}

/** What a convolution keeps: transformers' whole kernel, or an engine's `kernel − 1` columns. */
function convText(state: NonNullable<MemoryFigures['state']>): string {
  const w = words();
  return state.memory.convColumns === 'kernel'
    ? w.stateConv
    : fill(w.stateEngine, { engine: state.engine ?? 'the engine', dtype: state.dtype });
}
