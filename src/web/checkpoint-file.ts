import {
  bad,
  headerLength,
  parseSafetensorsHeader,
  type TensorInfo,
} from '../checkpoint/safetensors-header.js';

/** A checkpoint the reader dropped: its headers' tensors, read in the page (never in the link). */
export interface DroppedCheckpoint {
  /** What the report calls the checkpoint: the file's name, or the shard set's (shard-set.ts). */
  readonly name: string;
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  /** The files its tensors came from: one `.safetensors` or `.gguf` file, or every shard. */
  readonly files: readonly string[];
  /**
   * Its config by name and text: the config.json dropped with it, or a GGUF file's metadata
   * (a config pasted later replaces it).
   */
  readonly config?: { readonly name: string; readonly text: string };
  /**
   * A GGUF file of an architecture no family rebuilds: its config is the metadata's sizes, and
   * the header is read whatever its model_type says (`tparams derive FILE.gguf`).
   */
  readonly metadataOnly?: boolean;
  /** Read the header even where a family knows the config's model_type (`--from-checkpoint`). */
  readonly fromHeader: boolean;
}

/**
 * The tensors a dropped `.safetensors` file's header lists: its first 8 bytes, then the header
 * they announce, each with `Blob.slice` — never the weights, which may be tens of GB. The length
 * is checked against the file's size and the format's 100 MB limit before the header is read.
 */
export async function readDroppedHeader(
  file: Blob,
  name: string,
): Promise<Map<string, TensorInfo>> {
  const prefix = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const length = headerLength(prefix, file.size, name);
  const header = new Uint8Array(await file.slice(8, 8 + length).arrayBuffer());
  if (header.length !== length) throw bad(name, 'the header is cut off');
  return parseSafetensorsHeader(header, name, BigInt(file.size - 8 - length));
}
