/**
 * Old spellings of parameter names that transformers renames when it loads a checkpoint, as a
 * table: each rule turns a name the file holds into the name the model lists, and says so.
 */
interface LegacyNameRule {
  readonly pattern: RegExp;
  readonly replacement: string;
  /** What verify says when a checkpoint used the rule: `${count} ${said}`. */
  readonly said: string;
}

const rules: readonly LegacyNameRule[] = [
  // TensorFlow-era LayerNorm parameters.
  {
    pattern: /((?:LayerNorm|layer_norm)\.)gamma$/,
    replacement: '$1weight',
    said: 'LayerNorm.gamma/beta names read as weight/bias',
  },
  {
    pattern: /((?:LayerNorm|layer_norm)\.)beta$/,
    replacement: '$1bias',
    said: 'LayerNorm.gamma/beta names read as weight/bias',
  },
  // torch.nn.utils.weight_norm's names, before parametrizations.weight_norm (wav2vec 2.0's pos conv).
  {
    pattern: /\.weight_g$/,
    replacement: '.parametrizations.weight.original0',
    said: 'weight_g/weight_v names read as parametrizations.weight.original0/original1',
  },
  {
    pattern: /\.weight_v$/,
    replacement: '.parametrizations.weight.original1',
    said: 'weight_g/weight_v names read as parametrizations.weight.original0/original1',
  },
];

/** A checkpoint's name as the model lists it, and the rule that renamed it (if one did). */
export function currentName(name: string): { name: string; said?: string } {
  for (const rule of rules)
    if (rule.pattern.test(name))
      return { name: name.replace(rule.pattern, rule.replacement), said: rule.said };
  return { name };
}

/** What verify says about the renames of these names: `3 LayerNorm.gamma/beta names read as …, as transformers renames them`. */
export function renamesSaid(names: Iterable<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const n of names) {
    const said = currentName(n).said;
    if (said) counts.set(said, (counts.get(said) ?? 0) + 1);
  }
  if (!counts.size) return undefined;
  return [...counts]
    .map(([said, count]) => `${count} ${said}, as transformers renames them`)
    .join('; ');
}
