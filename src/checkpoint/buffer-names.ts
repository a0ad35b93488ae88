/**
 * Names in a checkpoint that are buffers, not parameters: causal masks, rotary frequencies,
 * position ids, batch-norm statistics, routers' correction biases. `verify` sets them apart from
 * the comparison, and a derivation read from a header leaves them out of the count.
 */
export const bufferPatterns: readonly RegExp[] = [
  /\.(attn|attention)\.(masked_)?bias$/,
  /rotary_emb\.inv_freq$/,
  /\.(running_mean|running_var|num_batches_tracked)$/,
  /\.relative_position_index$/,
  /(^|\.)position_ids$/,
  /^rope_freqs\.weight$/,
  /\.gate\.e_score_correction_bias$/,
  /\.layers\.\d+\.layer_scalar$/, // Gemma 4's persistent buffer, one a layer
  /\.(input|output)_(min|max)$/, // Gemma 4's clipped linears' bounds
];

/**
 * Whether a name is a buffer's: the patterns as one expression, so a header of 74,391 names is
 * matched once a name, not nine times; and a name ending `.weight`, as most do, only against the
 * one pattern that ends so (a test checks that no other does), since the expression tries every
 * position of a name before it fails.
 */
export const isBufferName: (name: string) => boolean = (() => {
  const any = new RegExp(bufferPatterns.map((p) => `(?:${p.source})`).join('|'));
  return (name) => (name.endsWith('.weight') ? name === weightBuffer : any.test(name));
})();

/** The one buffer whose name ends `.weight` (llama.cpp's rotary frequencies). */
export const weightBuffer = 'rope_freqs.weight';
