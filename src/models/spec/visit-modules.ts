import type { GroupSpec, ModuleSpec, RepeatSpec } from './model-spec.js';

/** A module that holds no other: every kind but a group and a repeat. */
export type LeafSpec = Exclude<ModuleSpec, GroupSpec | RepeatSpec>;

/**
 * What to make of each kind of module, bottom-up: a group from its children's results, a repeat
 * from its child's, a leaf from itself. The one recursion over the declaration tree.
 */
export interface ModuleVisitor<T> {
  group(module: GroupSpec, children: T[]): T;
  repeat(module: RepeatSpec, child: T): T;
  leaf(module: LeafSpec): T;
}

/** Visits `module` and everything below it, children first. */
export function visitModule<T>(module: ModuleSpec, visitor: ModuleVisitor<T>): T {
  switch (module.kind) {
    case 'group':
      return visitor.group(
        module,
        module.children.map((c) => visitModule(c, visitor)),
      );
    case 'repeat':
      return visitor.repeat(module, visitModule(module.child, visitor));
    default:
      return visitor.leaf(module);
  }
}

/** Every leaf below the modules, in order (a repeat's child once, not once a copy). */
export function leavesOf(modules: readonly ModuleSpec[]): LeafSpec[] {
  return modules.flatMap((m) =>
    visitModule<LeafSpec[]>(m, {
      group: (_, children) => children.flat(),
      repeat: (_, child) => child,
      leaf: (leaf) => [leaf],
    }),
  );
}
