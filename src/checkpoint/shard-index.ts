import { show, UserError } from '../errors/user-error.js';
import { limits } from '../limits.js';

/**
 * Why a shard name is refused, first rule that applies wins. A shard is a plain file name inside
 * the checkpoint's folder (or the repository's root): transformers joins the names to the folder
 * without checking them, but what it and huggingface_hub write are plain names
 * (`model-00001-of-00002.safetensors`), so a folder part, `..` or an absolute path can only
 * be a mistake or an attack — locally it would read outside the folder, remotely it would send a
 * request (with the token) to another path on the host.
 */
const shardNameRules: ReadonlyArray<[(name: string) => boolean, string]> = [
  [(name) => name === '', 'is empty'],
  [(name) => /\p{Cc}/u.test(name), 'holds a control character'],
  [(name) => name === '.' || name === '..', 'names a folder'],
  [(name) => /^([/\\]|[A-Za-z]:)/.test(name), 'is an absolute path'],
  [(name) => /[/\\]/.test(name), 'has a folder part'],
  [(name) => name.length > 255, 'is longer than a file name may be (255)'],
];

/**
 * The shard files a `model.safetensors.index.json` names, each once, in the order first named:
 * its `weight_map` must map tensor names to plain file names. `where` names the index in errors.
 */
export function shardFiles(index: unknown, where: string): string[] {
  const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new UserError(
      `${where}: expected a "weight_map" of tensor names to shard files, got ${show(weightMap)}`,
      { field: 'weight_map', received: weightMap, expected: 'an object' },
    );
  }
  const files = new Set<string>();
  for (const [tensor, file] of Object.entries(weightMap as Record<string, unknown>)) {
    const field = `weight_map[${show(tensor)}]`;
    if (typeof file !== 'string')
      throw new UserError(
        `${where}: ${field} = ${show(file)}: expected a shard file name (a string)`,
        { field, received: file, expected: 'a string' },
      );
    const broken = shardNameRules.find(([rule]) => rule(file));
    if (broken)
      throw new UserError(
        `${where}: ${field} = ${show(file)} ${broken[1]}: expected a plain file name in the checkpoint's folder`,
        { field, received: file, expected: 'a plain file name' },
      );
    files.add(file);
    if (files.size > limits.shardFiles)
      throw new UserError(
        `${where}: "weight_map" names more than ${limits.shardFiles.toLocaleString('en-US')} shard files (the limit)`,
        { field: 'weight_map', expected: `at most ${limits.shardFiles} shard files` },
      );
  }
  if (files.size === 0)
    throw new UserError(
      `${where}: "weight_map" is empty: expected tensor names mapped to shard files`,
      { field: 'weight_map', received: weightMap },
    );
  return [...files];
}
