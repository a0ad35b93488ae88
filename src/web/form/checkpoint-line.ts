import { supportedModelTypes } from '../../models/load-model.js';
import { formatCount } from '../../render/numbers.js';
import type { DroppedCheckpoint } from '../checkpoint-file.js';
import { fill, h } from '../dom.js';
import { page, type Update } from '../page.js';

/**
 * What a dropped checkpoint shows in the model's fieldset: its name and tensors, and — where the
 * config's model_type has a family, which then counts it — a box to count from the header instead
 * (the CLI's `--from-checkpoint`).
 */
export function checkpointLine(
  w: Record<string, string>,
  checkpoint: DroppedCheckpoint,
  back: HTMLElement,
  update: Update,
): HTMLElement {
  const modelType = modelTypeOf(page.state.config);
  // (a GGUF file's own sizes are read from the header whatever family its architecture names)
  const ownSizes = checkpoint.metadataOnly && page.state.config === checkpoint.config?.text;
  const hasFamily =
    !ownSizes && typeof modelType === 'string' && supportedModelTypes().includes(modelType);
  const toggle = (e: Event) =>
    update(
      {
        ...page.state,
        set: [],
        className: undefined,
        checkpoint: { ...checkpoint, fromHeader: (e.target as HTMLInputElement).checked },
      },
      { now: true, controls: true },
    );
  return h(
    'div',
    { class: 'checkpoint' },
    h(
      'p',
      { class: 'hint', id: 'checkpoint-shown' },
      fill(checkpoint.files.length > 1 ? w.checkpointShards : w.checkpointShown, {
        name: checkpoint.name,
        tensors: formatCount(BigInt(checkpoint.tensors.size)),
        shards: formatCount(BigInt(checkpoint.files.length)),
      }),
      ' ',
      back,
    ),
    hasFamily || checkpoint.fromHeader
      ? h(
          'div',
          { class: 'field flag' },
          h('input', {
            id: 'from-header',
            type: 'checkbox',
            checked: checkpoint.fromHeader,
            onchange: toggle,
          }),
          h('label', { for: 'from-header' }, fill(w.fromHeader, { modelType: String(modelType) })),
        )
      : null,
  );
}

/** The model_type of the config the checkpoint is derived with, if it can be read. */
function modelTypeOf(config: string | undefined): unknown {
  try {
    return config === undefined
      ? undefined
      : (JSON.parse(config) as { model_type?: unknown }).model_type;
  } catch {
    return undefined;
  }
}
