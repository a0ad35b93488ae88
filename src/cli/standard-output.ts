import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** Something to wait on for a millisecond, without a busy loop. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `bytes` to an open descriptor, synchronously. A full non-blocking pipe or FIFO
 * (EAGAIN) is waited on a millisecond at a time, for its reader.
 */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/** A reader that stops early (`tparams … | head`) is not an error: the process ends quietly. */
function endedByReader(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
  throw error;
}

/**
 * Writes a command's whole output to standard output at once, without `process.stdout`: making
 * that stream (a socket, on a pipe) costs 14 M instructions, a thirtieth of bare Node's start, to
 * write one string.
 */
export function writeStandardOutput(text: string): void {
  try {
    writeAllSync(1, Buffer.from(text));
  } catch (error) {
    endedByReader(error);
  }
}

/** Standard output as a stream, for output written as it is made (a sweep's rows). */
export function standardOutputStream(): Writable {
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', endedByReader);
  return process.stdout;
}
