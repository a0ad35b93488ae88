import { sym } from '../../expr/nodes.js';
import { symbolsOf } from '../../expr/visit.js';
import { formulaOf } from '../../components/part.js';
import { symbolMeaning, type Locale } from '../../i18n/locale.js';
import { tex } from '../../printers/notation.js';
import type { Report } from '../../report/report.js';
import { symbolInfo, tableOrder } from '../../symbols/table.js';
import type { ModelFigures } from '../../requests/model-figures.js';
import { count, type Count } from './count.js';

/** A symbol of the document's formulas: its TeX, meaning, config field and value if bound. */
export interface SymbolRow {
  name: string;
  tex: string;
  meaning: string;
  field: string;
  value?: Count;
}

/** Every symbol the document's formulas use, in the symbol table's order. */
export function symbolRows(
  report: Report,
  t: Locale,
  figures: ModelFigures | undefined,
): SymbolRow[] {
  // The total's symbols, those only the active count uses (k_top), and those of memory and compute (n_ctx).
  const active = report.model?.active.derivation;
  const figureSymbols = [...(figures?.memory ?? []), ...(figures?.compute ?? [])].flatMap((f) =>
    symbolsOf(f.derivation.expanded),
  );
  const names = new Set([
    ...symbolsOf(formulaOf(report.part)),
    ...(active ? symbolsOf(active.expanded) : []),
    ...figureSymbols,
  ]);
  const bindings = { ...report.bindings, ...figures?.sizes };
  return [...names].sort(tableOrder).map((name) => {
    const info = symbolInfo(name);
    const declared =
      report.symbols && Object.hasOwn(report.symbols, name) ? report.symbols[name] : undefined;
    const value = Object.hasOwn(bindings, name) ? bindings[name] : undefined;
    return {
      name,
      tex: declared?.tex ?? tex(sym(name)),
      meaning: symbolMeaning(name, t, declared?.meaning ?? info?.meaning ?? ''),
      field: declared?.field ?? info?.fields[0] ?? '',
      ...(value !== undefined ? { value: count(value) } : {}),
    };
  });
}
