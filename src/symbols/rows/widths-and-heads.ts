import type { SymbolRow } from '../symbol-row.js';

/**
 * The widths (`d_model`, `d_ff`, …), then the head layout (`n_h`, `d_h`, …), in the order closed
 * forms write them (`d_model·n_h·d_h`).
 */
export const widthAndHeadRows: readonly SymbolRow[] = [
  {
    name: 'd_model',
    class: 'width',
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
    meaning: 'width of the text tower',
    fields: ['text_config.hidden_size'],
  },
  {
    name: 'd_vis',
    class: 'width',
    meaning: 'width of the vision tower',
    fields: ['vision_config.hidden_size'],
  },
  {
    name: 'd_proj',
    class: 'width',
    meaning: 'width of the shared embedding space',
    fields: ['projection_dim', 'projection_size'],
  },
  {
    name: 'd_ff',
    class: 'width',
    meaning: 'feed-forward inner size',
    fields: ['intermediate_size', 'dim_feedforward', 'd_ff', 'ffn_dim', 'n_inner'],
  },
  {
    name: 'f_text',
    class: 'width',
    meaning: 'feed-forward inner size of the text tower',
    fields: ['text_config.intermediate_size'],
  },
  {
    name: 'f_vis',
    class: 'width',
    meaning: 'feed-forward inner size of the vision tower',
    fields: ['vision_config.intermediate_size'],
  },
  {
    name: 'd_ff_dec',
    class: 'width',
    tex: 'd_{\\text{ff,dec}}',
    meaning: 'feed-forward inner size of the decoder',
    fields: ['decoder_ffn_dim'],
  },
  {
    name: 'd_moe',
    class: 'width',
    meaning: 'feed-forward inner size of one expert',
    fields: ['moe_intermediate_size'],
  },
  {
    name: 'd_shared',
    class: 'width',
    meaning: 'feed-forward inner size of the shared expert',
    fields: ['shared_expert_intermediate_size'],
  },
  {
    name: 'd_emb',
    class: 'width',
    meaning: 'width of the token embeddings, projected to the model width',
    fields: ['embedding_size', 'word_embed_proj_dim'],
  },
  {
    name: 'd_in',
    class: 'width',
    meaning: 'input features of a linear layer',
    fields: ['in_features'],
  },
  {
    name: 'd_out',
    class: 'width',
    meaning: 'output features of a linear layer',
    fields: ['out_features'],
  },
  { name: 'd_k', class: 'width', meaning: 'width of the keys fed to attention', fields: ['kdim'] },
  {
    name: 'C_in',
    class: 'width',
    meaning: 'input channels of a convolution',
    fields: ['in_channels', 'num_channels'],
  },
  {
    name: 'C_out',
    class: 'width',
    meaning: 'output channels of a convolution',
    fields: ['out_channels'],
  },
  {
    name: 'C_g',
    class: 'width',
    meaning: 'input channels per group (in_channels / groups)',
    fields: [],
  },
  {
    name: 'p',
    class: 'width',
    meaning: 'patch size (the side of a square patch)',
    fields: ['patch_size'],
  },
  {
    name: 's_enc',
    class: 'width',
    meaning: 'encoder stride of the pixel decoder',
    fields: ['encoder_stride'],
  },
  {
    name: 'n_mel',
    class: 'width',
    meaning: 'mel-spectrogram channels fed to the encoder',
    fields: ['num_mel_bins'],
  },
  { name: 'k', class: 'width', meaning: 'kernel size of a convolution', fields: ['kernel_size'] },
  {
    name: 'd_v',
    class: 'width',
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
    meaning: 'number of attention heads',
    fields: ['num_attention_heads', 'num_heads', 'nhead', 'n_head'],
  },
  {
    name: 'n_kv',
    class: 'head',
    meaning: 'number of key/value heads',
    fields: ['num_key_value_heads'],
  },
  {
    name: 'd_h',
    class: 'head',
    meaning: 'width of one attention head',
    fields: ['head_dim', 'd_kv'],
  },
  {
    name: 'r_q',
    class: 'head',
    meaning: 'rank of the compressed queries (MLA)',
    fields: ['q_lora_rank'],
  },
  {
    name: 'r_kv',
    class: 'head',
    meaning: 'rank of the compressed keys and values (MLA)',
    fields: ['kv_lora_rank'],
  },
  {
    name: 'r_ad',
    class: 'head',
    meaning: "rank of the shared blocks' per-use LoRA adapters (Zamba2)",
    fields: ['adapter_rank'],
  },
  {
    name: 'd_nope',
    class: 'head',
    meaning: 'query/key head width without rotary (MLA)',
    fields: ['qk_nope_head_dim'],
  },
  {
    name: 'd_rope',
    class: 'head',
    meaning: 'query/key head width with rotary (MLA)',
    fields: ['qk_rope_head_dim'],
  },
  {
    name: 'd_vh',
    class: 'head',
    tex: 'd_{\\text{v}}',
    meaning: 'value head width (MLA)',
    fields: ['v_head_dim'],
  },
  // State-space mixers (Mamba, Mamba-2 and the hybrids on them): d_inner channels scanned, each
  // remembering d_state numbers.
  {
    name: 'd_inner',
    class: 'width',
    meaning: "channels of a Mamba mixer's scan: expand·d_model unless set",
    fields: ['intermediate_size', 'mamba_expand', 'expand'],
  },
  {
    name: 'd_state',
    class: 'width',
    meaning: 'state size of a selective scan: what each channel (or head) remembers',
    fields: ['state_size', 'mamba_d_state'],
  },
  {
    name: 'r_dt',
    class: 'width',
    meaning: "rank of Mamba's time-step (Δ) projection: ⌈d_model/16⌉ when auto",
    fields: ['time_step_rank', 'mamba_dt_rank'],
  },
  {
    name: 'k_conv',
    class: 'width',
    meaning: "kernel of a mixer's causal depthwise convolution",
    fields: ['conv_kernel', 'mamba_d_conv'],
  },
  {
    name: 'n_ssm',
    class: 'head',
    meaning: 'heads of a Mamba-2 mixer (each its own A, D and Δ bias)',
    fields: ['num_heads', 'mamba_n_heads'],
  },
  {
    name: 'n_g',
    class: 'head',
    meaning: 'groups of heads that share their B and C in a Mamba-2 mixer',
    fields: ['n_groups', 'mamba_n_groups'],
  },
  {
    name: 'd_ssm',
    class: 'head',
    meaning:
      'width of a Mamba-2 head: its slice of d_inner (the scan state is n_ssm·d_ssm·d_state)',
    fields: ['head_dim', 'mamba_d_head'],
  },
];
