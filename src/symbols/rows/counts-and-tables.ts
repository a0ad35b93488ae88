import type { SymbolRow } from '../symbol-row.js';

/**
 * The counts (`L`, `E`, `k_top`, …) and the table rows (`V`, `P`, …), in the order closed forms write
 * them: counts first (`12·L·d²`, as the literature writes it), then table rows (`V·d_model`: rows ×
 * width, as the embedding is declared).
 */
export const countAndTableRows: readonly SymbolRow[] = [
  {
    name: 'L',
    class: 'count',
    meaning: 'number of layers',
    fields: ['num_hidden_layers', 'num_layers', 'n_layer'],
  },
  {
    name: 'L_enc',
    class: 'count',
    meaning: 'number of encoder layers',
    fields: ['num_encoder_layers'],
  },
  {
    name: 'L_dec',
    class: 'count',
    meaning: 'number of decoder layers',
    fields: ['num_decoder_layers'],
  },
  {
    name: 'L_text',
    class: 'count',
    meaning: 'layers of the text tower',
    fields: ['text_config.num_hidden_layers'],
  },
  {
    name: 'L_vis',
    class: 'count',
    meaning: 'layers of the vision tower',
    fields: ['vision_config.num_hidden_layers'],
  },
  {
    name: 'L_aud',
    class: 'count',
    meaning: 'layers of the audio tower',
    fields: ['audio_config.num_hidden_layers'],
  },
  {
    name: 'n_feat',
    class: 'count',
    meaning: 'vision feature layers the projector concatenates',
    fields: ['vision_feature_layer'],
  },
  {
    name: 'm_merge',
    class: 'count',
    meaning: 'side of the patch block the patch merger folds into one (m × m patches)',
    fields: ['spatial_merge_size'],
  },
  {
    name: 's_scale',
    class: 'count',
    meaning: 'side of the patch block the pixel shuffle folds into one token (s × s patches)',
    fields: ['scale_factor'],
  },
  {
    name: 'r_down',
    class: 'count',
    meaning: 'side of the patch block the pixel shuffle folds into one: int(1 / downsample_ratio)',
    fields: ['downsample_ratio'],
  },
  {
    name: 'n_groups',
    class: 'count',
    meaning: 'groups of layers with their own weights (ALBERT)',
    fields: ['num_hidden_groups'],
  },
  {
    name: 'n_inner',
    class: 'count',
    meaning: 'layers stored in each group (ALBERT)',
    fields: ['inner_group_num'],
  },
  {
    name: 'L_local',
    class: 'count',
    meaning: 'layers that attend through a sliding window',
    fields: ['layer_types'],
  },
  {
    name: 'L_global',
    class: 'count',
    meaning: 'layers that attend to the whole context',
    fields: ['layer_types'],
  },
  {
    name: 'L_dense',
    class: 'count',
    meaning: 'number of dense (non-MoE) layers',
    fields: ['first_k_dense_replace'],
  },
  { name: 'L_moe', class: 'count', meaning: 'number of mixture-of-experts layers', fields: [] },
  {
    name: 'L_attn',
    class: 'count',
    meaning: 'layers that attend (in a stack whose other layers mix otherwise)',
    fields: ['layer_types'],
  },
  {
    name: 'L_lin',
    class: 'count',
    meaning: 'linear-attention layers (Gated DeltaNet, lightning attention)',
    fields: ['layer_types'],
  },
  {
    name: 'L_lin_dense',
    class: 'count',
    meaning: 'linear-attention layers with a dense feed-forward among MoE layers (Qwen3-Next)',
    fields: ['mlp_only_layers'],
  },
  {
    name: 'L_attn_dense',
    class: 'count',
    meaning: 'attention layers with a dense feed-forward among MoE layers (Qwen3-Next)',
    fields: ['mlp_only_layers'],
  },
  {
    name: 'L_ssm',
    class: 'count',
    meaning: 'state-space (Mamba) layers',
    fields: ['layer_types'],
  },
  {
    name: 'L_attn_moe',
    class: 'count',
    meaning: 'attention layers whose feed-forward is a mixture of experts (Jamba)',
    fields: ['attn_layer_period', 'expert_layer_period'],
  },
  {
    name: 'L_ssm_moe',
    class: 'count',
    meaning: 'state-space (Mamba) layers whose feed-forward is a mixture of experts (Jamba)',
    fields: ['attn_layer_period', 'expert_layer_period'],
  },
  {
    name: 'L_conv',
    class: 'count',
    meaning: 'short-convolution layers (LFM2)',
    fields: ['layer_types'],
  },
  {
    name: 'E',
    class: 'count',
    meaning: 'number of routed experts',
    fields: ['num_local_experts', 'n_routed_experts', 'num_experts'],
  },
  {
    name: 'k_top',
    class: 'count',
    meaning: 'routed experts each token passes through',
    fields: ['num_experts_per_tok'],
  },
  {
    name: 'n_shared',
    class: 'count',
    meaning: 'number of shared experts',
    fields: ['n_shared_experts'],
  },
  {
    name: 'V',
    class: 'vocabulary',
    meaning: 'vocabulary size',
    fields: ['vocab_size', 'num_embeddings'],
  },
  {
    name: 'V_dec',
    class: 'vocabulary',
    meaning: 'vocabulary of the decoder',
    fields: ['decoder_vocab_size'],
  },
  {
    name: 'n_grp',
    class: 'vocabulary',
    meaning:
      'quantization groups (or blocks) that carry their own scale: Σ out·⌈in/g⌉ over the quantized matrices',
    fields: ['--group-size'],
  },
  {
    name: 'n_blk',
    class: 'vocabulary',
    meaning: 'NF4 blocks of 64 weights, each with an 8-bit scale (QLoRA): Σ ⌈numel/64⌉',
    fields: ['--qlora'],
  },
  {
    name: 'n_blk2',
    class: 'vocabulary',
    meaning:
      "blocks of 256 NF4 scales, each with a 32-bit scale of its own (QLoRA's double quantization)",
    fields: ['--qlora'],
  },
  {
    name: 'n_ctx',
    class: 'vocabulary',
    meaning: 'tokens of context attended to',
    fields: ['--context'],
  },
  {
    name: 'n_img',
    class: 'vocabulary',
    meaning: 'tokens one image puts through the vision tower (its patches, and a class token)',
    fields: ['vision_config.image_size'],
  },
  {
    name: 'n_win',
    class: 'vocabulary',
    meaning: 'tokens a sliding-window layer keeps: min(n_ctx, window)',
    fields: ['sliding_window'],
  },
  {
    name: 'n_src',
    class: 'vocabulary',
    meaning: 'encoder tokens a cross-attention layer caches',
    fields: ['--source'],
  },
  {
    name: 'b',
    class: 'count',
    meaning: 'micro-batch: sequences a GPU trains on at once',
    fields: ['--batch'],
  },
  {
    name: 't',
    class: 'count',
    meaning: 'tensor-parallel degree: GPUs a layer is split over',
    fields: ['--tp'],
  },
  { name: 'N_d', class: 'count', meaning: 'data-parallel degree: GPUs / t', fields: ['--gpus'] },
  { name: 's', class: 'vocabulary', meaning: 'sequence length in training', fields: ['--context'] },
  {
    name: 'P_tp',
    class: 'vocabulary',
    meaning:
      "parameters a GPU holds: its pipeline stage, and its share of each tensor split over t (Megatron-LM's layout)",
    fields: [],
  },
  {
    name: 'P_shard',
    class: 'vocabulary',
    meaning: 'parameters in one ZeRO partition: ⌈P / N_d⌉',
    fields: [],
  },
  {
    name: 'S_shard',
    class: 'vocabulary',
    meaning: "Adafactor's factored statistics in one partition",
    fields: [],
  },
  { name: 'B', class: 'count', meaning: 'sequences in a batch', fields: ['--batch'] },
  { name: 'D', class: 'vocabulary', meaning: 'training tokens', fields: ['--tokens'] },
  {
    name: 'P',
    class: 'vocabulary',
    meaning: 'number of learned positions',
    fields: ['max_position_embeddings', 'n_positions'],
  },
  {
    name: 'n_patch',
    class: 'vocabulary',
    meaning: 'image patches: (image_size / patch_size)²',
    fields: ['image_size'],
  },
  {
    name: 'P_src',
    class: 'vocabulary',
    meaning: 'encoder positions (audio frames after the convolutions)',
    fields: ['max_source_positions'],
  },
  {
    name: 'P_rel',
    class: 'vocabulary',
    meaning: 'largest relative distance (the table has 2·P_rel rows)',
    fields: ['max_relative_positions'],
  },
  {
    name: 'n_type',
    class: 'vocabulary',
    meaning: 'token types (segments)',
    fields: ['type_vocab_size'],
  },
  {
    name: 'n_bkt',
    class: 'vocabulary',
    meaning: 'relative-position buckets',
    fields: ['relative_attention_num_buckets', 'position_buckets'],
  },
  {
    name: 'n_labels',
    class: 'vocabulary',
    meaning: 'output classes of a classification head',
    fields: ['num_labels'],
  },
];
