import { isBufferName } from '../checkpoint/buffer-names.js';
import type { TensorInfo } from '../checkpoint/safetensors.js';
import { show, UserError } from '../errors/user-error.js';
import { limits } from '../limits.js';
import type { ModelSpec } from '../models/spec/model-spec.js';
import { attentionCaches, type SlidingLayers } from './attention-caches.js';
import { HeaderStructure } from './header-structure.js';
import { moduleTree } from './module-tree.js';
import { recurrentStates } from './recurrent-states.js';

/** A model declared from a checkpoint's header, and the buffers it set apart. */
export interface HeaderModel {
  readonly spec: ModelSpec;
  readonly buffers: readonly string[];
}

/** Classes whose models generate, and so keep a KV cache. */
const generating = /CausalLM|ConditionalGeneration|LMHeadModel|ForSpeechSeq2Seq|Seq2SeqLM/;

/**
 * A model declaration read from a checkpoint's tensor names and shapes, its dimensions named from
 * `config`: modules grouped by path, numbered lists as repeats (several kinds of layer, several
 * counts), each leaf as the module its shapes say. Its count is the header's sum, less the buffers.
 */
export function headerModel(
  tensors: ReadonlyMap<string, TensorInfo>,
  config: Readonly<Record<string, unknown>>,
  name: string,
  /** The model generates whatever its config says (a GGUF file: llama.cpp runs language models). */
  generates = false,
): HeaderModel {
  const buffers: string[] = [];
  // Tensors of one dtype and shape share their info: its dimensions are looked at once.
  let checked: TensorInfo | undefined;
  // forEach, not for…of: see moduleTree (a cold for…of costs an entry array and more a name).
  tensors.forEach((info, tensor) => {
    if (isBufferName(tensor)) buffers.push(tensor);
    else {
      // A name nested deeper than any module tree (a hostile header's `a.a.a…`) is refused
      // before the tree is walked, as a spec file's nesting is. A name of fewer characters has fewer dots.
      if (tensor.length > limits.specDepth && depthOf(tensor) > limits.specDepth)
        throw new UserError(
          `${name}: tensor ${show(tensor.slice(0, 80))}… is nested more than ${limits.specDepth} modules deep`,
          { field: 'checkpoint', received: tensor.slice(0, 200) },
        );
      if (info !== checked && info.shape.some((d) => d === 0n))
        throw new UserError(
          `${name}: tensor ${show(tensor)} has a dimension of 0 (shape ${show(info.shape.map(Number))}): expected a parameter with elements`,
          { field: 'checkpoint', received: tensor },
        );
      checked = info;
    }
  });
  if (buffers.length === tensors.size)
    throw new UserError(`${name}: the header lists no parameters`, { field: 'checkpoint' });
  const structure = new HeaderStructure(config);
  // The tree leaves the buffers out as it is built: 74,391 names are not copied to a map of their own.
  const setApart = new Set(buffers);
  const tree = moduleTree(tensors, setApart.size ? (tensor) => !setApart.has(tensor) : undefined);
  const modules = structure.modules(tree);
  // Before the symbols are listed: a scan's state may name a size of its own (`d_state`).
  const states = recurrentStates(modules, (symbol, fields) => structure.configSize(symbol, fields));
  const { sizes, fields } = structure.names;
  const symbols = Object.fromEntries(
    Object.keys(sizes).map((s) => [
      s,
      {
        ...(fields[s] ? { field: fields[s] } : {}),
        ...(structure.ownSymbols[s] ? { meaning: structure.ownSymbols[s].meaning } : {}),
      },
    ]),
  );
  const architecture = Array.isArray(config.architectures) ? String(config.architectures[0]) : '';
  const hasHead = modules.some((m) => m.role === 'unembedding');
  const caches =
    generates || generating.test(architecture) || hasHead
      ? attentionCaches(modules, sizes, slidingLayers(config))
      : [];
  const context = positiveInteger(textField(config, 'max_position_embeddings'));
  const heads = positiveInteger(textField(config, 'num_attention_heads'));
  return {
    spec: {
      name,
      sizes,
      symbols,
      modules,
      ...(caches.length ? { kvCache: { entries: caches, sizes: {} } } : {}),
      ...(states.length ? { recurrentState: { entries: states } } : {}),
      ...(context ? { contextLength: context } : {}),
      ...(heads ? { attentionHeads: heads } : {}),
    },
    buffers,
  };
}

/** The config's list of layer kinds and its window, where it gives both (Gemma 3, Mistral's `layer_types`). */
function slidingLayers(config: Readonly<Record<string, unknown>>): SlidingLayers | undefined {
  const types = textField(config, 'layer_types');
  const window = positiveInteger(textField(config, 'sliding_window'));
  if (!Array.isArray(types) || window === undefined) return undefined;
  if (textField(config, 'use_sliding_window') === false) return undefined;
  return { types, window };
}

/** A text model's field: the config's own, or its `text_config`'s. */
function textField(config: Readonly<Record<string, unknown>>, field: string): unknown {
  const text = config.text_config as Record<string, unknown> | undefined;
  return config[field] ?? (text && typeof text === 'object' ? text[field] : undefined);
}

function positiveInteger(value: unknown): bigint | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
    ? BigInt(value)
    : undefined;
}

/** How many modules a name nests (its dots), counted without splitting it. */
function depthOf(name: string): number {
  let dots = 0;
  for (let at = name.indexOf('.'); at >= 0; at = name.indexOf('.', at + 1)) dots++;
  return dots;
}
