import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shardSetName, shardSetProblem, someNames } from '../../src/web/shard-set.js';

/** huggingface_hub's shard names (`split_state_dict_into_shards_factory`: `-{idx+1:05d}-of-{n:05d}`). */
const shard = (k: number, n: number) =>
  `model-${String(k).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.safetensors`;
const all = (n: number) => Array.from({ length: n }, (_, k) => shard(k + 1, n));

describe('a dropped set of shards', () => {
  it('whole, with or without its index: no problem, named by the index or the pattern', () => {
    expect(shardSetProblem(all(4))).toBeUndefined();
    expect(shardSetProblem(all(4), { name: 'model.safetensors.index.json', files: all(4) })).toBe(
      undefined,
    );
    expect(shardSetName(all(4))).toBe('model-*-of-00004.safetensors');
    expect(shardSetName(all(4), 'model.safetensors.index.json')).toBe(
      'model.safetensors.index.json',
    );
    expect(shardSetName(['model.safetensors'])).toBe('model.safetensors');
    expect(shardSetName(['b.safetensors', 'a.safetensors'])).toBe('a.safetensors and 1 more');
  });

  it('names what is missing, what the index does not name, and a file dropped twice', () => {
    const index = { name: 'model.safetensors.index.json', files: all(4) };
    expect(shardSetProblem(all(4).slice(0, 2), index)).toBe(
      'model.safetensors.index.json names 2 shards not dropped: model-00003-of-00004.safetensors and model-00004-of-00004.safetensors; drop every shard with it',
    );
    expect(shardSetProblem([...all(4), 'extra.safetensors'], index)).toBe(
      'extra.safetensors: not among the shards model.safetensors.index.json names; drop only its shards',
    );
    expect(shardSetProblem([shard(1, 3), shard(3, 3)])).toBe(
      '1 shard of the checkpoint missing: model-00002-of-00003.safetensors; drop every shard (and the index, if there is one)',
    );
    expect(shardSetProblem([shard(1, 2), shard(1, 2)])).toBe(
      'model-00001-of-00002.safetensors is dropped twice: drop each shard once',
    );
  });

  it('a hostile count (-of-99999) is said in one short line, without listing them all', () => {
    const problem = shardSetProblem([shard(1, 99_999)])!;
    expect(problem).toMatch(/^99,998 shards of the checkpoint missing: .* and 99,995 more; /);
    expect(problem.length).toBeLessThan(300);
  });

  it('any subset of a numbered set: a problem exactly when a shard is missing, which it names', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) => fc.tuple(fc.constant(n), fc.subarray(all(n), { minLength: 1 }))),
        ([n, dropped]) => {
          const problem = shardSetProblem(dropped);
          const missing = all(n).filter((s) => !dropped.includes(s));
          if (!missing.length) return problem === undefined;
          return problem?.includes(missing[0]!) === true;
        },
      ),
    );
  });

  it('lists at most three names, then how many more', () => {
    expect(someNames(['a'])).toBe('a');
    expect(someNames(['a', 'b', 'c'])).toBe('a, b and c');
    expect(someNames(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
});
