import { UserError } from '../errors/user-error.js';
import { parseJson } from '../json/parse-json.js';
import type { RawConfig } from '../models/config/config-fields.js';
import { families } from '../models/families/registry.js';
import { deriveHeader } from '../requests/derive-header.js';
import type { DroppedCheckpoint } from './checkpoint-file.js';
import type { Subject } from './model-source.js';
import type { PageState } from './state.js';

/**
 * A dropped checkpoint, derived as `tparams derive DIR` derives it (derive-header.ts): by the
 * family of its config's model_type, with the form's fields and classes, unless the reader ticks
 * "from the header"; then, or when no family knows the type, from the header's names and shapes
 * (no fields to edit: its sizes are the tensors' shapes). A GGUF file's config is its metadata's
 * (dropped-files.ts), as `tparams derive FILE.gguf` reads it.
 */
export function checkpointSubject(state: PageState, checkpoint: DroppedCheckpoint): Subject {
  if (state.config === undefined)
    throw new UserError(
      `${checkpoint.name}: a header gives shapes, not what they mean: drop its config.json together with it, or paste the config`,
      { field: 'config', received: checkpoint.name },
    );
  const config = parseJson(state.config, 'the config.json') as RawConfig;
  // (the config dropped with it keeps its file's name until another is pasted)
  const ownConfig = checkpoint.config?.text === state.config;
  const configSource = ownConfig ? checkpoint.config!.name : 'pasted config.json';
  const report = deriveHeader({
    tensors: checkpoint.tensors,
    config,
    configSource,
    target: checkpoint.name,
    ...(state.className ? { className: state.className } : {}),
    ...(checkpoint.fromHeader ? { fromCheckpoint: true } : {}),
    // (a GGUF file's own sizes; a config pasted over them is read as `--config` would be)
    ...(checkpoint.metadataOnly && ownConfig ? { metadataOnly: true } : {}),
    settings: state.set.map(([field, value]) => [field, value] as const),
  });
  if (report.model?.fromHeader) return { report };
  const family = families.find((f) => f.modelTypes.includes(String(config.model_type)));
  return {
    report,
    config,
    ...(family ? { defaults: family.defaults, classes: family.classes } : {}),
  };
}
