// npm build: unbundled ESM + .d.ts (lit stays a bare import) into dist/, then the CDN build in
// dist/cdn (scripts/cdn-bundle.mjs): pulsekit.js registers every element; pulse-poll.js,
// engagement-meter.js, session-survey.js and discussion-thread.js register their widget and
// <pk-session>, session.js the provider alone; network.js adds the network transports.
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cdnBundle } from './cdn-bundle.mjs';

rmSync('dist', { recursive: true, force: true });
execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
// tsc also emitted the CDN entries' unbundled form; the real CDN files replace it.
rmSync('dist/cdn', { recursive: true, force: true });
await cdnBundle({ outdir: 'dist/cdn' });
console.log('built dist/ (npm, unbundled) and dist/cdn/ (CDN)');
