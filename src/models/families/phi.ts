import { decoderFamily } from './decoder-family.js';
import { fusedQkv, separateQkv } from './parts/attention-kinds.js';
import { fusedGateUp, plainMlp } from './parts/feed-forward-kinds.js';
import { normPlacements } from './parts/norm-placements.js';

/**
 * Phi-1/1.5/2 (modeling_phi.py): attention and MLP in parallel after one LayerNorm; Q, K, V and
 * `dense` all biased; optional per-head LayerNorms on Q and K (`qk_layernorm`); fc1/fc2 with biases;
 * `final_layernorm`; an LM head with a bias, untied by default. Partial rotary adds no parameters.
 */
export const phi = decoderFamily({
  modelTypes: ['phi'],
  classPrefix: 'Phi',
  noQuestionAnswering: true,
  defaults: {
    vocab_size: 51200,
    hidden_size: 2048,
    intermediate_size: 8192,
    num_hidden_layers: 24,
    num_attention_heads: 32,
    num_key_value_heads: null, // phi-2 leaves it out: a key/value head per query head
    qk_layernorm: false,
    tie_word_embeddings: false,
  },
  headDim: 'width',
  attention: separateQkv({
    bias: { layout: 'all' },
    keys: { o: 'dense' },
    // PhiAttention names them q_layernorm and k_layernorm (modeling_phi.py).
    qkNorm: { over: 'head', when: 'qk_layernorm', keys: { q: 'q_layernorm', k: 'k_layernorm' } },
    role: true,
  }),
  feedForward: plainMlp({ bias: true, keys: { up: 'fc1', down: 'fc2' } }),
  norms: normPlacements.phi,
  normKind: 'layernorm',
  finalNorm: 'final_layernorm',
  lmHeadBias: true,
  sliding: 'never',
});

/**
 * Phi-3 (modeling_phi3.py): Llama's layout with fused projections and no biases: `qkv_proj`
 * d → (n_h + 2·n_kv)·d_h, `o_proj`, `gate_up_proj` d → 2·d_ff, `down_proj`; RMSNorms; untied head.
 */
export const phi3 = decoderFamily({
  modelTypes: ['phi3'],
  classPrefix: 'Phi3',
  noQuestionAnswering: true,
  defaults: {
    vocab_size: 32064,
    hidden_size: 3072,
    intermediate_size: 8192,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: null, // none: a key/value head per query head
    tie_word_embeddings: false,
  },
  headDim: 'width',
  attention: fusedQkv(),
  feedForward: fusedGateUp(),
  norms: normPlacements.pre,
  sliding: 'all-when-set',
});
