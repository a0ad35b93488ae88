import presets from 'tparams:presets';

/** The web page's presets: the same files, put in the bundle by the build. */
export const presetsDir = 'presets/';
export const presetFiles: typeof import('../../models/preset-files.js').presetFiles = () => presets;
