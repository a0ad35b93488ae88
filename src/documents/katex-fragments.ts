import type { Report } from '../report/report.js';
import { sectionDerivations } from '../printers/sections.js';
import { alignedTex } from '../printers/notation.js';
import type { KatexOutput } from '../render/katex.js';
import { katexMath } from './math-renderers.js';
import { labelText } from '../render/label.js';
import { modelFigures } from '../requests/model-figures.js';

/**
 * Embeddable KaTeX HTML, one `<div>` a derivation, for pasting into notes and pages. With
 * `mathml` the markup needs no stylesheet; otherwise the page needs KaTeX's CSS.
 */
export function katexFragments(report: Report, output: KatexOutput = 'htmlAndMathml'): string {
  const math = katexMath(output);
  // The count's derivations, then memory and compute for a model.
  const figures = modelFigures(report, { lora: false });
  const derivations = [
    ...sectionDerivations(report),
    ...[...(figures?.memory ?? []), ...(figures?.compute ?? [])].map((f) => f.derivation),
  ];
  return `${derivations
    .map(
      (d) =>
        `<div class="tparams-equation" data-label="${escapeAttribute(labelText(d.label))}">${math.derivation(alignedTex(d))}</div>`,
    )
    .join('\n')}\n`;
}

function escapeAttribute(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
