import type { MemoryFigures } from '../requests/memory-request.js';
import { derivationLines } from './notation.js';

/** Training memory in JSON: the setup, the per-GPU byte counts, the shards and the derivations. */
export function trainingJson({
  request,
  memory,
}: NonNullable<MemoryFigures['training']>): Record<string, unknown> {
  return {
    training: {
      optimizer: request.optimizer,
      zero: request.zero,
      gpus: request.gpus.toString(),
      tensor_parallel: request.tensorParallel.toString(),
      pipeline_parallel: (request.pipelineParallel ?? 1n).toString(),
      expert_parallel: (request.expertParallel ?? 1n).toString(),
      data_parallel: memory.sizes.N_d!.toString(),
      sequence_parallel: request.sequenceParallel,
      recompute: request.recompute,
      sequence: request.sequence.toString(),
      micro_batch: request.microBatch.toString(),
    },
    ...(memory.modelStates.value !== undefined
      ? { model_states_bytes_per_gpu: memory.modelStates.value.toString() }
      : {}),
    ...(memory.activations?.value !== undefined
      ? { activation_bytes_per_gpu: memory.activations.value.toString() }
      : {}),
    ...(memory.activationsWhy ? { activations_not_estimated: memory.activationsWhy } : {}),
    ...(memory.total.value !== undefined
      ? { total_bytes_per_gpu: memory.total.value.toString() }
      : {}),
    shards: Object.fromEntries(memory.shards.map((s) => [s.name, s.value.toString()])),
    model_states_derivation: derivationLines(memory.modelStates),
    ...(memory.activations ? { activation_derivation: derivationLines(memory.activations) } : {}),
    total_derivation: derivationLines(memory.total),
  };
}
