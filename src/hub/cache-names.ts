/**
 * Every name that becomes a path in the Hub cache comes from the user (ORG, NAME, REVISION, the
 * file) or from a server (`X-Repo-Commit`, `ETag`, `X-Linked-Etag`), so each is checked here, by
 * a table of rules, before it is joined to a path: a name that could leave the cache folder
 * (`..`, a leading `/`) or collide with another (`a--b/c` and `a/b--c` share `models--a--b--c`)
 * is refused. Each checker answers why a name is refused, or undefined when it is fine.
 */
type Rule = readonly [broken: (name: string) => boolean, why: string];

const firstBroken = (rules: readonly Rule[], name: string): string | undefined =>
  rules.find(([broken]) => broken(name))?.[1];

/** ORG and NAME, as `huggingface_hub`'s `validate_repo_id` reads them. */
const repoPartRules: readonly Rule[] = [
  [(n) => n.length > 96, 'is longer than 96 characters'],
  [(n) => !/^[\w.-]+$/.test(n), 'may hold only letters, digits, "_", "-" and "."'],
  [(n) => n.includes('--') || n.includes('..'), 'may not hold "--" or ".."'],
  [(n) => /^[.-]|[.-]$/.test(n), 'may not start or end with "-" or "."'],
];

/** A branch, tag or commit: git's rules for a ref's name (`git check-ref-format`), which keep it inside `refs/`. */
const revisionRules: readonly Rule[] = [
  [(n) => n.length > 255, 'is longer than 255 characters'],
  [
    (n) => /[\u0000-\u0020\u007f~^:?*[\\]/.test(n),
    'may not hold spaces, control characters or any of ~ ^ : ? * [ \\',
  ],
  [
    (n) => n.startsWith('/') || n.endsWith('/') || n.includes('//'),
    'may not start or end with "/", nor hold "//"',
  ],
  [
    (n) => n.split('/').some((s) => s.startsWith('.')),
    'may not have a part that is "." or ".." or starts with "."',
  ],
  [
    (n) =>
      n.split('/').some((s) => s.endsWith('.lock')) ||
      n.endsWith('.') ||
      n.includes('@{') ||
      n === '@',
    'is not a name git allows (".lock", a final ".", "@{")',
  ],
];

/** A file inside the repository (`config.json`, `sub/model.safetensors`). */
const fileRules: readonly Rule[] = [
  [(n) => n === '' || n.length > 1000, 'is empty or longer than 1000 characters'],
  [(n) => /[\u0000-\u001f\u007f\\]/.test(n), 'may not hold control characters or "\\"'],
  [
    (n) => n.split('/').some((s) => s === '' || s === '.' || s === '..'),
    'may not have an empty, "." or ".." part, nor start with "/"',
  ],
];

/** Why ORG or NAME is refused, or undefined. */
export const refusedRepoPart = (part: string): string | undefined =>
  firstBroken(repoPartRules, part);
/** Why a revision is refused, or undefined. */
export const refusedRevision = (revision: string): string | undefined =>
  firstBroken(revisionRules, revision);
/** Why a file's name in the repository is refused, or undefined. */
export const refusedFile = (file: string): string | undefined => firstBroken(fileRules, file);

/** A commit id as git writes it: 40 hex digits, the only commit that names a snapshot folder. */
export const isCommit = (text: string): boolean => /^[0-9a-f]{40}$/.test(text);

/**
 * What an `ETag` (or `X-Linked-Etag`) header makes of a blob's name: `absent` (none, or a weak
 * validator with nothing in it: the blob is then named by its content's sha256), `usable`, or
 * `refused` when it is `.`, `..` or holds a path separator (a server trying to leave `blobs/`).
 * A tag with other characters (base64's `+`, `=`) names nothing and falls back to the sha256.
 */
export function blobNameOf(
  header: string | null,
): { kind: 'absent' } | { kind: 'usable'; name: string } | { kind: 'refused'; why: string } {
  const tag = (header ?? '')
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (tag === '') return { kind: 'absent' };
  if (/^\.+$/.test(tag) || /[/\\\u0000]/.test(tag))
    return {
      kind: 'refused',
      why: 'is not a name a file may have (".", "..", or a path separator)',
    };
  if (/^[\w-][\w.-]{0,254}$/.test(tag)) return { kind: 'usable', name: tag };
  return { kind: 'absent' };
}
