import presets from 'tparams:presets';

/** The web page's presets: the same files, put in the bundle by the build. */
export const presetsDir = 'presets/';
/** Every bundled preset file. */
export const presetFiles: typeof import('../../models/preset-files.js').presetFiles = () => presets;
/** A bundled preset file by name. */
export const presetFile: typeof import('../../models/preset-files.js').presetFile = (name) =>
  presets.find((p) => p.path === `presets/${name}.json`);
