/**
 * Everything a command loads only when it needs it, behind one dynamic import. The bundled CLI
 * (src/cli/bundle.ts) splits there into two files: what every start needs, and the rest, loaded
 * once by the first command that asks. (Separate dynamic imports made dozens of small chunks, and
 * loading them cost more than it saved.)
 */
export * as computeRequest from '../requests/compute-request.js';
export * as computeReport from '../printers/compute-report.js';
export * as counts from './counts.js';
export * as deriveCheckpoint from '../requests/derive-checkpoint.js';
export * as diff from '../analysis/diff.js';
export * as diffReport from '../printers/diff-report.js';
export * as fieldModel from '../analysis/field-model.js';
export * as fits from '../requests/fits.js';
export * as gpuTable from '../hardware/gpu-table.js';
export * as hubEnvironment from '../hub/hub-environment.js';
export * as hubFile from '../hub/hub-file.js';
export * as katexFragments from '../documents/katex-fragments.js';
export * as kvCache from '../analysis/kv-cache.js';
export * as kvEngineParse from './kv-engine-parse.js';
export * as loadModel from '../models/load-model.js';
export * as loraMemoryReport from '../printers/lora-memory-report.js';
export * as loraParse from './lora-parse.js';
export * as loraReport from '../printers/lora-report.js';
export * as loraRequest from '../requests/lora-request.js';
export * as memory from '../analysis/memory.js';
export * as memoryReport from '../printers/memory-report.js';
export * as memoryRequest from '../requests/memory-request.js';
export * as modelReport from '../requests/derive-model.js';
export * as notation from '../printers/notation.js';
export * as notationRules from '../derive/notation-rules.js';
export * as openCheckpoint from '../checkpoint/open-checkpoint.js';
export * as renderDocument from '../documents/render-document.js';
export * as solve from '../analysis/solve.js';
export * as solveReport from '../printers/solve-report.js';
export * as specFile from '../models/spec/spec-file.js';
export * as speedReport from '../printers/speed-report.js';
export * as speedRequest from '../requests/speed-request.js';
export * as sweep from '../analysis/sweep.js';
export * as sweepWriter from '../printers/sweep-writer.js';
export * as training from '../analysis/training.js';
export * as verifyModel from '../requests/verify-checkpoint.js';
export * as verifyReport from '../printers/verify-report.js';
