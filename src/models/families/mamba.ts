import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec, RecurrentStateSpec } from '../spec/model-spec.js';
import type { Expr, Sym } from '../../expr/nodes.js';
import { decoderOnlyClass, SizeBook, tokenEmbeddings } from './building-blocks.js';
import type { Family } from './family.js';
import { mambaMixer, mambaState, mambaWidths } from './parts/mamba-mixers.js';
import { mamba2Mixer, mamba2State, mamba2Widths } from './parts/mamba2-mixers.js';

/** What a Mamba-style family puts in each layer, and what each layer keeps between tokens. */
export interface MambaLayer {
  readonly mixer: ModuleSpec;
  readonly state: (layers: Expr) => RecurrentStateSpec[];
}

/**
 * A stack of Mamba blocks as MambaModel and Mamba2Model build it: `backbone.embeddings`, layers of
 * an RMSNorm `norm` then a `mixer` (no feed-forward), `norm_f`, and an LM head tied unless the
 * config says not. `…Model` is the backbone alone; there are no task heads.
 */
export function mambaStackFamily(o: {
  modelTypes: readonly string[];
  classPrefix: string;
  defaults: RawConfig;
  aliases?: Readonly<Record<string, readonly string[]>>;
  layer: (config: ConfigFields, sizes: SizeBook, d: Sym) => MambaLayer;
}): Family {
  return {
    modelTypes: o.modelTypes,
    defaults: o.defaults,
    ...(o.aliases ? { aliases: o.aliases } : {}),
    classes: [`${o.classPrefix}ForCausalLM`, `${o.classPrefix}Model`],
    build(config, className): ModelSpec {
      const sizes = new SizeBook();
      const d = sizes.bind('d_model', config.size('hidden_size'));
      const vocab = sizes.bind('V', config.size('vocab_size'));
      const { mixer, state } = o.layer(config, sizes, d);
      const rms = (key: string, label: string): ModuleSpec => ({
        kind: 'norm',
        type: 'rmsnorm',
        key,
        label,
        dim: d,
        role: 'norm',
      });
      const layer: ModuleSpec = {
        kind: 'group',
        key: 'layer',
        name: 'Mamba block',
        label: 'layer',
        children: [rms('norm', 'norm'), mixer],
      };
      const count = sizes.bind('L', config.size('num_hidden_layers'));
      const base: ModuleSpec = {
        kind: 'group',
        key: 'backbone',
        name: `${o.classPrefix}Model`,
        label: 'base',
        children: [
          tokenEmbeddings('embeddings', vocab, d),
          {
            kind: 'repeat',
            key: 'layers',
            name: 'Mamba blocks',
            label: 'layers',
            count,
            child: layer,
          },
          rms('norm_f', 'final'),
        ],
      };
      return {
        name: className,
        sizes: sizes.sizes,
        recurrentState: { entries: state(count) },
        modules: decoderOnlyClass(className, base, {
          d,
          config,
          sizes,
          vocab,
        }),
      };
    },
  };
}

/**
 * Mamba (modeling_mamba.py, MambaConfig): the selective-scan mixer of parts/mamba-mixers.ts in
 * every layer. MambaConfig sets `intermediate_size = expand·hidden_size` itself; a config.json
 * that writes it (mamba-130m-hf: 1536) is read as written, as transformers then does.
 */
export const mamba = mambaStackFamily({
  modelTypes: ['mamba'],
  classPrefix: 'Mamba',
  defaults: {
    vocab_size: 50280,
    hidden_size: 768,
    state_size: 16,
    num_hidden_layers: 32,
    expand: 2, // d_inner = expand·hidden_size unless intermediate_size is written
    conv_kernel: 4,
    use_bias: true, // on in_proj and out_proj; the released checkpoints write false
    use_conv_bias: true,
    time_step_rank: 'auto', // ⌈hidden_size / 16⌉
    tie_word_embeddings: true, // PreTrainedConfig's default: lm_head is backbone.embeddings
  },
  layer(config, sizes, d) {
    const widths = mambaWidths(config, sizes);
    return { mixer: mambaMixer(config, d, widths), state: (layers) => mambaState(layers, widths) };
  },
});

/**
 * Falcon Mamba (modular_falcon_mamba.py): MambaMixer's shapes exactly. Its RMS norms on B, C and Δ
 * have no weights (`rms_forward`); the ones the Triton kernel is handed, `b_c_rms` and `dt_rms`,
 * are non-persistent buffers, neither parameters nor in the checkpoint.
 */
export const falconMamba = mambaStackFamily({
  modelTypes: ['falcon_mamba'],
  classPrefix: 'FalconMamba',
  defaults: {
    vocab_size: 50280,
    hidden_size: 768,
    state_size: 16,
    num_hidden_layers: 32,
    expand: 2, // d_inner = expand·hidden_size unless intermediate_size is written
    conv_kernel: 4,
    use_bias: false, // FalconMambaConfig's own, where MambaConfig's is true
    use_conv_bias: true,
    time_step_rank: 'auto', // ⌈hidden_size / 16⌉
    tie_word_embeddings: true,
  },
  layer(config, sizes, d) {
    const widths = mambaWidths(config, sizes);
    return { mixer: mambaMixer(config, d, widths), state: (layers) => mambaState(layers, widths) };
  },
});

/**
 * Mamba-2 (modeling_mamba2.py, Mamba2Config): the Mamba-2 mixer of parts/mamba2-mixers.ts in every
 * layer, the same backbone as Mamba's; its head is untied by default.
 */
export const mamba2 = mambaStackFamily({
  modelTypes: ['mamba2'],
  classPrefix: 'Mamba2',
  defaults: {
    num_heads: 128,
    head_dim: 64, // shapes only the scan state: no parameter is d_ssm wide
    vocab_size: 32768,
    hidden_size: 4096,
    state_size: 128,
    num_hidden_layers: 64,
    expand: 2, // d_inner = expand·hidden_size, always
    conv_kernel: 4,
    n_groups: 8,
    use_bias: false,
    use_conv_bias: true,
    tie_word_embeddings: false, // Mamba2Config's own
  },
  layer(config, sizes, d) {
    const widths = mamba2Widths(config, sizes);
    return {
      mixer: mamba2Mixer(config, d, widths),
      state: (layers) => mamba2State(layers, widths),
    };
  },
});
