import { UserError } from '../errors/user-error.js';

/**
 * A file read by byte ranges, never whole: a file the reader dropped on the web page (a Blob) or
 * one the CLI opened (a descriptor), so one reader of headers serves both.
 */
export interface ByteSource {
  /** The file's size in bytes. */
  readonly size: number;
  /** The bytes from `start` up to (not including) `end`; fewer where the file ends first. */
  read(start: number, end: number): Promise<Uint8Array<ArrayBuffer>>;
}

/** A Blob (a dropped File) as a byte source: each range is one `Blob.slice`. */
export function blobSource(blob: Blob, name: string): ByteSource {
  return {
    size: blob.size,
    read: async (start, end) => {
      try {
        return new Uint8Array(await blob.slice(start, end).arrayBuffer());
      } catch (error) {
        // (a file moved or changed on disk since it was dropped cannot be read any more)
        throw new UserError(`cannot read ${name}: ${(error as Error).message}`, {
          field: 'checkpoint',
          received: name,
        });
      }
    },
  };
}
