import { targets } from '../targets/registry.js';

/** `tparams list`: every target with a one-line description, grouped. */
export function listTargets(): string {
  const width = Math.max(...targets.map((t) => t.id.length));
  const section = (title: string, group: string) => [
    title,
    ...targets.filter((t) => t.group === group).map((t) => `  ${t.id.padEnd(width)}  ${t.description}`),
  ];
  return [...section('Components', 'component'), '', ...section('PyTorch modules', 'torch'), ''].join('\n');
}
