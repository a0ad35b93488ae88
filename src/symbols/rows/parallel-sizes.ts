import type { SymbolRow } from '../symbol-row.js';

/** The sizes of inference over several GPUs (`tparams memory --tp/--pp/--ep`): degrees and shares. */
export const parallelRows: readonly SymbolRow[] = [
  { name: 'N_p', class: 'count', meaning: 'pipeline-parallel stages', fields: ['--pp'] },
  {
    name: 'N_e',
    class: 'count',
    meaning: 'expert-parallel degree: GPUs the routed experts are spread over, whole',
    fields: ['--ep'],
  },
  {
    name: 'P_rep',
    class: 'vocabulary',
    meaning: 'parameters every GPU holds whole (norms, routers, row-parallel biases)',
    fields: [],
  },
  {
    name: 'P_split',
    class: 'vocabulary',
    meaning:
      "a GPU's share of the tensors split over t (by output, input, heads or vocabulary rows)",
    fields: [],
  },
  {
    name: 'P_exp',
    class: 'vocabulary',
    meaning:
      "the whole routed experts a GPU holds under expert parallelism: ⌈E / N_e⌉ of each layer's",
    fields: [],
  },
  { name: 'M_rep', class: 'vocabulary', meaning: 'bytes of P_rep in the weight type', fields: [] },
  {
    name: 'M_split',
    class: 'vocabulary',
    meaning: 'bytes of P_split in the weight type',
    fields: [],
  },
  { name: 'M_exp', class: 'vocabulary', meaning: 'bytes of P_exp in the weight type', fields: [] },
  {
    name: 'n_kv_gpu',
    class: 'head',
    meaning: 'key/value heads a GPU holds: n_kv / t, or one when n_kv < t',
    fields: ['--tp'],
  },
  {
    name: 'd_gpu',
    class: 'width',
    meaning: "a GPU's share of the key/value width: d_model / t",
    fields: ['--tp'],
  },
  {
    name: 'L_gpu',
    class: 'count',
    meaning: "attention layers in the GPU's pipeline stage",
    fields: ['--pp'],
  },
];
