#!/usr/bin/env node
/**
 * Entry point: `npm run server` (tsx server/main.ts), and the package's `pulsekit-server` command.
 * Reads the environment (server/config.ts), starts the server, prints its URL, and shuts down
 * gracefully on SIGTERM / SIGINT (a second signal exits at once).
 */
import { VERSION } from '../src/core/protocol/version.js';
import { configFromEnv } from './config.js';
import { startServer } from './index.js';
import { USAGE } from './usage.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(`pulsekit-server: unknown argument ${args[0]}; settings come from the environment.\n\n${USAGE}`);
  process.exit(2);
}

function fatal(event: string, err: unknown): void {
  const e = err as Error;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', event, error: e?.message ?? String(err) })}\n`);
}

let server;
try {
  server = await startServer(configFromEnv(process.env));
} catch (err) {
  fatal('server.start_failed', err);
  process.exit(1);
}
process.stderr.write(`Pulsekit server: ${server.url}/${server.dev ? ' (dev mode)' : ''}\n`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err) => {
        fatal('server.shutdown_failed', err);
        process.exit(1);
      },
    );
  });
}
process.on('uncaughtException', (err) => {
  fatal('server.uncaught', err);
  process.exit(1);
});
process.on('unhandledRejection', (err) => fatal('server.unhandled_rejection', err));
