/**
 * What a set of dropped safetensors shards must be before their headers are read: each file once,
 * every shard the index names and no other, or — without an index — every shard the names count.
 * The names are huggingface_hub's (`split_state_dict_into_shards_factory`:
 * `model-00001-of-00004.safetensors`, the suffix `-{idx+1:05d}-of-{nb_shards:05d}`).
 */
const shardName = /^(.*)-(\d{5})-of-(\d{5})\.safetensors$/;

/** Names to show in one line: up to three, then how many more of `total`. */
export function someNames(names: readonly string[], total = names.length): string {
  const shown = names.slice(0, 3);
  if (total > shown.length)
    return `${shown.join(', ')} and ${(total - shown.length).toLocaleString('en-US')} more`;
  return shown.length < 2
    ? (shown[0] ?? '')
    : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** The shards a dropped index names: its file name and its `weight_map`'s files. */
export interface DroppedIndex {
  readonly name: string;
  readonly files: readonly string[];
}

/** What is wrong with the dropped shards, as one sentence, or undefined when they make one checkpoint. */
export function shardSetProblem(
  dropped: readonly string[],
  index?: DroppedIndex,
): string | undefined {
  const seen = new Set<string>();
  for (const name of dropped) {
    if (seen.has(name)) return `${name} is dropped twice: drop each shard once`;
    seen.add(name);
  }
  if (index) {
    const missing = index.files.filter((f) => !seen.has(f));
    if (missing.length)
      return `${index.name} names ${shards(missing.length)} not dropped: ${someNames(missing)}; drop every shard with it`;
    const named = new Set(index.files);
    const extra = dropped.filter((f) => !named.has(f));
    if (extra.length)
      return `${someNames(extra)}: not among the shards ${index.name} names; drop only its shards`;
    return undefined;
  }
  let absent = 0;
  const first: string[] = [];
  for (const set of numberedSets(dropped).values()) {
    absent += set.absent;
    first.push(...set.firstAbsent);
  }
  if (absent)
    return `${shards(absent)} of the checkpoint missing: ${someNames(first, absent)}; drop every shard (and the index, if there is one)`;
  return undefined;
}

/**
 * The name the report gives a set of shards: the index's, a single file's, or the numbered set's
 * as a pattern (`model-*-of-00004.safetensors`), else the first file's and how many more.
 */
export function shardSetName(dropped: readonly string[], indexName?: string): string {
  if (indexName) return indexName;
  const sorted = [...dropped].sort();
  if (sorted.length === 1) return sorted[0]!;
  const sets = [...numberedSets(sorted)];
  if (sets.length === 1 && sets[0]![1].dropped === sorted.length) return sets[0]![0];
  return `${sorted[0]} and ${(sorted.length - 1).toLocaleString('en-US')} more`;
}

const shards = (n: number) => `${n.toLocaleString('en-US')} shard${n === 1 ? '' : 's'}`;

/** A numbered set of shards among the dropped: how many were dropped, how many are absent, the first few absent. */
interface NumberedSet {
  readonly dropped: number;
  readonly absent: number;
  readonly firstAbsent: readonly string[];
}

/** The numbered shards among the names, by pattern (`model-*-of-00004.safetensors`). */
function numberedSets(names: readonly string[]): Map<string, NumberedSet> {
  const found = new Map<string, { prefix: string; total: string; have: Set<number> }>();
  for (const name of names) {
    const match = shardName.exec(name);
    if (!match) continue;
    const [, prefix = '', at = '', total = ''] = match;
    const key = `${prefix}-*-of-${total}.safetensors`;
    const set = found.get(key) ?? { prefix, total, have: new Set<number>() };
    set.have.add(Number(at));
    found.set(key, set);
  }
  const sets = new Map<string, NumberedSet>();
  for (const [key, { prefix, total, have }] of found) {
    const n = Number(total);
    const firstAbsent: string[] = [];
    // (the first few are enough to say: a hostile `-of-99999` makes no 99,999 strings)
    for (let k = 1; k <= n && firstAbsent.length < 3; k++)
      if (!have.has(k))
        firstAbsent.push(`${prefix}-${String(k).padStart(5, '0')}-of-${total}.safetensors`);
    const inRange = [...have].filter((k) => k >= 1 && k <= n).length;
    sets.set(key, { dropped: have.size, absent: n - inRange, firstAbsent });
  }
  return sets;
}
