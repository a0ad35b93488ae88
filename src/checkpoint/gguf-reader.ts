import { UserError } from '../errors/user-error.js';
import type { RawConfig } from '../models/config/config-fields.js';
import type { ByteSource } from './byte-source.js';
import { GGUF_FIXED_BYTES, GGUF_READER_LIMIT, leastHeaderBytes } from './gguf-bounds.js';
import { llamaNames, rebuiltArchitecture, rebuiltConfig } from './gguf-names.js';
import { ggufSizes } from './gguf-sizes.js';
import { ggufTensorBytes } from './gguf-types.js';
import type { TensorInfo } from './safetensors-header.js';

/** A GGUF file's tensors and what its metadata says of the model. */
export interface GgufCheckpoint {
  readonly tensors: Map<string, TensorInfo>;
  /** The config the metadata describes, for the architectures rebuilt here (gguf-names.ts). */
  readonly config?: RawConfig;
  /** The metadata's sizes under config.json's names, for any architecture (what names a header derivation's dimensions). */
  readonly sizes: RawConfig;
  /** Whether every tensor name was mapped to its transformers name. */
  readonly namesMapped: boolean;
  readonly architecture: string;
}

/**
 * A GGUF file (llama.cpp) by its metadata and tensor infos, read with @huggingface/gguf from any
 * byte source (the CLI's open file, the web page's dropped File): shapes turned from ggml's
 * innermost-first order into PyTorch's, names mapped to transformers' for Llama-shaped
 * architectures, and their config rebuilt. `where` names the file in errors. The library reads
 * the header in chunks of 2 MB: the header and at most a chunk past it, never the weights.
 */
export async function readGgufSource(source: ByteSource, where: string): Promise<GgufCheckpoint> {
  const { gguf, GGMLQuantizationType } = await import('@huggingface/gguf');
  const { size } = source;
  const truncated = (needed: string) =>
    new UserError(
      `${where} is a truncated GGUF file: its header needs ${needed}, the file has ${size} bytes`,
      { field: 'checkpoint', received: where },
    );
  const notGguf = (why: string) =>
    new UserError(`${where} is not a GGUF file: ${why}`, { field: 'checkpoint', received: where });
  // Counts within the library's bounds but beyond the file's size would have it read zeros past the end.
  const least = leastHeaderBytes(await source.read(0, GGUF_FIXED_BYTES));
  if (least !== undefined && least > BigInt(size))
    throw truncated(`at least ${least} bytes for its counts`);
  let parsed: Awaited<ReturnType<typeof gguf>>;
  try {
    // The library reads ranges through `fetch`: answered from the source, never sent. (In Node
    // it takes only an http(s) address with a custom fetch; `.invalid` names no host.)
    parsed = await gguf(`https://gguf.invalid/${encodeURIComponent(where)}`, {
      fetch: rangesOf(source),
    });
  } catch (error) {
    if (error instanceof UserError) throw error;
    // The library reads past its buffer as a RangeError: past the file's end, or past its own 50 MB.
    if (error instanceof RangeError)
      throw size < GGUF_READER_LIMIT
        ? truncated('more')
        : notGguf(
            `its header is larger than the ${GGUF_READER_LIMIT} bytes @huggingface/gguf reads`,
          );
    throw notGguf((error as Error).message);
  }
  // The library reads zeros past the end of the file without an error (a cut-off string ends early): where its header ends tells.
  const headerEnd = parsed.tensorInfoByteRange[1];
  if (headerEnd > size) throw truncated(`${headerEnd} bytes`);
  const metadata = parsed.metadata as Record<string, unknown>;
  const arch = String(metadata['general.architecture'] ?? '');
  const known = rebuiltArchitecture(arch);
  const tensors = new Map<string, TensorInfo>();
  let namesMapped = known !== undefined;
  for (const info of parsed.tensorInfos) {
    const dtype = GGMLQuantizationType[info.dtype] ?? String(info.dtype);
    const shape = [...info.shape].reverse();
    const rule = known ? llamaNames.find(([pattern]) => pattern.test(info.name)) : undefined;
    // rope_freqs (a buffer llama.cpp stores) keeps its name; verify sets it apart.
    if (known && !rule && info.name !== 'rope_freqs.weight') namesMapped = false;
    const bytes = ggufTensorBytes(dtype, shape);
    tensors.set(rule ? info.name.replace(rule[0], rule[1]) : info.name, {
      dtype,
      shape,
      ...(bytes !== undefined ? { bytes } : {}),
    });
  }
  const config = known ? rebuiltConfig(arch, known, metadata, tensors) : undefined;
  const tokens = metadata['tokenizer.ggml.tokens'];
  const sizes = ggufSizes(arch, metadata, Array.isArray(tokens) ? tokens.length : undefined);
  return { tensors, namesMapped, architecture: arch, sizes, ...(config ? { config } : {}) };
}

/**
 * A `fetch` that answers the library's range requests (`Range: bytes=a-b`) from the source, as a
 * server would: 206 with the bytes the file has there and its size in `Content-Range`. A range
 * past the end (the library reads ahead) is answered with no bytes.
 */
function rangesOf(source: ByteSource): typeof fetch {
  return (async (_url: unknown, init?: { headers?: Record<string, string> }) => {
    const asked = /^bytes=(\d+)-(\d+)$/.exec(init?.headers?.Range ?? '');
    if (!asked) throw new Error(`expected a byte range, got ${init?.headers?.Range}`);
    const start = Number(asked[1]);
    const end = Math.min(Number(asked[2]) + 1, source.size);
    const bytes = start < end ? await source.read(start, end) : new Uint8Array(new ArrayBuffer(0));
    const range =
      start < end ? `bytes ${start}-${end - 1}/${source.size}` : `bytes */${source.size}`;
    return new Response(bytes, { status: 206, headers: { 'content-range': range } });
  }) as typeof fetch;
}
