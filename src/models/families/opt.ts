import { add, num, sym } from '../../expr/nodes.js';
import type { ModuleSpec } from '../spec/model-spec.js';
import {
  decoderOnlyClass,
  normFactory,
  SizeBook,
  widthAndVocab,
  tokenEmbeddings,
} from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';

/**
 * OPT (modeling_opt.py): token embeddings of width `word_embed_proj_dim`, learned positions with
 * 2 extra rows (the offset OPT inherited from fairseq), `project_in`/`project_out` (no bias) when that
 * width differs from hidden_size, layers with biased Q/K/V/O and fc1/fc2 (`enable_bias`) and two
 * LayerNorms, a final LayerNorm only when `do_layer_norm_before` (and not `_remove_final_layer_norm`),
 * and a head tied to the token embeddings.
 */
export const opt: Family = {
  modelTypes: ['opt'],
  defaults: {
    vocab_size: 50272,
    hidden_size: 768,
    num_hidden_layers: 12,
    ffn_dim: 3072,
    max_position_embeddings: 2048,
    do_layer_norm_before: true,
    _remove_final_layer_norm: false, // opt-125m leaves it out
    word_embed_proj_dim: null, // none: hidden_size
    num_attention_heads: 12,
    enable_bias: true, // opt-125m, opt-350m leave it out
    layer_norm_elementwise_affine: true, // opt-125m, opt-350m leave it out
    tie_word_embeddings: true, // opt-125m, opt-350m leave it out
  },
  classes: [
    'OPTForCausalLM',
    'OPTModel',
    'OPTForSequenceClassification',
    'OPTForQuestionAnswering',
  ],
  build(config, className) {
    const sizes = new SizeBook();
    const { hidden, d, vocab } = widthAndVocab(config, sizes);
    const projectionWidth = config.optionalSize('word_embed_proj_dim') ?? hidden;
    const projected = projectionWidth !== hidden;
    const wordDim = projected ? sizes.bind('d_emb', projectionWidth) : d;
    const bias = config.flag('enable_bias');
    const affine = config.flag('layer_norm_elementwise_affine');
    const ln = normFactory('layernorm', d, { affine });
    const layer: ModuleSpec = {
      kind: 'group',
      key: 'layer',
      name: 'decoder layer',
      label: 'layer',
      children: [
        {
          kind: 'attention',
          key: 'self_attn',
          d,
          bias: { q: bias, k: bias, v: bias, o: bias },
          keys: { o: 'out_proj' },
          role: 'attention',
        },
        ln('self_attn_layer_norm', 'LN1'),
        {
          kind: 'mlp',
          key: 'ffn',
          name: 'feed-forward',
          d,
          dFF: sizes.bind('d_ff', config.size('ffn_dim')),
          gated: false,
          bias,
          keys: { up: 'fc1', down: 'fc2' },
          role: 'mlp',
          inline: true,
        },
        ln('final_layer_norm', 'LN2'),
      ],
    };
    const finalNorm =
      config.flag('do_layer_norm_before') && !config.flag('_remove_final_layer_norm');
    const decoder: ModuleSpec = {
      kind: 'group',
      key: 'decoder',
      name: 'OPTDecoder',
      label: 'base',
      children: [
        tokenEmbeddings('embed_tokens', vocab, wordDim),
        {
          kind: 'embedding',
          key: 'embed_positions',
          name: 'learned positions (+2 offset rows)',
          label: 'pos',
          role: 'position-embedding',
          rows: add(sizes.bind('P', config.size('max_position_embeddings')), num(2)),
          dim: d,
        },
        ...(projected
          ? ([
              {
                kind: 'linear',
                key: 'project_out',
                name: 'projection out',
                label: 'proj out',
                role: 'embedding',
                in: d,
                out: wordDim,
                bias: false,
              },
              {
                kind: 'linear',
                key: 'project_in',
                name: 'projection in',
                label: 'proj in',
                role: 'embedding',
                in: wordDim,
                out: d,
                bias: false,
              },
            ] as ModuleSpec[])
          : []),
        {
          kind: 'repeat',
          key: 'layers',
          name: 'decoder layers',
          label: 'layers',
          count: sizes.bind('L', config.size('num_hidden_layers')),
          child: layer,
        },
        ...(finalNorm ? [ln('final_layer_norm', 'final')] : []),
      ],
    };
    const tied = config.flag('tie_word_embeddings');
    const base: ModuleSpec = {
      kind: 'group',
      key: 'model',
      name: 'OPTModel',
      label: 'model',
      children: [decoder],
    };
    return {
      name: className,
      sizes: sizes.sizes,
      kvCache: selfCache(sym('L'), keysAndValues(d)),
      modules: decoderOnlyClass(className, base, {
        d: wordDim,
        config,
        sizes,
        vocab,
        tied,
      }),
    };
  },
};
