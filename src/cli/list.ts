import { defaultPresetName, presetsByFamily } from '../models/presets.js';
import { families } from '../models/families/registry.js';
import { targets } from '../targets/registry.js';
import { terminalWidth } from '../printers/notation.js';
import { hanging, packed } from '../printers/wrap.js';
import { loadModel } from '../models/load-model.js';
import { composeModel } from '../models/spec/compose.js';
import { formulaOf } from '../components/part.js';
import { evaluate } from '../expr/evaluate.js';
import type { Preset } from '../models/presets.js';

/** A preset's total, for ordering a family's presets by size (a few milliseconds each). */
function parameterCount(preset: Preset): bigint {
  const model = loadModel({ config: preset.config, source: preset.repository });
  return evaluate(formulaOf(composeModel(model.spec)), model.spec.sizes);
}

/** `tparams list`: presets, components and torch.nn modules with one line each, and the model families. */
export function listTargets(): string {
  const columns = terminalWidth();
  // A description too long for the terminal continues under itself, broken at spaces.
  const rows = (items: Array<[string, string]>) => {
    const width = Math.max(...items.map(([id]) => id.length));
    return items.flatMap(([id, text]) =>
      hanging(
        text,
        Math.max(columns, width + 40),
        `  ${id.padEnd(width)}  `,
        ' '.repeat(width + 4),
      ),
    );
  };
  const presetRows = rows(
    presetsByFamily(families, parameterCount).map((p) => [
      p.name,
      `${p.repository} (${String(p.config.model_type)})${p.name === defaultPresetName ? '  [default]' : ''}`,
    ]),
  );
  const section = (group: string) =>
    rows(targets.filter((t) => t.group === group).map((t) => [t.id, t.description]));
  return [
    'Presets (whole models)',
    ...presetRows,
    '',
    'Components',
    ...section('component'),
    '',
    'PyTorch modules',
    ...section('torch'),
    '',
    'Model families for --config (model_type: classes)',
    ...families.flatMap((f) =>
      packed(
        [
          `${f.modelTypes.join(', ')}:`,
          ...f.classes.map((c, i) => (i < f.classes.length - 1 ? `${c},` : c)),
        ],
        columns - 6,
        ' ',
      ).map((line, i) => `${i === 0 ? '  ' : '      '}${line}`),
    ),
    '',
  ].join('\n');
}
