/**
 * "Did you mean …": the known names nearest a mistyped one, for every error about an unknown name
 * (a preset, a component, a module, a class, a parameter, a config field, a model_type).
 */

/** How far a name may be from the typed one and still be suggested: a third of its length, at least 1. */
const maxDistance = (typed: string) => Math.max(1, Math.floor(typed.length / 3));

/** Edit distance with transpositions (optimal string alignment): `mixtrla` is 1 from `mixtral`. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known names nearest `typed` (case-insensitive), best first, at most `limit`: those it begins
 * (`mixtral` → `mixtral-8x7b`), shortest first, then those within a few edits (`d_modle` → `d_model`).
 */
export function nearestNames(typed: string, names: readonly string[], limit = 3): string[] {
  const wanted = typed.toLowerCase();
  if (!wanted) return [];
  const unique = [...new Set(names)];
  const prefixed = unique
    .filter((n) => n.toLowerCase().startsWith(wanted) && n.toLowerCase() !== wanted)
    .sort((a, b) => a.length - b.length);
  const close = unique
    .map((name) => ({ name, distance: editDistance(wanted, name.toLowerCase()) }))
    .filter(({ name, distance }) => distance <= maxDistance(wanted) && !prefixed.includes(name))
    .sort((a, b) => a.distance - b.distance || codeOrder(a.name, b.name))
    .map(({ name }) => name);
  return [...prefixed, ...close].slice(0, limit);
}

/** `did you mean mixtral-8x7b?` (or `a, b or c`), or '' when nothing is near. */
export function didYouMean(typed: string, names: readonly string[]): string {
  const near = nearestNames(typed, names);
  if (!near.length) return '';
  return `did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near.at(-1)}`}?`;
}

/**
 * Names by their code units: for the order of suggestions equally near. Not `localeCompare`, whose
 * first call loads ICU's collation data (73 M instructions, almost a bare Node start) for a typo.
 */
const codeOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
