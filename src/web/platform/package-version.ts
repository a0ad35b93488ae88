import version from 'tparams:version';

export const packageVersion: typeof import('../../documents/package-version.js').packageVersion =
  () => version;
