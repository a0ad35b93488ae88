import { computeFigures, type ComputeFigures } from '../analysis/compute.js';
import { add, num } from '../expr/nodes.js';
import type { Report } from '../report/report.js';
import { contextFor } from './defaults.js';

/** What `tparams flops` asks for: every size optional, defaulted as `tparams memory` does. */
export interface FlopsRequest {
  /** Tokens of context; default: the model's longest, else 2,048. */
  readonly context?: bigint;
  /** Training tokens `D`; without them, no training totals. */
  readonly tokens?: bigint;
  /** Sequences an iteration, for Megatron's form; default 1. */
  readonly batch?: bigint;
}

/** The compute figures of a derived model for a request. */
export function flopsFigures(report: Report, request: FlopsRequest = {}): ComputeFigures {
  if (!report.model) throw new Error('flopsFigures takes the report of a model');
  return computeFigures(report, {
    context: contextFor(report.model, request.context),
    ...(request.tokens !== undefined ? { tokens: request.tokens } : {}),
    ...(request.batch !== undefined ? { batch: request.batch } : {}),
    ...(report.model.imageTower ? { imageTower: report.model.imageTower } : {}),
    ...attentionLayersOf(report.model),
  });
}

/**
 * A model with recurrent layers attends in its cached layers only (Jamba's `L_attn`, none in
 * Mamba): the attention terms of the per-token forms count those.
 */
function attentionLayersOf(model: NonNullable<Report['model']>) {
  if (!model.recurrentState) return {};
  const entries = (model.kvCache?.entries ?? []).filter((e) => e.over !== 'source');
  return {
    attentionLayers: {
      count: entries.length ? add(...entries.map((e) => e.layers)) : num(0),
      sizes: model.kvCache?.sizes ?? {},
    },
  };
}
