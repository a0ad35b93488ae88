/**
 * transformer-params: exact, symbolic parameter counts of transformers, with step-by-step derivations.
 * The library entry: the expression core, the components, targets, derivations and printers.
 */
export * from './expr/index.js';
export { toTex, type TexOptions } from './render/tex.js';
export { toText, type TextOptions } from './render/text.js';
export { labelForms, labelTex, labelText } from './render/label.js';
export { formatCount, texCount, shortCount } from './render/numbers.js';
export { symbolTable, symbolInfo, tableOrder, type SymbolInfo } from './symbols/table.js';

export * from './components/part.js';
export { attention, type AttentionOptions, type HeadLayout } from './components/attention.js';
export { feedForward, type FeedForwardOptions } from './components/feed-forward.js';
export { layerNorm, rmsNorm } from './components/norms.js';
export { linear } from './components/linear.js';
export { embeddingTable, bertEmbeddings } from './components/embedding.js';
export { encoderLayer, decoderLayer } from './components/layers.js';
export { lmHead } from './components/lm-head.js';
export { stack } from './components/stack.js';

export { derive, deriveAll, type DeriveOptions } from './derive/derive.js';
export { StepKind, type Step, type Derivation } from './derive/steps.js';

export { targets, findTarget } from './targets/registry.js';
export type { Target, Built } from './targets/target.js';
export type { ParameterSpec, Setting } from './targets/parameters.js';
export { deriveTarget } from './report/derive-target.js';
export { reportOf, type Report, type ModelFacts, type Subject } from './report/report.js';
export { deriveModel, modelReport } from './requests/derive-model.js';
export { deriveCheckpoint } from './requests/derive-checkpoint.js';
export { headerModel } from './header-model/header-spec.js';
export {
  memoryFigures,
  type MemoryFigures,
  type MemoryRequest,
} from './requests/memory-request.js';
export { flopsFigures, type FlopsRequest } from './requests/compute-request.js';
export { loraFigures, type LoraFigures, type LoraRequest } from './requests/lora-request.js';
export type { LoraMemoryFigures, LoraMemoryRequest } from './requests/lora-memory-request.js';
export {
  speedFigures,
  type SpeedFigures,
  type SpeedRequest,
} from './requests/speed-request.js';
export { fitsOn, type Fits } from './requests/fits.js';
export { gpuTable, findGpu, parseGpu, type GpuRequest } from './hardware/gpu-table.js';
export type { GpuSpec, ElementType } from './hardware/gpu-spec.js';
export {
  modelFigures,
  figureDtypes,
  type FigureOptions,
  type ModelFigures,
} from './requests/model-figures.js';
export {
  sizingFigures,
  defaultFigureLora,
  type FigureLora,
  type SizingFigures,
  type SizingRequest,
} from './requests/sizing-figures.js';
export { outputFormats, documentFormats } from './documents/formats/registry.js';
export type { OutputFormat } from './documents/formats/output-format.js';
export {
  defaultContext,
  defaultWeightType,
  weightTypeNames,
  cacheTypeNames,
} from './requests/defaults.js';
export { loadModel, supportedModelTypes, type ModelRequest } from './models/load-model.js';
export { composeModel } from './models/spec/compose.js';
export type { ModelSpec, ModuleSpec } from './models/spec/model-spec.js';
export { families } from './models/families/registry.js';
export type { Family } from './models/families/family.js';
export { reportJson } from './printers/report-json.js';
export { reportText } from './printers/report-text.js';
export { reportTex } from './printers/report-tex.js';
export { alignedTex, alignedText, derivationLines } from './printers/notation.js';
export { UserError } from './errors/user-error.js';

export {
  renderDocument,
  escapeLatex,
  type DocumentFormat,
  type DocumentOptions,
} from './documents/render-document.js';
export { documentData, type DocumentData } from './documents/document-data.js';
export { renderKatex, type KatexOutput } from './render/katex.js';
export { katexStylesheet } from './documents/katex-stylesheet.js';
export { katexFragments } from './documents/katex-fragments.js';
export {
  markdownMath,
  latexMath,
  katexMath,
  type MathRenderer,
} from './documents/math-renderers.js';
export { loadLocale, languages, type Language, type Locale } from './i18n/locale.js';
export { allPresets, findPreset, defaultPresetName, type Preset } from './models/presets.js';
export { specFromJson } from './models/spec/spec-file.js';
