/** A model repository on the Hub and a revision of it: `ORG/NAME[@REVISION]`. */
export interface HubId {
  readonly repo: string;
  readonly revision: string;
}

const REPO = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** Reads `ORG/NAME[@REVISION]`, or undefined when the text is not a repository id. */
export function parseHubId(text: string): HubId | undefined {
  const at = text.lastIndexOf('@');
  const repo = at > 0 ? text.slice(0, at) : text;
  const revision = at > 0 ? text.slice(at + 1) : 'main';
  // A config file's path (`configs/llama.json`) is not a repository id.
  if (!REPO.test(repo) || repo.includes('..') || repo.endsWith('.json') || !revision) return undefined;
  return { repo, revision };
}
