import type { SymbolOrder } from '../expr/polynomial.js';

/**
 * The kinds of size symbol: how many copies (`L`, `E`), how many rows of a table (`V`, `P`), how wide a
 * layer is (`d_model`, `d_ff`), and the shape of the heads (`n_h`, `d_h`).
 */
export type SymbolClass = 'count' | 'vocabulary' | 'width' | 'head';

/** What the project knows about a size symbol: how to print it and what it means. */
export interface SymbolInfo {
  readonly name: string;
  /** What kind of size it is; closed forms order and group symbols by class (`src/derive/notation-rules.ts`). */
  readonly class: SymbolClass;
  readonly tex: string;
  readonly text: string;
  readonly meaning: string;
  /** Config fields or constructor arguments this symbol is read from, most common first. */
  readonly fields: readonly string[];
}

/**
 * The size symbols, in the order closed forms write them, class by class: counts first (`12·L·d²`,
 * as the literature writes it), then table rows (`V·d_model`: rows × width, as the embedding is
 * declared), then widths, then the head layout (`d_model·n_h·d_h`). Order here is presentation, not math.
 */
export const symbolTable: readonly SymbolInfo[] = [
  {
    name: 'L',
    class: 'count',
    tex: 'L',
    text: 'L',
    meaning: 'number of layers',
    fields: ['num_hidden_layers', 'num_layers', 'n_layer'],
  },
  {
    name: 'L_enc',
    class: 'count',
    tex: 'L_{\\text{enc}}',
    text: 'L_enc',
    meaning: 'number of encoder layers',
    fields: ['num_encoder_layers'],
  },
  {
    name: 'L_dec',
    class: 'count',
    tex: 'L_{\\text{dec}}',
    text: 'L_dec',
    meaning: 'number of decoder layers',
    fields: ['num_decoder_layers'],
  },
  {
    name: 'L_text',
    class: 'count',
    tex: 'L_{\\text{text}}',
    text: 'L_text',
    meaning: 'layers of the text tower',
    fields: ['text_config.num_hidden_layers'],
  },
  {
    name: 'L_vis',
    class: 'count',
    tex: 'L_{\\text{vis}}',
    text: 'L_vis',
    meaning: 'layers of the vision tower',
    fields: ['vision_config.num_hidden_layers'],
  },
  {
    name: 'n_groups',
    class: 'count',
    tex: 'n_{\\text{groups}}',
    text: 'n_groups',
    meaning: 'groups of layers with their own weights (ALBERT)',
    fields: ['num_hidden_groups'],
  },
  {
    name: 'n_inner',
    class: 'count',
    tex: 'n_{\\text{inner}}',
    text: 'n_inner',
    meaning: 'layers stored in each group (ALBERT)',
    fields: ['inner_group_num'],
  },
  {
    name: 'L_local',
    class: 'count',
    tex: 'L_{\\text{local}}',
    text: 'L_local',
    meaning: 'layers that attend through a sliding window',
    fields: ['layer_types'],
  },
  {
    name: 'L_global',
    class: 'count',
    tex: 'L_{\\text{global}}',
    text: 'L_global',
    meaning: 'layers that attend to the whole context',
    fields: ['layer_types'],
  },
  {
    name: 'L_dense',
    class: 'count',
    tex: 'L_{\\text{dense}}',
    text: 'L_dense',
    meaning: 'number of dense (non-MoE) layers',
    fields: ['first_k_dense_replace'],
  },
  {
    name: 'L_moe',
    class: 'count',
    tex: 'L_{\\text{moe}}',
    text: 'L_moe',
    meaning: 'number of mixture-of-experts layers',
    fields: [],
  },
  {
    name: 'E',
    class: 'count',
    tex: 'E',
    text: 'E',
    meaning: 'number of routed experts',
    fields: ['num_local_experts', 'n_routed_experts', 'num_experts'],
  },
  {
    name: 'k_top',
    class: 'count',
    tex: 'k_{\\text{top}}',
    text: 'k_top',
    meaning: 'routed experts each token passes through',
    fields: ['num_experts_per_tok'],
  },
  {
    name: 'n_shared',
    class: 'count',
    tex: 'n_{\\text{shared}}',
    text: 'n_shared',
    meaning: 'number of shared experts',
    fields: ['n_shared_experts'],
  },
  {
    name: 'V',
    class: 'vocabulary',
    tex: 'V',
    text: 'V',
    meaning: 'vocabulary size',
    fields: ['vocab_size', 'num_embeddings'],
  },
  {
    name: 'V_dec',
    class: 'vocabulary',
    tex: 'V_{\\text{dec}}',
    text: 'V_dec',
    meaning: 'vocabulary of the decoder',
    fields: ['decoder_vocab_size'],
  },
  {
    name: 'n_grp',
    class: 'vocabulary',
    tex: 'n_{\\text{grp}}',
    text: 'n_grp',
    meaning:
      'quantization groups (or blocks) that carry their own scale: Σ out·⌈in/g⌉ over the quantized matrices',
    fields: ['--group-size'],
  },
  {
    name: 'n_ctx',
    class: 'vocabulary',
    tex: 'n_{\\text{ctx}}',
    text: 'n_ctx',
    meaning: 'tokens of context attended to',
    fields: ['--context'],
  },
  {
    name: 'n_win',
    class: 'vocabulary',
    tex: 'n_{\\text{win}}',
    text: 'n_win',
    meaning: 'tokens a sliding-window layer keeps: min(n_ctx, window)',
    fields: ['sliding_window'],
  },
  {
    name: 'n_src',
    class: 'vocabulary',
    tex: 'n_{\\text{src}}',
    text: 'n_src',
    meaning: 'encoder tokens a cross-attention layer caches',
    fields: ['--source'],
  },
  {
    name: 'b',
    class: 'count',
    tex: 'b',
    text: 'b',
    meaning: 'micro-batch: sequences a GPU trains on at once',
    fields: ['--batch'],
  },
  {
    name: 't',
    class: 'count',
    tex: 't',
    text: 't',
    meaning: 'tensor-parallel degree: GPUs a layer is split over',
    fields: ['--tp'],
  },
  {
    name: 'N_d',
    class: 'count',
    tex: 'N_{d}',
    text: 'N_d',
    meaning: 'data-parallel degree: GPUs / t',
    fields: ['--gpus'],
  },
  {
    name: 's',
    class: 'vocabulary',
    tex: 's',
    text: 's',
    meaning: 'sequence length in training',
    fields: ['--context'],
  },
  {
    name: 'P_tp',
    class: 'vocabulary',
    tex: 'P_{\\text{tp}}',
    text: 'P_tp',
    meaning: 'parameters a tensor-parallel rank holds: ⌈P_model / t⌉',
    fields: [],
  },
  {
    name: 'P_shard',
    class: 'vocabulary',
    tex: 'P_{\\text{shard}}',
    text: 'P_shard',
    meaning: 'parameters in one ZeRO partition: ⌈P / N_d⌉',
    fields: [],
  },
  {
    name: 'S_shard',
    class: 'vocabulary',
    tex: 'S_{\\text{shard}}',
    text: 'S_shard',
    meaning: "Adafactor's factored statistics in one partition",
    fields: [],
  },
  {
    name: 'B',
    class: 'count',
    tex: 'B',
    text: 'B',
    meaning: 'sequences in a batch',
    fields: ['--batch'],
  },
  {
    name: 'D',
    class: 'vocabulary',
    tex: 'D',
    text: 'D',
    meaning: 'training tokens',
    fields: ['--tokens'],
  },
  {
    name: 'P',
    class: 'vocabulary',
    tex: 'P',
    text: 'P',
    meaning: 'number of learned positions',
    fields: ['max_position_embeddings', 'n_positions'],
  },
  {
    name: 'n_patch',
    class: 'vocabulary',
    tex: 'n_{\\text{patch}}',
    text: 'n_patch',
    meaning: 'image patches: (image_size / patch_size)²',
    fields: ['image_size'],
  },
  {
    name: 'P_src',
    class: 'vocabulary',
    tex: 'P_{\\text{src}}',
    text: 'P_src',
    meaning: 'encoder positions (audio frames after the convolutions)',
    fields: ['max_source_positions'],
  },
  {
    name: 'P_rel',
    class: 'vocabulary',
    tex: 'P_{\\text{rel}}',
    text: 'P_rel',
    meaning: 'largest relative distance (the table has 2·P_rel rows)',
    fields: ['max_relative_positions'],
  },
  {
    name: 'n_type',
    class: 'vocabulary',
    tex: 'n_{\\text{type}}',
    text: 'n_type',
    meaning: 'token types (segments)',
    fields: ['type_vocab_size'],
  },
  {
    name: 'n_bkt',
    class: 'vocabulary',
    tex: 'n_{\\text{bkt}}',
    text: 'n_bkt',
    meaning: 'relative-position buckets',
    fields: ['relative_attention_num_buckets', 'position_buckets'],
  },
  {
    name: 'n_labels',
    class: 'vocabulary',
    tex: 'n_{\\text{labels}}',
    text: 'n_labels',
    meaning: 'output classes of a classification head',
    fields: ['num_labels'],
  },
  {
    name: 'd_model',
    class: 'width',
    tex: 'd_{\\text{model}}',
    text: 'd_model',
    meaning: 'hidden size (model width)',
    fields: ['hidden_size', 'd_model', 'embed_dim', 'n_embd', 'embedding_dim', 'normalized_shape'],
  },
  {
    name: 'h_t',
    class: 'width',
    tex: 'd_{\\text{model}}/t',
    text: 'd_model/t',
    meaning: 'hidden size on one tensor-parallel rank (sequence parallel)',
    fields: [],
  },
  {
    name: 'd_text',
    class: 'width',
    tex: 'd_{\\text{text}}',
    text: 'd_text',
    meaning: 'width of the text tower',
    fields: ['text_config.hidden_size'],
  },
  {
    name: 'd_vis',
    class: 'width',
    tex: 'd_{\\text{vis}}',
    text: 'd_vis',
    meaning: 'width of the vision tower',
    fields: ['vision_config.hidden_size'],
  },
  {
    name: 'd_proj',
    class: 'width',
    tex: 'd_{\\text{proj}}',
    text: 'd_proj',
    meaning: 'width of the shared embedding space',
    fields: ['projection_dim', 'projection_size'],
  },
  {
    name: 'd_ff',
    class: 'width',
    tex: 'd_{\\text{ff}}',
    text: 'd_ff',
    meaning: 'feed-forward inner size',
    fields: ['intermediate_size', 'dim_feedforward', 'd_ff', 'ffn_dim', 'n_inner'],
  },
  {
    name: 'f_text',
    class: 'width',
    tex: 'f_{\\text{text}}',
    text: 'f_text',
    meaning: 'feed-forward inner size of the text tower',
    fields: ['text_config.intermediate_size'],
  },
  {
    name: 'f_vis',
    class: 'width',
    tex: 'f_{\\text{vis}}',
    text: 'f_vis',
    meaning: 'feed-forward inner size of the vision tower',
    fields: ['vision_config.intermediate_size'],
  },
  {
    name: 'd_ff_dec',
    class: 'width',
    tex: 'd_{\\text{ff,dec}}',
    text: 'd_ff_dec',
    meaning: 'feed-forward inner size of the decoder',
    fields: ['decoder_ffn_dim'],
  },
  {
    name: 'd_moe',
    class: 'width',
    tex: 'd_{\\text{moe}}',
    text: 'd_moe',
    meaning: 'feed-forward inner size of one expert',
    fields: ['moe_intermediate_size'],
  },
  {
    name: 'd_shared',
    class: 'width',
    tex: 'd_{\\text{shared}}',
    text: 'd_shared',
    meaning: 'feed-forward inner size of the shared expert',
    fields: ['shared_expert_intermediate_size'],
  },
  {
    name: 'd_emb',
    class: 'width',
    tex: 'd_{\\text{emb}}',
    text: 'd_emb',
    meaning: 'width of the token embeddings, projected to the model width',
    fields: ['embedding_size', 'word_embed_proj_dim'],
  },
  {
    name: 'd_in',
    class: 'width',
    tex: 'd_{\\text{in}}',
    text: 'd_in',
    meaning: 'input features of a linear layer',
    fields: ['in_features'],
  },
  {
    name: 'd_out',
    class: 'width',
    tex: 'd_{\\text{out}}',
    text: 'd_out',
    meaning: 'output features of a linear layer',
    fields: ['out_features'],
  },
  {
    name: 'd_k',
    class: 'width',
    tex: 'd_{k}',
    text: 'd_k',
    meaning: 'width of the keys fed to attention',
    fields: ['kdim'],
  },
  {
    name: 'C_in',
    class: 'width',
    tex: 'C_{\\text{in}}',
    text: 'C_in',
    meaning: 'input channels of a convolution',
    fields: ['in_channels', 'num_channels'],
  },
  {
    name: 'C_out',
    class: 'width',
    tex: 'C_{\\text{out}}',
    text: 'C_out',
    meaning: 'output channels of a convolution',
    fields: ['out_channels'],
  },
  {
    name: 'C_g',
    class: 'width',
    tex: 'C_{g}',
    text: 'C_g',
    meaning: 'input channels per group (in_channels / groups)',
    fields: [],
  },
  {
    name: 'p',
    class: 'width',
    tex: 'p',
    text: 'p',
    meaning: 'patch size (the side of a square patch)',
    fields: ['patch_size'],
  },
  {
    name: 's_enc',
    class: 'width',
    tex: 's_{\\text{enc}}',
    text: 's_enc',
    meaning: 'encoder stride of the pixel decoder',
    fields: ['encoder_stride'],
  },
  {
    name: 'n_mel',
    class: 'width',
    tex: 'n_{\\text{mel}}',
    text: 'n_mel',
    meaning: 'mel-spectrogram channels fed to the encoder',
    fields: ['num_mel_bins'],
  },
  {
    name: 'k',
    class: 'width',
    tex: 'k',
    text: 'k',
    meaning: 'kernel size of a convolution',
    fields: ['kernel_size'],
  },
  {
    name: 'd_v',
    class: 'width',
    tex: 'd_{v}',
    text: 'd_v',
    meaning: 'width of the values fed to attention',
    fields: ['vdim'],
  },
  {
    name: 'n_ht',
    class: 'head',
    tex: 'n_{h}/t',
    text: 'n_h/t',
    meaning: 'attention heads on one tensor-parallel rank',
    fields: [],
  },
  {
    name: 'n_h',
    class: 'head',
    tex: 'n_{h}',
    text: 'n_h',
    meaning: 'number of attention heads',
    fields: ['num_attention_heads', 'num_heads', 'nhead', 'n_head'],
  },
  {
    name: 'n_kv',
    class: 'head',
    tex: 'n_{\\text{kv}}',
    text: 'n_kv',
    meaning: 'number of key/value heads',
    fields: ['num_key_value_heads'],
  },
  {
    name: 'd_h',
    class: 'head',
    tex: 'd_{h}',
    text: 'd_h',
    meaning: 'width of one attention head',
    fields: ['head_dim', 'd_kv'],
  },
  {
    name: 'r_q',
    class: 'head',
    tex: 'r_{q}',
    text: 'r_q',
    meaning: 'rank of the compressed queries (MLA)',
    fields: ['q_lora_rank'],
  },
  {
    name: 'r_kv',
    class: 'head',
    tex: 'r_{\\text{kv}}',
    text: 'r_kv',
    meaning: 'rank of the compressed keys and values (MLA)',
    fields: ['kv_lora_rank'],
  },
  {
    name: 'd_nope',
    class: 'head',
    tex: 'd_{\\text{nope}}',
    text: 'd_nope',
    meaning: 'query/key head width without rotary (MLA)',
    fields: ['qk_nope_head_dim'],
  },
  {
    name: 'd_rope',
    class: 'head',
    tex: 'd_{\\text{rope}}',
    text: 'd_rope',
    meaning: 'query/key head width with rotary (MLA)',
    fields: ['qk_rope_head_dim'],
  },
  {
    name: 'd_vh',
    class: 'head',
    tex: 'd_{\\text{v}}',
    text: 'd_vh',
    meaning: 'value head width (MLA)',
    fields: ['v_head_dim'],
  },
];

const byName = new Map(symbolTable.map((s) => [s.name, s]));
const rank = new Map(symbolTable.map((s, i) => [s.name, i]));

/**
 * Tags that put one model's symbols beside another's (an EncoderDecoderModel's two stacks):
 * `d_model_enc` is the encoder's `d_model`, written `d_model` with the tag as a superscript.
 */
export const symbolTags: Readonly<Record<string, string>> = { enc: 'encoder', dec: 'decoder' };

/** The base symbol and tag of a tagged name that the table does not list itself. */
export function untag(name: string): { base: SymbolInfo; tag: string } | undefined {
  if (byName.has(name)) return undefined;
  const cut = name.lastIndexOf('_');
  const tag = name.slice(cut + 1);
  const base =
    cut > 0 && Object.hasOwn(symbolTags, tag) ? byName.get(name.slice(0, cut)) : undefined;
  return base ? { base, tag } : undefined;
}

/** The symbols of one class, in table order, each followed by its tagged forms (`d_model`, `d_model_enc`, `d_model_dec`). */
export function symbolsOfClass(symbolClass: SymbolClass): string[] {
  return symbolTable
    .filter((s) => s.class === symbolClass)
    .flatMap((s) => [s.name, ...Object.keys(symbolTags).map((t) => `${s.name}_${t}`)]);
}

/** The table entry of a symbol, or of the base of a tagged one (`d_model_enc`: the encoder's width). */
export function symbolInfo(name: string): SymbolInfo | undefined {
  const direct = byName.get(name);
  if (direct) return direct;
  const tagged = untag(name);
  if (!tagged) return undefined;
  const { base, tag } = tagged;
  return {
    ...base,
    name,
    tex: `${base.tex}^{\\text{${tag}}}`,
    text: name,
    meaning: `${base.meaning} (${symbolTags[tag]})`,
  };
}

/** Table order first (a tagged symbol right after its base), then any other symbol alphabetically. */
export const tableOrder: SymbolOrder = (a, b) => {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
};

function rankOf(name: string): number {
  const direct = rank.get(name);
  if (direct !== undefined) return direct;
  const tagged = untag(name);
  return tagged ? rank.get(tagged.base.name)! + 0.5 : Number.MAX_SAFE_INTEGER;
}

/** TeX of a symbol from the table (undefined lets the printer fall back to its default naming). */
export const tableTex = (name: string): string | undefined => symbolInfo(name)?.tex;

/** Plain text of a symbol from the table. */
export const tableText = (name: string): string | undefined => symbolInfo(name)?.text;
