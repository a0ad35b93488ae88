import { add, num } from '../../expr/nodes.js';
import type { ConfigFields } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { lmHeadModule, normFactory, SizeBook, tokenEmbeddings } from './building-blocks.js';
import { seq2seqLayers } from './seq2seq-layers.js';
import type { Family } from './family.js';
import { keysAndValues, seq2seqCache } from './kv-cache-layout.js';

/**
 * Whisper (modeling_whisper.py): the encoder hears `num_mel_bins` channels through two Conv1d
 * layers (k = 3; the second strides by 2), adds a table of `max_source_positions` sinusoids (an
 * `nn.Embedding` frozen with requires_grad = False, still a parameter), runs L_enc layers and a final
 * LayerNorm; the decoder has a token table, `max_target_positions` learned positions, L_dec layers
 * with cross-attention, and a final LayerNorm. Every attention's k_proj has no bias. `proj_out` is
 * tied to the decoder's token table.
 */
export const whisper: Family = {
  modelTypes: ['whisper'],
  // WhisperConfig's defaults are whisper-tiny's shapes.
  defaults: {
    vocab_size: 51865,
    num_mel_bins: 80,
    d_model: 384,
    encoder_layers: 4,
    decoder_layers: 4,
    encoder_attention_heads: 6,
    decoder_attention_heads: 6,
    encoder_ffn_dim: 1536,
    decoder_ffn_dim: 1536,
    max_source_positions: 1500,
    max_target_positions: 448,
    tie_word_embeddings: true, // whisper-tiny, whisper-small leave it out
    classifier_proj_size: 256, // whisper-tiny, whisper-small leave it out
    use_weighted_layer_sum: false, // whisper-tiny, whisper-small leave it out
  },
  aliases: { d_model: ['hidden_size'], encoder_attention_heads: ['num_attention_heads'] },
  classes: [
    'WhisperForConditionalGeneration',
    'WhisperModel',
    'WhisperForAudioClassification',
    'WhisperForCausalLM',
  ],
  build: buildWhisper,
};

function buildWhisper(config: ConfigFields, className: string): ModelSpec {
  const sizes = new SizeBook();
  const d = sizes.bind('d_model', config.size('d_model'));
  const layer = seq2seqLayers(config, sizes, d, { keyBias: false });
  const ln = normFactory('layernorm', d);
  const mels = sizes.bind('n_mel', config.size('num_mel_bins'));
  const three = num(3);
  const encoderLayers = config.size('encoder_layers');
  const encoder: ModuleSpec = {
    kind: 'group',
    key: 'encoder',
    name: 'audio encoder',
    label: 'enc',
    children: [
      {
        kind: 'conv',
        key: 'conv1',
        name: 'first convolution',
        label: 'conv1',
        role: 'embedding',
        in: mels,
        out: d,
        kernel: [three],
        bias: true,
      },
      {
        kind: 'conv',
        key: 'conv2',
        name: 'second convolution (stride 2)',
        label: 'conv2',
        role: 'embedding',
        in: d,
        out: d,
        kernel: [three],
        bias: true,
      },
      {
        kind: 'embedding',
        key: 'embed_positions',
        name: 'sinusoidal positions (frozen, still a parameter)',
        label: 'pos,enc',
        role: 'position-embedding',
        rows: sizes.bind('P_src', config.size('max_source_positions')),
        dim: d,
      },
      {
        kind: 'repeat',
        key: 'layers',
        name: 'encoder layers',
        label: 'enc layers',
        count: sizes.bind('L_enc', encoderLayers),
        child: layer(false),
      },
      ln('layer_norm', 'final,enc'),
    ],
  };
  const vocab = sizes.bind('V', config.size('vocab_size'));
  const decoder = (): ModuleSpec => ({
    kind: 'group',
    key: 'decoder',
    name: 'text decoder',
    label: 'dec',
    children: [
      tokenEmbeddings('embed_tokens', vocab, d),
      {
        kind: 'embedding',
        key: 'embed_positions',
        name: 'position embeddings',
        label: 'pos,dec',
        role: 'position-embedding',
        rows: sizes.bind('P', config.size('max_target_positions')),
        dim: d,
      },
      {
        kind: 'repeat',
        key: 'layers',
        name: 'decoder layers',
        label: 'dec layers',
        count: sizes.bind('L_dec', config.size('decoder_layers')),
        child: layer(true),
      },
      ln('layer_norm', 'final,dec'),
    ],
  });
  const tied = config.flag('tie_word_embeddings');
  const proj = () => lmHeadModule(tied, d, vocab, { key: 'proj_out' });
  // Cross-attention caches the encoder's output: max_source_positions frames (1500 for 30 s of audio).
  const kvCache = seq2seqCache(keysAndValues(d), {
    cross: true,
    sourceLength: config.size('max_source_positions'),
  });
  switch (className) {
    case 'WhisperModel':
      return { name: className, sizes: sizes.sizes, kvCache, modules: [encoder, decoder()] };
    case 'WhisperForCausalLM':
      return {
        name: className,
        sizes: sizes.sizes,
        kvCache: seq2seqCache(keysAndValues(d), { cross: false }),
        modules: [
          {
            kind: 'group',
            key: 'model',
            name: 'decoder wrapper',
            label: 'base',
            children: [decoder()],
          },
          proj(),
        ],
      };
    case 'WhisperForAudioClassification': {
      // The encoder alone, a projector and a classifier; optionally learned weights over the L_enc + 1 hidden states.
      const width = sizes.bind('d_proj', config.size('classifier_proj_size'));
      const modules: ModuleSpec[] = [
        encoder,
        {
          kind: 'linear',
          key: 'projector',
          name: 'projector',
          label: 'proj',
          role: 'head',
          in: d,
          out: width,
          bias: true,
        },
        {
          kind: 'linear',
          key: 'classifier',
          name: 'classifier',
          label: 'cls',
          role: 'head',
          in: width,
          out: sizes.bind('n_labels', config.numLabels()),
          bias: true,
        },
      ];
      if (config.flag('use_weighted_layer_sum'))
        modules.push({
          kind: 'tensor',
          key: 'layer_weights',
          name: 'layer weights',
          label: 'lw',
          role: 'head',
          shape: [add(sizes.bind('L_enc', encoderLayers), num(1))],
        });
      return { name: className, sizes: sizes.sizes, shape: 'audio', modules };
    }
    default:
      return {
        name: className,
        sizes: sizes.sizes,
        kvCache,
        modules: [
          {
            kind: 'group',
            key: 'model',
            name: 'WhisperModel',
            label: 'base',
            children: [encoder, decoder()],
          },
          proj(),
        ],
      };
  }
}
