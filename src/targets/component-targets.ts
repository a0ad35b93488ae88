import { num, sym } from '../expr/nodes.js';
import { attention, type HeadLayout } from '../components/attention.js';
import { bertEmbeddings } from '../components/embedding.js';
import { feedForward } from '../components/feed-forward.js';
import { decoderLayer, encoderLayer } from '../components/layers.js';
import { lmHead } from '../components/lm-head.js';
import { layerNorm, rmsNorm } from '../components/norms.js';
import { bindingsOf, requireDivisible, type Arguments, type ParameterSpec } from './parameters.js';
import { flag, size } from './shared-parameters.js';
import type { Built, Target } from './target.js';

const d = sym('d_model');
const dModel = size('d_model', 'd_model', 'model width');

/** Declares a component target whose symbols stay symbolic until given. */
function component(
  id: string,
  description: string,
  parameters: ParameterSpec[],
  build: (args: Arguments) => Built['part'],
): Target {
  return {
    id,
    group: 'component',
    description,
    parameters,
    build: (args) => ({ part: build(args), bindings: bindingsOf(parameters, args) }),
  };
}

const attentionParameters = [
  dModel,
  size('num_heads', 'n_h', 'query heads'),
  size(
    'num_key_value_heads',
    'n_kv',
    'key/value heads (grouped-query: fewer than n_h; multi-query: 1)',
  ),
  size('head_dim', 'd_h', 'width of one head (default d_model / n_h)'),
  flag('bias', true, 'biases on the Q, K, V and O projections'),
  flag('add_bias_kv', false, 'extra learned key and value biases (PyTorch)'),
  size('kdim', 'd_k', 'width of the key input (PyTorch; default d_model)'),
  size('vdim', 'd_v', 'width of the value input (PyTorch; default d_model)'),
];

/** Multi-head attention; grouped-query when key/value heads or a head width are given. */
const attentionTarget: Target = {
  id: 'attention',
  group: 'component',
  description:
    'multi-head self-attention: Q, K, V, O (+ biases); grouped-/multi-query via num_key_value_heads',
  parameters: attentionParameters,
  build(args) {
    const grouped = args.given('num_key_value_heads') || args.given('head_dim');
    const [dm, heads, kvHeads, headDim] = [
      args.size('d_model'),
      args.size('num_heads'),
      args.size('num_key_value_heads'),
      args.size('head_dim'),
    ];
    if (!args.given('head_dim')) requireDivisible('d_model', dm, 'num_heads', heads);
    requireDivisible('num_heads', heads, 'num_key_value_heads', kvHeads);
    const layout: HeadLayout | undefined = grouped
      ? {
          queryHeads: sym('n_h'),
          keyValueHeads: sym(args.given('num_key_value_heads') ? 'n_kv' : 'n_h'),
          headDim: sym('d_h'),
        }
      : undefined;
    const part = attention({
      d,
      bias: args.flag('bias'),
      addBiasKv: args.flag('add_bias_kv'),
      ...(layout ? { heads: layout } : {}),
      ...(args.given('kdim') ? { keyInputDim: sym('d_k') } : {}),
      ...(args.given('vdim') ? { valueInputDim: sym('d_v') } : {}),
    });
    const bindings = bindingsOf(attentionParameters, args);
    if (grouped && headDim === undefined && dm !== undefined && heads !== undefined)
      bindings.d_h = dm / heads;
    return { part, bindings };
  },
};

const dFF = size('d_ff', 'd_ff', 'feed-forward inner size');
const nhead = size(
  'nhead',
  'n_h',
  'attention heads (must divide d_model; does not change the count)',
);

function layerTarget(id: string, description: string, make: typeof encoderLayer): Target {
  return component(
    id,
    description,
    [dModel, dFF, nhead, flag('bias', true, 'biases everywhere')],
    (args) => {
      requireDivisible('d_model', args.size('d_model'), 'nhead', args.size('nhead'));
      return make({ d, dFF: sym('d_ff'), bias: args.flag('bias') });
    },
  );
}

/** The seed components, in the order `tparams list` shows them. */
export const componentTargets: readonly Target[] = [
  component(
    'embedding',
    'BERT-style embeddings: word V·d + token type 2·d + position P·d + LayerNorm 2d',
    [
      size('vocab_size', 'V', 'vocabulary size'),
      size('max_position_embeddings', 'P', 'learned positions'),
      dModel,
      size('type_vocab_size', undefined, 'token types (segments)', 2n),
      flag('layer_norm', true, 'LayerNorm after the sum'),
    ],
    (args) =>
      bertEmbeddings({
        vocab: sym('V'),
        positions: sym('P'),
        d,
        tokenTypes: num(args.size('type_vocab_size')!),
        layerNorm: args.flag('layer_norm'),
      }),
  ),
  attentionTarget,
  component(
    'ffn',
    'feed-forward: 2·d·d_ff + d_ff + d with biases; gated (SwiGLU) has three matrices',
    [
      dModel,
      dFF,
      flag('bias', true, 'biases on both projections'),
      flag('gated', false, 'gated (SwiGLU/GeGLU) with a third matrix'),
    ],
    (args) =>
      feedForward({ d, dFF: sym('d_ff'), bias: args.flag('bias'), gated: args.flag('gated') }),
  ),
  component(
    'layernorm',
    'LayerNorm: scale and shift, 2d (0 without affine)',
    [
      dModel,
      flag('elementwise_affine', true, 'learned scale and shift'),
      flag('bias', true, 'learned shift'),
    ],
    (args) =>
      layerNorm({ key: 'norm' }, d, {
        affine: args.flag('elementwise_affine'),
        bias: args.flag('bias'),
      }),
  ),
  component(
    'rmsnorm',
    'RMSNorm: scale only, d',
    [dModel, flag('elementwise_affine', true, 'learned scale')],
    (args) => rmsNorm({ key: 'norm' }, d, { affine: args.flag('elementwise_affine') }),
  ),
  layerTarget(
    'encoder-layer',
    'encoder layer: self-attention + feed-forward + 2 LayerNorms',
    encoderLayer,
  ),
  layerTarget(
    'decoder-layer',
    'decoder layer: self-attention + cross-attention + feed-forward + 3 LayerNorms',
    decoderLayer,
  ),
  component(
    'lm-head',
    'language-model head: d·V, no bias; 0 when tied to the word embedding',
    [
      dModel,
      size('vocab_size', 'V', 'vocabulary size'),
      flag('tie_word_embeddings', false, 'shares the word-embedding matrix'),
      flag('bias', false, 'output bias'),
    ],
    (args) =>
      lmHead({
        d,
        vocab: sym('V'),
        tied: args.flag('tie_word_embeddings'),
        bias: args.flag('bias'),
      }),
  ),
];
