#!/usr/bin/env node
import { loadCliScript } from './bundle-loader.js';

/**
 * The `tparams` executable (bundled to dist/cli/tparams.cjs, and to dist/cli/main.js): it only loads the command's script with
 * its code cache (src/cli/bundle-loader.ts); the script's top level runs the command.
 */
loadCliScript();
