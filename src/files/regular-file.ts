import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../errors/user-error.js';

/** What a path is when it is not a regular file, as the refusal names it. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens a file for reading only if it is a regular file, and says what it is otherwise. It is opened
 * non-blocking and checked on the descriptor, so a FIFO is refused instead of waiting for a writer
 * forever, and nothing can swap the file between the check and the read.
 */
export function openRegularFile(path: string, what: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'ENXIO'
          ? 'a socket, not a regular file'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new UserError(`cannot read ${what} ${path}: ${reason}`, { field: what, received: path });
  }
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    throw new UserError(
      `cannot read ${what} ${path}: it is ${kindOf(stats)}, expected a regular file`,
      { field: what, received: path, expected: 'a regular file' },
    );
  }
  return { fd, size: stats.size };
}

/** A whole regular file, refused past `maxBytes` before it is read (the bound is named in the message). */
export function readRegularFile(path: string, what: string, maxBytes: number): Buffer {
  const { fd, size } = openRegularFile(path, what);
  try {
    if (size > maxBytes)
      throw new UserError(
        `cannot read ${what} ${path}: it is ${size} bytes, above the limit of ${maxBytes}`,
        { field: what, received: size, expected: `at most ${maxBytes} bytes` },
      );
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
