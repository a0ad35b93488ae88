import type { Sym } from '../../../expr/nodes.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';
import type { AttentionWidths } from './prologue.js';

/** The kind of norm a decoder uses throughout: RMSNorm, LayerNorm with bias, or scale-only LayerNorm. */
export type NormKind = 'rmsnorm' | 'layernorm' | 'scale-layernorm';

/** What every part of a decoder layer is declared from: the config, its sizes and its widths. */
export interface LayerContext {
  readonly config: ConfigFields;
  readonly sizes: SizeBook;
  /** The model width, `d_model`. */
  readonly d: Sym;
  readonly widths: AttentionWidths;
  readonly norm: NormKind;
}

/** A part of a decoder layer (its attention, its feed-forward): a module declared from the context. */
export type LayerPart = (context: LayerContext) => ModuleSpec;

/** A boolean written in the family file (`true`), or the name of the config flag that decides it. */
export type FlagRule = boolean | string;

/** Reads a flag rule: the value itself, or the config's flag of that name. */
export const flagOf = (config: ConfigFields, rule: FlagRule | undefined): boolean =>
  typeof rule === 'string' ? config.flag(rule) : (rule ?? false);
