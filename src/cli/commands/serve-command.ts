import type { Command } from 'commander';
import { writeStandardOutput } from '../standard-output.js';

/** `tparams serve`: the web page on 127.0.0.1. */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the web page (the same derivations, in the browser) on 127.0.0.1')
    .option('-p, --port <port>', 'the port to listen on (0: any free one)', '8765')
    .action(async (options: { port: string }) => {
      const { serveWeb, parsePort } = await import('../serve.js');
      const { url } = await serveWeb({ port: parsePort(options.port) });
      writeStandardOutput(`tparams: the web page is at ${url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) =>
        process.once('SIGINT', () => resolve()).once('SIGTERM', () => resolve()),
      );
      process.exit(0);
    });
}
