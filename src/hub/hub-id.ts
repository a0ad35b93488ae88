import { UserError } from '../errors/user-error.js';
import { refusedRepoPart, refusedRevision } from './cache-names.js';

/** A model repository on the Hub and a revision of it: `ORG/NAME[@REVISION]`. */
export interface HubId {
  readonly repo: string;
  readonly revision: string;
}

/** Two names of the Hub's characters joined by one slash: the shape of a repository id. */
const REPO_SHAPE = /^[\w.-]+\/[\w.-]+$/;

/**
 * Reads `ORG/NAME[@REVISION]`, or undefined when the text is not shaped like a repository id (a
 * config's path, a component). Text shaped like one whose ORG, NAME or REVISION breaks the Hub's
 * rules (`a--b/c`, `org/name@../../x`) is a `UserError`: each of them becomes a path in the cache.
 */
export function parseHubId(text: string): HubId | undefined {
  const at = text.lastIndexOf('@');
  const repo = at > 0 ? text.slice(0, at) : text;
  const revision = at > 0 ? text.slice(at + 1) : 'main';
  // A config file's path (`configs/llama.json`, `../a/b`) is not a repository id.
  if (!REPO_SHAPE.test(repo) || repo.endsWith('.json') || repo.startsWith('.') || !revision)
    return undefined;
  for (const [role, part] of [
    ['ORG', repo.split('/')[0]!],
    ['NAME', repo.split('/')[1]!],
  ] as const) {
    const why = refusedRepoPart(part);
    if (why)
      throw new UserError(`${text}: its ${role} '${part}' ${why}`, {
        field: 'target',
        received: text,
        expected: 'ORG/NAME[@REVISION] as the Hub names repositories',
      });
  }
  const why = refusedRevision(revision);
  if (why)
    throw new UserError(`${text}: its revision '${revision}' ${why}`, {
      field: 'target',
      received: text,
      expected: 'a branch, tag or commit',
    });
  return { repo, revision };
}
