import version from 'tparams:version';

export const packageVersion: typeof import('../../package-version.js').packageVersion = () => version;
