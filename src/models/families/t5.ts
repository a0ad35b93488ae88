import type { Expr } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { lmHeadModule, normFactory, SizeBook } from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, seq2seqCache } from './kv-cache-layout.js';

/**
 * T5, T5 v1.1, mT5 and UMT5 (modeling_t5.py): one `shared` embedding used by encoder and decoder
 * (counted once); attention without biases, inner width n_h·d_kv; feed-forward `wi`/`wo`, or gated
 * `wi_0`/`wi_1`/`wo` when `feed_forward_proj` starts with "gated-"; T5LayerNorm has a scale only.
 * The relative position bias table (buckets × heads) sits in the first block of each stack only
 * (every block in UMT5). The head is tied unless `tie_word_embeddings` is false (v1.1, mT5).
 */
interface T5Description {
  modelTypes: string[];
  prefix: 'T5' | 'MT5' | 'UMT5';
  defaults: Record<string, unknown>;
  relativeBiasEveryLayer: boolean;
}

function t5Family(description: T5Description): Family {
  const p = description.prefix;
  return {
    modelTypes: description.modelTypes,
    defaults: description.defaults,
    aliases: {
      d_model: ['hidden_size'],
      num_heads: ['num_attention_heads'],
      num_layers: ['num_hidden_layers'],
    },
    classes: [`${p}ForConditionalGeneration`, `${p}Model`, `${p}EncoderModel`],
    build: (config, className) => buildT5(description, config, className),
  };
}

function buildT5(description: T5Description, config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const d = sizes.bind('d_model', config.size('d_model'));
  const vocab = sizes.bind('V', config.size('vocab_size'));
  const heads = sizes.bind('n_h', config.size('num_heads'));
  const headDim = sizes.bind('d_h', config.size('d_kv'));
  const dFF = sizes.bind('d_ff', config.size('d_ff'));
  const gated = config.text('feed_forward_proj').startsWith('gated-');
  const buckets = sizes.bind('n_bkt', config.size('relative_attention_num_buckets'));
  const norm = normFactory('rmsnorm', d);
  // `path`: where PyTorch keeps each module inside a block (T5Block holds its sublayers in `layer`:
  // self-attention, [cross-attention,] feed-forward, each with its own `layer_norm`).
  const attention = (key: string, label: string, path: string): ModuleSpec => ({
    kind: 'attention',
    key,
    label,
    path,
    name: key === 'EncDecAttention' ? 'cross-attention' : 'self-attention',
    role: 'attention',
    d,
    heads,
    kvHeads: heads,
    headDim,
    bias: { q: false, k: false, v: false, o: false },
    keys: { q: 'q', k: 'k', v: 'v', o: 'o' },
  });
  const feedForward = (sublayer: number): ModuleSpec => ({
    kind: 'mlp',
    key: 'DenseReluDense',
    path: `layer.${sublayer}.DenseReluDense`,
    name: gated ? 'gated feed-forward' : 'feed-forward',
    d,
    dFF,
    gated,
    bias: false,
    keys: gated ? { gate: 'wi_0', up: 'wi_1', down: 'wo' } : { up: 'wi', down: 'wo' },
    role: 'mlp',
  });
  const relativeBias = (): ModuleSpec => ({
    kind: 'tensor',
    key: 'relative_attention_bias',
    path: 'layer.0.SelfAttention.relative_attention_bias.weight',
    name: 'relative position bias',
    label: 'rel',
    role: 'attention',
    shape: [buckets, heads],
  });
  const layerNorm = (key: string, label: string, sublayer: number): ModuleSpec => ({
    ...norm(key, label),
    path: `layer.${sublayer}.layer_norm`,
  });
  const block = (decoder: boolean, withBias: boolean): ModuleSpec => ({
    kind: 'group',
    key: 'block',
    name: decoder ? 'decoder block' : 'encoder block',
    label: decoder ? 'dec-block' : 'enc-block',
    children: [
      attention('SelfAttention', decoder ? 'dec-self' : 'enc-self', 'layer.0.SelfAttention'),
      ...(withBias ? [relativeBias()] : []),
      layerNorm('layer_norm', 'LN1', 0),
      ...(decoder
        ? [
            attention('EncDecAttention', 'cross', 'layer.1.EncDecAttention'),
            layerNorm('cross_layer_norm', 'LN2', 1),
          ]
        : []),
      feedForward(decoder ? 2 : 1),
      layerNorm('ff_layer_norm', decoder ? 'LN3' : 'LN2', decoder ? 2 : 1),
    ],
  });
  const stack = (decoder: boolean, count: Expr): ModuleSpec => ({
    kind: 'group',
    key: decoder ? 'decoder' : 'encoder',
    name: decoder ? 'decoder' : 'encoder',
    label: decoder ? 'dec' : 'enc',
    children: [
      {
        kind: 'shared',
        key: 'embed_tokens',
        name: 'token embeddings (shared)',
        label: decoder ? 'tok,dec' : 'tok,enc',
        reason: 'the shared embedding, counted once',
      },
      {
        kind: 'repeat',
        key: 'block',
        name: decoder ? 'decoder blocks' : 'encoder blocks',
        label: decoder ? 'dec blocks' : 'enc blocks',
        count,
        child: block(decoder, description.relativeBiasEveryLayer),
      },
      ...(description.relativeBiasEveryLayer
        ? []
        : [
            {
              ...relativeBias(),
              key: 'block.0.relative_attention_bias',
              path: 'block.0.layer.0.SelfAttention.relative_attention_bias.weight',
              name: 'relative position bias (first block only)',
            } as ModuleSpec,
          ]),
      norm('final_layer_norm', decoder ? 'dec final' : 'enc final'),
    ],
  });

  const encoderLayers = config.size('num_layers');
  const modules: ModuleSpec[] = [
    {
      kind: 'embedding',
      key: 'shared',
      name: 'shared token embeddings',
      label: 'tok',
      role: 'token-embedding',
      rows: vocab,
      dim: d,
    },
    stack(false, sizes.bind('L_enc', encoderLayers)),
  ];
  if (className !== `${description.prefix}EncoderModel`) {
    modules.push(
      stack(true, sizes.bind('L_dec', config.optionalSize('num_decoder_layers') ?? encoderLayers)),
    );
  }
  if (className.endsWith('ForConditionalGeneration'))
    modules.push(lmHeadModule(config.flag('tie_word_embeddings'), d, vocab));
  const kvCache = className.endsWith('EncoderModel')
    ? {}
    : { kvCache: seq2seqCache(keysAndValues(heads, headDim), { cross: true }) };
  return { name: className, sizes: sizes.sizes, ...kvCache, modules };
}

const t5Defaults = {
  vocab_size: 32128,
  d_model: 512,
  d_kv: 64,
  d_ff: 2048,
  num_layers: 6,
  num_decoder_layers: null, // t5-small, t5-base leave it out: num_layers
  num_heads: 8,
  relative_attention_num_buckets: 32,
  feed_forward_proj: 'relu', // t5-small, t5-base leave it out
  tie_word_embeddings: true, // t5-small, t5-base leave it out
};

/** T5 and T5 v1.1 (v1.1 configs say `gated-gelu` and `tie_word_embeddings: false`). */
export const t5 = t5Family({
  modelTypes: ['t5'],
  prefix: 'T5',
  defaults: t5Defaults,
  relativeBiasEveryLayer: false,
});

/** mT5: T5 v1.1 shapes with a 250k vocabulary; MT5Config defaults to gated-gelu and an untied head. */
export const mt5 = t5Family({
  modelTypes: ['mt5'],
  prefix: 'MT5',
  defaults: {
    ...t5Defaults,
    vocab_size: 250112,
    d_ff: 1024,
    num_layers: 8,
    num_heads: 6,
    feed_forward_proj: 'gated-gelu',
    tie_word_embeddings: false,
  },
  relativeBiasEveryLayer: false,
});

/** UMT5: mT5 with its own relative position bias in every block. */
export const umt5 = t5Family({
  modelTypes: ['umt5'],
  prefix: 'UMT5',
  defaults: {
    ...t5Defaults,
    vocab_size: 250112,
    d_ff: 1024,
    num_layers: 8,
    num_heads: 6,
    feed_forward_proj: 'gated-gelu',
    tie_word_embeddings: true,
  },
  relativeBiasEveryLayer: true,
});
