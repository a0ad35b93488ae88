import { shardFiles } from '../checkpoint/shard-index.js';
import { inBatches, mergeShards, SHARDS_AT_ONCE } from '../checkpoint/shard-merge.js';
import { UserError } from '../errors/user-error.js';
import { bytesText } from '../http/bounded-body.js';
import { parseJson } from '../json/parse-json.js';
import { limits } from '../limits.js';
import { type DroppedCheckpoint, readDroppedHeader } from './checkpoint-file.js';
import { readGgufFile } from './gguf-file.js';
import { shardSetName, shardSetProblem, someNames } from './shard-set.js';

/**
 * The checkpoint among the files the reader dropped or opened together, read from its headers, or
 * undefined when they hold none (a config or spec alone is used as if pasted). A `.gguf` file; or
 * `.safetensors` shards with their `*.index.json` if it came; the config is `config.json` (else the
 * one other JSON file), never the index. Other files (a tokenizer) are never read.
 */
export async function readDropped(
  files: readonly File[],
  keptText: (text: string, what: string) => string,
): Promise<DroppedCheckpoint | undefined> {
  const named = (pattern: RegExp) => files.filter((f) => pattern.test(f.name));
  const ggufs = named(/\.gguf$/i);
  const shards = named(/\.safetensors$/i);
  const index = named(/\.index\.json$/i)[0];
  const jsons = named(/\.json$/i).filter((f) => f !== index);
  const configFile =
    jsons.find((f) => f.name === 'config.json') ?? (jsons.length === 1 ? jsons[0] : undefined);
  if (!ggufs.length && !shards.length && !index) return undefined;
  if (ggufs.length && (shards.length || index))
    throw refused(
      `${someNames([...ggufs, ...shards].map((f) => f.name))}: drop a .gguf file or a safetensors checkpoint, not both`,
    );
  if (ggufs.length > 1)
    throw refused(`${someNames(ggufs.map((f) => f.name))}: drop one .gguf file at a time`);
  if (configFile && configFile.size > limits.hubFileBytes)
    throw refused(
      `${configFile.name} is ${bytesText(configFile.size)}, above the limit of ${bytesText(limits.hubFileBytes)} for a config`,
      'config',
    );
  // The headers first (the config is read once they are: a bad shard is said before it).
  const checkpoint = await (ggufs[0]
    ? readDroppedGguf(ggufs[0])
    : readDroppedShards(shards, index));
  if (!configFile) return checkpoint;
  const text = keptText(await configFile.text(), configFile.name);
  // A config dropped with a GGUF file is its config, as `--config` is: its sizes are set aside.
  const { metadataOnly: _sizes, ...rest } = checkpoint;
  return { ...rest, config: { name: configFile.name, text } };
}

/**
 * A GGUF file by its metadata and tensor infos, through the reader the CLI uses (gguf-file.ts:
 * in a worker, the library out of the page's first view). Its config is the metadata's: rebuilt
 * for llama, qwen2 and qwen3, else its sizes (then read as `tparams derive FILE.gguf` reads it).
 */
async function readDroppedGguf(file: File): Promise<DroppedCheckpoint> {
  const gguf = await readGgufFile(file);
  return {
    name: file.name,
    tensors: gguf.tensors,
    files: [file.name],
    config: {
      name: `${file.name} (GGUF metadata)`,
      text: JSON.stringify(gguf.config ?? gguf.sizes),
    },
    fromHeader: false,
    ...(gguf.config ? {} : { metadataOnly: true }),
  };
}

/**
 * Safetensors shards, each header read with `Blob.slice` a few at a time and merged into one map
 * as the CLI merges a folder's (shard-merge.ts), in the index's order, else by name. The set is
 * checked first (shard-set.ts): a missing or stray shard is refused before any header is read.
 */
async function readDroppedShards(
  shards: readonly File[],
  index: File | undefined,
): Promise<DroppedCheckpoint> {
  let indexed: string[] | undefined;
  if (index) {
    if (index.size > limits.indexBytes)
      throw refused(
        `${index.name} is ${bytesText(index.size)}, above the limit of ${bytesText(limits.indexBytes)} for an index`,
      );
    indexed = shardFiles(parseJson(await index.text(), index.name), index.name);
  } else if (shards.length > limits.shardFiles)
    throw refused(`${shards.length} shards dropped: at most ${limits.shardFiles} are read`);
  const names = shards.map((f) => f.name);
  const problem = shardSetProblem(names, index && indexed && { name: index.name, files: indexed });
  if (problem) throw refused(problem);
  const byName = new Map(shards.map((f) => [f.name, f]));
  const ordered = (indexed ?? [...names].sort()).map((name) => byName.get(name)!);
  const headers = await inBatches(ordered, SHARDS_AT_ONCE, async (file) => ({
    file: file.name,
    tensors: await readDroppedHeader(file, file.name),
  }));
  return {
    name: shardSetName(names, index?.name),
    tensors: mergeShards(headers),
    files: ordered.map((f) => f.name),
    fromHeader: false,
  };
}

const refused = (message: string, field = 'checkpoint') => new UserError(message, { field });
