/**
 * The modules commands load only when they need them (src/cli/lazy.ts), behind this one dynamic
 * import: the bundled CLI splits there into what every start needs and the rest.
 */
export const onDemand = () => import('./lazy.js');
