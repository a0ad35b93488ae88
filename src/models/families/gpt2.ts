import { mul, num, sym, type Expr } from '../../expr/nodes.js';
import type { LinearSpec, ModuleSpec } from '../spec/model-spec.js';
import {
  decoderOnlyClass,
  normFactory,
  SizeBook,
  widthAndVocab,
  tokenEmbeddings,
} from './building-blocks.js';
import type { Family } from './family.js';
import { keysAndValues, selfCache } from './kv-cache-layout.js';

const conv1d = (key: string, label: string, inDim: Expr, outDim: Expr): LinearSpec => ({
  kind: 'linear',
  key,
  label,
  in: inDim,
  out: outDim,
  bias: true,
  conv1d: true,
});

/**
 * GPT-2 (modeling_gpt2.py): learned token and position embeddings; each block is ln_1, attention
 * with a fused `c_attn` (d → 3d) and `c_proj`, ln_2, and an MLP `c_fc`/`c_proj` of width n_inner
 * (default 4d); then ln_f. Conv1D layers hold the same parameters as Linear. The head is tied.
 * With add_cross_attention, each block also has cross-attention (`c_attn` d → 2d, `q_attn`) and its norm.
 */
export const gpt2: Family = {
  modelTypes: ['gpt2'],
  defaults: {
    vocab_size: 50257,
    n_positions: 1024,
    n_embd: 768,
    n_layer: 12,
    n_head: 12,
    n_inner: null, // gpt2, gpt2-medium, gpt2-large, gpt2-xl leave it out: 4 × n_embd
    add_cross_attention: false, // gpt2, gpt2-medium, gpt2-large, gpt2-xl leave it out
    tie_word_embeddings: true, // gpt2, gpt2-medium, gpt2-large, gpt2-xl leave it out
  },
  aliases: {
    n_embd: ['hidden_size'],
    n_layer: ['num_hidden_layers'],
    n_head: ['num_attention_heads'],
    n_positions: ['max_position_embeddings'],
  },
  classes: [
    'GPT2LMHeadModel',
    'GPT2Model',
    'GPT2ForSequenceClassification',
    'GPT2ForTokenClassification',
    'GPT2ForQuestionAnswering',
  ],
  build(config, className) {
    const sizes = new SizeBook();
    const { d, vocab } = widthAndVocab(config, sizes, { hidden: 'n_embd', heads: 'n_head' });
    const inner = config.optionalSize('n_inner');
    const dFF = inner === undefined ? mul(num(4), d) : sizes.bind('d_ff', inner);
    const ln = normFactory('layernorm', d);
    const crossAttention: ModuleSpec[] = config.flag('add_cross_attention')
      ? [
          {
            kind: 'group',
            key: 'crossattention',
            name: 'cross-attention',
            label: 'cross',
            role: 'attention',
            children: [
              conv1d('c_attn', 'KV', d, mul(num(2), d)),
              conv1d('q_attn', 'Q', d, d),
              conv1d('c_proj', 'O', d, d),
            ],
          },
          ln('ln_cross_attn', 'LN,x'),
        ]
      : [];
    const block: ModuleSpec = {
      kind: 'group',
      key: 'h',
      name: 'transformer block',
      label: 'block',
      children: [
        ln('ln_1', 'LN1'),
        {
          kind: 'group',
          key: 'attn',
          name: 'attention',
          label: 'attn',
          role: 'attention',
          children: [conv1d('c_attn', 'QKV', d, mul(num(3), d)), conv1d('c_proj', 'O', d, d)],
        },
        ...crossAttention,
        ln('ln_2', 'LN2'),
        {
          kind: 'group',
          key: 'mlp',
          name: 'MLP',
          label: 'MLP',
          role: 'mlp',
          children: [conv1d('c_fc', 'fc', d, dFF), conv1d('c_proj', 'proj', dFF, d)],
        },
      ],
    };
    const base: ModuleSpec = {
      kind: 'group',
      key: 'transformer',
      name: 'GPT2Model',
      label: 'base',
      children: [
        tokenEmbeddings('wte', vocab, d),
        {
          kind: 'embedding',
          key: 'wpe',
          name: 'position embeddings',
          label: 'pos',
          role: 'position-embedding',
          rows: sizes.bind('P', config.size('n_positions')),
          dim: d,
        },
        {
          kind: 'repeat',
          key: 'h',
          name: 'blocks',
          label: 'layers',
          count: sizes.bind('L', config.size('n_layer')),
          child: block,
        },
        ln('ln_f', 'final'),
      ],
    };
    const tied = config.flag('tie_word_embeddings');
    return {
      name: className,
      sizes: sizes.sizes,
      kvCache: selfCache(sym('L'), keysAndValues(d)),
      modules: decoderOnlyClass(className.replace('LMHeadModel', 'ForCausalLM'), base, {
        d,
        config,
        sizes,
        vocab,
        tied,
      }),
    };
  },
};
