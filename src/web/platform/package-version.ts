import version from 'tparams:version';

/** The version in package.json, bundled by the build. */
export const packageVersion: typeof import('../../documents/package-version.js').packageVersion =
  () => version;
