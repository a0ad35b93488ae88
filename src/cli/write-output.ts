import {
  chmodSync,
  closeSync,
  constants,
  createWriteStream,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { UserError } from '../errors/user-error.js';
import { standardOutputStream, writeAllSync, writeStandardOutput } from './standard-output.js';

/**
 * Where `-o PATH` puts the output, decided before anything is written:
 * - a new path or a regular file: a temporary file beside it, renamed into place when complete
 *   (a reader never sees half a document; a failure leaves the earlier file as it was), keeping the
 *   file's permissions;
 * - a symbolic link: the same for the file it points to, so the link stays a link (a link to
 *   something missing is refused: writing through it would create a file somewhere else);
 * - this process's standard output or error (`/dev/stdout`, `/dev/fd/2`): written to it, whatever it is;
 * - a FIFO or a character device (`/dev/null`, `/dev/stdout` on a terminal or a pipe): written into,
 *   never renamed over — as root, a rename replaced `/dev/null` itself;
 * - a directory, a block device or a socket: refused.
 */
type OutputPlan =
  | { readonly kind: 'replace'; readonly path: string; readonly mode?: number }
  | { readonly kind: 'into'; readonly path: string; readonly fifo: boolean }
  /** The path is this process's own standard output or error (`/dev/stdout`, whatever it is: a pipe, a socket, a file). */
  | { readonly kind: 'standard'; readonly fd: 1 | 2 };

/** The rules for what an existing path is, as a table: how to write it, or why not. */
const byType: ReadonlyArray<{
  readonly is: (s: Stats) => boolean;
  readonly plan: 'replace' | 'into' | string;
}> = [
  { is: (s) => s.isFile(), plan: 'replace' },
  { is: (s) => s.isFIFO() || s.isCharacterDevice(), plan: 'into' },
  { is: (s) => s.isDirectory(), plan: 'is a directory' },
  {
    is: (s) => s.isBlockDevice(),
    plan: 'is a block device: expected a file, a FIFO or a character device such as /dev/null',
  },
  {
    is: (s) => s.isSocket(),
    plan: 'is a socket: expected a file, a FIFO or a character device such as /dev/null',
  },
];

const cannotWrite = (path: string, reason: string) =>
  new UserError(`-o ${path}: cannot write: ${reason}`, { field: '--output', received: path });

/** What the operating system's refusal means, in words. */
function reasonOf(error: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ENOENT: 'no such directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EROFS: 'a read-only file system',
    ENOSPC: 'no space left on the device',
    ELOOP: 'too many symbolic links',
  };
  return (
    (error.code !== undefined && Object.hasOwn(words, error.code)
      ? words[error.code]
      : undefined) ?? error.message
  );
}

function planOutput(path: string): OutputPlan {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'replace', path };
    throw cannotWrite(path, reasonOf(error as NodeJS.ErrnoException));
  }
  let stats = link;
  if (link.isSymbolicLink()) {
    try {
      stats = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw cannotWrite(
        path,
        code === 'ENOENT'
          ? 'a symbolic link to something missing: expected it to point to a file'
          : reasonOf(error as NodeJS.ErrnoException),
      );
    }
  }
  const standard = ([1, 2] as const).find((fd) => sameFile(stats, fd));
  if (standard) return { kind: 'standard', fd: standard };
  const rule = byType.find((r) => r.is(stats));
  if (!rule || (rule.plan !== 'replace' && rule.plan !== 'into'))
    throw cannotWrite(path, rule?.plan ?? 'not a file');
  if (rule.plan === 'into' || openStream(path, link))
    return { kind: 'into', path, fifo: stats.isFIFO() };
  return {
    kind: 'replace',
    path: link.isSymbolicLink() ? realpathSync(path) : path,
    mode: stats.mode & 0o7777,
  };
}

/** Whether the file is the one open as this descriptor. */
function sameFile(stats: Stats, fd: number): boolean {
  try {
    const open = fstatSync(fd);
    return open.dev === stats.dev && open.ino === stats.ino;
  } catch {
    return false;
  }
}

/**
 * Whether the path names a stream a process already has open (`/dev/stdout`, `/dev/fd/1`: links
 * into /proc): written into even when it is a file (`> out.txt`), never renamed over.
 */
function openStream(path: string, link: Stats): boolean {
  try {
    return (
      /^\/proc\//.test(realpathSync(dirname(path))) ||
      (link.isSymbolicLink() && readlinkSync(path).startsWith('/proc/'))
    );
  } catch {
    return false;
  }
}

/**
 * Opens a FIFO or device for writing, refusing a FIFO nobody reads (opening it would wait forever).
 * A FIFO stays open as it was opened, non-blocking: opening it a second time, blocking, after a
 * probe would close the probe's end first, and a reader that saw that close as the end of its input
 * would be gone before the second open, which would then wait forever.
 */
function openInto(path: string, plan: { path: string; fifo: boolean }): number {
  try {
    return openSync(plan.path, constants.O_WRONLY | (plan.fifo ? constants.O_NONBLOCK : 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO')
      throw cannotWrite(path, 'a FIFO that nothing is reading: start its reader first');
    throw cannotWrite(path, reasonOf(error as NodeJS.ErrnoException));
  }
}

const temporaryBeside = (path: string) =>
  join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);

/** Writes the whole output to PATH by the rules above. */
export function writeAtomically(path: string, content: string): void {
  const plan = planOutput(path);
  if (plan.kind === 'standard') {
    if (plan.fd === 1) writeStandardOutput(content);
    else process.stderr.write(content);
    return;
  }
  if (plan.kind === 'into') {
    const fd = openInto(path, plan);
    try {
      // (a full non-blocking FIFO is waited on for its reader)
      writeAllSync(fd, Buffer.from(content));
    } catch (error) {
      throw cannotWrite(path, reasonOf(error as NodeJS.ErrnoException));
    } finally {
      closeSync(fd);
    }
    return;
  }
  const temporary = temporaryBeside(plan.path);
  try {
    writeFileSync(temporary, content);
    if (plan.mode !== undefined) chmodSync(temporary, plan.mode);
    renameSync(temporary, plan.path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw cannotWrite(path, reasonOf(error as NodeJS.ErrnoException));
  }
}

/** The output as a stream (a sweep's rows), by the same rules: a file is renamed into place only when complete. */
export function atomicFileStream(path: string): {
  stream: Writable;
  commit(): Promise<void>;
  abandon(): void;
} {
  const plan = planOutput(path);
  if (plan.kind === 'standard') {
    const stream = plan.fd === 1 ? standardOutputStream() : process.stderr;
    return { stream, commit: () => Promise.resolve(), abandon: () => undefined };
  }
  const temporary = plan.kind === 'replace' ? temporaryBeside(plan.path) : undefined;
  const stream =
    plan.kind === 'into'
      ? createWriteStream('', { fd: openInto(path, plan) })
      : createWriteStream(temporary!);
  let failed: UserError | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    failed = cannotWrite(path, reasonOf(error));
  });
  return {
    stream,
    commit: () =>
      new Promise((resolve, reject) => {
        if (failed) return reject(failed);
        stream.end(() => {
          if (failed) return reject(failed);
          if (plan.kind === 'into') return resolve();
          try {
            if (plan.mode !== undefined) chmodSync(temporary!, plan.mode);
            renameSync(temporary!, plan.path);
            resolve();
          } catch (error) {
            rmSync(temporary!, { force: true });
            reject(cannotWrite(path, reasonOf(error as NodeJS.ErrnoException)));
          }
        });
      }),
    abandon: () => {
      stream.destroy();
      if (temporary) rmSync(temporary, { force: true });
    },
  };
}
