/**
 * Modules the web build writes (src/web/seams.ts): the files the Node side reads from disk, as data.
 */
declare module 'tparams:presets' {
  const presets: Array<{ path: string; data: unknown }>;
  export default presets;
}
declare module 'tparams:locales' {
  const locales: Record<string, unknown>;
  export default locales;
}
declare module 'tparams:templates' {
  /** Every shipped template by its path under `templates/` (`html/model.eta`, `md/partials/zeros.eta`). */
  const templates: Record<string, string>;
  export default templates;
}
declare module 'tparams:version' {
  const version: string;
  export default version;
}
