/**
 * How big a user's input may be, as data: one table the README prints. Each bound is far above
 * any real model (the deepest spec we ship nests 5 levels; DeepSeek-V3's formulas have degree 4)
 * and low enough that no input can hang the tool or overflow its stack. Every limit is reported
 * with the field, the value and the limit, and exit 2.
 */
export const limits = {
  /** Characters in one formula of a spec file (`"n_h*d_h"`). */
  formulaLength: 500,
  /** Nesting of one formula's operations and parentheses. */
  formulaDepth: 32,
  /** An exponent in a formula (`d^2`). */
  exponent: 16,
  /** The degree of a formula's polynomial once expanded (`(d + 1)^4 · f` has degree 5). */
  degree: 32,
  /** Terms a formula may expand to, at most (`(a + b + c)^2` can have 6). */
  terms: 100,
  /** Terms a whole model's count may expand to (the largest preset's, DeepSeek-V3's and all, is at most 56). */
  modelTerms: 1_000,
  /** Nesting of a spec file's JSON (groups inside repeats inside groups …). */
  specDepth: 64,
  /** Modules in one spec file, all levels counted. */
  specModules: 10_000,
  /** Bytes of a note `tparams render` reads: a long note is a few hundred kilobytes. */
  noteBytes: 16 * 1024 * 1024,
  /** Blocks a note may hold: each is a derivation, and a note of this many renders in seconds. */
  noteBlocks: 1000,
  /** Bytes of a JSON file named on the command line (`--config`, `--spec`): real ones are kilobytes. */
  jsonFileBytes: 64 * 1024 * 1024,
  /** Bytes of a file read from the Hub or a mirror (`config.json`): far above any real config, which is kilobytes. */
  hubFileBytes: 8 * 1024 * 1024,
  /** Bytes of a `model.safetensors.index.json`, local or from a server (DeepSeek-V3's, 92,000 tensors, is about 9 MB). */
  indexBytes: 64 * 1024 * 1024,
  /** Shard files one index may name (DeepSeek-V3's names 163): each costs two requests remotely. */
  shardFiles: 10_000,
  /** Layers of a stack whose layers differ, read one by one (Qwen3-Next has 48, the deepest model a few hundred). */
  listedLayers: 100_000,
  /** Digits of a count given on the command line (`--context 1e400` has 401): `1e999999999` would take minutes to build. */
  countDigits: 1_000,
} as const;

export type LimitName = keyof typeof limits;
