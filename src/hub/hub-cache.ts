import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import { show } from '../errors/user-error.js';
import { blobNameOf, isCommit } from './cache-names.js';

/**
 * The cache `huggingface_hub` keeps, and shares with this tool: `models--ORG--NAME/blobs/<etag>`,
 * `snapshots/<commit>/<file>` linking to its blob, and `refs/<revision>` holding the commit.
 * Every name joined to a path here was checked first (`cache-names.ts`), and every write is checked
 * once more to land inside the repository's folder: nothing is written, renamed or removed outside.
 */

/** Where one file of a fetched revision goes: the snapshot's commit and the blob's name. */
export interface CacheNames {
  readonly commit: string;
  readonly blob: string;
}

/**
 * The cache names a response gives, or why the server's headers are refused. `X-Repo-Commit` must
 * be 40 hex digits; a blob is named by `X-Linked-Etag`, else `ETag`. A static mirror sends neither
 * (`python3 -m http.server`): its blob is then named by the body's sha256 (the name
 * `huggingface_hub` gives LFS blobs), and its snapshot, unless the revision is a commit, by the
 * first 40 hex digits of that sha256, so that `refs/<revision>` still names a commit-like folder
 * and a changed file at the mirror makes a new snapshot rather than rewriting an old one.
 */
export function cacheNamesOf(
  headers: Headers,
  revision: string,
  body: string,
): CacheNames | { refused: string } {
  const sha256 = createHash('sha256').update(body).digest('hex');
  const commitHeader = headers.get('x-repo-commit')?.trim();
  if (commitHeader !== undefined && commitHeader !== '' && !isCommit(commitHeader.toLowerCase())) {
    return { refused: `X-Repo-Commit ${show(commitHeader)}: expected a commit of 40 hex digits` };
  }
  const commit = commitHeader
    ? commitHeader.toLowerCase()
    : isCommit(revision)
      ? revision
      : sha256.slice(0, 40);
  const which = headers.has('x-linked-etag') ? 'X-Linked-Etag' : 'ETag';
  const tag = headers.get(which);
  const blob = blobNameOf(tag);
  if (blob.kind === 'refused') return { refused: `${which} ${show(tag ?? '')}: ${blob.why}` };
  return { commit, blob: blob.kind === 'usable' ? blob.name : sha256 };
}

/** The repository's folder in the cache: `models--ORG--NAME` (ORG and NAME checked by parseHubId). */
export const repoFolder = (cacheDir: string, repo: string): string =>
  join(cacheDir, `models--${repo.replace(/\//g, '--')}`);

/** The cached file at a revision (a commit names its snapshot; a branch or tag is read through refs/), or undefined. */
export function readCached(
  folder: string,
  revision: string,
  file: string,
  cap: number,
): { text: string; path: string } | { tooLarge: number; path: string } | undefined {
  let commit = revision;
  if (!isCommit(revision)) {
    try {
      commit = readFileSync(join(folder, 'refs', revision), 'utf8').trim();
    } catch {
      return undefined;
    }
    // (a refs file that holds anything else names no snapshot)
    if (!isCommit(commit)) return undefined;
  }
  const path = join(folder, 'snapshots', commit, file);
  try {
    const size = statSync(path).size;
    if (size > cap) return { tooLarge: size, path };
    return { text: readFileSync(path, 'utf8'), path };
  } catch {
    return undefined;
  }
}

/** Caches a fetched file the way huggingface_hub does; a cache that cannot be written is skipped, not an error. */
export function store(
  folder: string,
  revision: string,
  file: string,
  body: string,
  names: CacheNames,
): void {
  const blob = join(folder, 'blobs', names.blob);
  const pointer = join(folder, 'snapshots', names.commit, file);
  const ref = join(folder, 'refs', revision);
  if (![blob, pointer, ref].every((path) => isInside(folder, path))) return;
  // The thread too: a note's helper threads may fetch into one cache at the same millisecond.
  const suffix = `.${process.pid}.${threadId}.${Date.now()}.incomplete`;
  const temporary = (path: string) => `${path}${suffix}`;
  const folderOf = (path: string) => makeFolderInside(folder, dirname(path));
  try {
    if (!existsSync(blob)) {
      folderOf(blob);
      const part = temporary(blob);
      writeFileSync(part, body);
      renameSync(part, blob);
    }
    folderOf(pointer);
    const link = temporary(pointer);
    try {
      symlinkSync(relative(dirname(pointer), blob), link);
    } catch {
      copyFileSync(blob, link);
    }
    // (renamed over the old pointer, so a reader never finds it missing)
    renameSync(link, pointer);
    if (revision !== names.commit) {
      folderOf(ref);
      const part = temporary(ref);
      writeFileSync(part, names.commit);
      renameSync(part, ref);
    }
  } catch {
    // A read-only or full cache costs the next run a request, nothing more.
    for (const path of [blob, pointer, ref]) rmSync(temporary(path), { force: true });
  }
}

/**
 * Makes `dir` under `folder` one level at a time, refusing a level that is a symlink (or not a
 * folder), so that no folder is ever made, nor file written, through a link that leads elsewhere.
 */
function makeFolderInside(folder: string, dir: string): void {
  mkdirSync(folder, { recursive: true });
  let at = folder;
  for (const part of relative(folder, dir).split(sep).filter(Boolean)) {
    at = join(at, part);
    if (!existsSync(at)) mkdirSync(at);
    else if (lstatSync(at).isSymbolicLink() || !lstatSync(at).isDirectory())
      throw new Error(`${at} is not a folder of the cache`);
  }
}

/** True when `path` lies inside `folder`: the last check before anything is written there. */
function isInside(folder: string, path: string): boolean {
  return resolve(path).startsWith(resolve(folder) + sep);
}
