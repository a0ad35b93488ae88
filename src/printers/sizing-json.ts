import type { Report } from '../report/report.js';
import type { SizingFigures } from '../requests/sizing-figures.js';
import { fitsJson } from './fits-lines.js';
import { loraJson } from './lora-report.js';
import { loraMemoryJson } from './lora-memory-report.js';
import { speedJson } from './speed-report.js';

/**
 * A document's sizing as JSON, each part under the keys its own command prints (`tparams lora`,
 * `memory --training --qlora`, `speed`, `memory --gpu`'s `fits`), less what the document says once
 * for all (the target, the class); a part that does not apply is `null`.
 */
export function sizingJson(report: Report, sizing: SizingFigures): Record<string, unknown> {
  const lora = sizing.lora ? withoutSubject(loraJson(report, sizing.lora)) : null;
  let qlora: Record<string, unknown> | null = null;
  if (sizing.qlora) {
    // The count is `lora` above, and the fixed accelerator list is the memory command's own.
    const {
      lora: _count,
      fits: _fits,
      ...memory
    } = withoutSubject(loraMemoryJson(report, sizing.qlora));
    qlora = memory;
  }
  return {
    lora,
    qlora,
    speed: sizing.speed ? withoutSubject(speedJson(report, sizing.speed)) : null,
    fits: sizing.fits ? fitsJson(sizing.fits) : null,
  };
}

/** A command's JSON less the keys naming its subject, which the document's JSON has at its top. */
function withoutSubject(json: Record<string, unknown>): Record<string, unknown> {
  const { target: _target, class: _class, ...rest } = json;
  return rest;
}
