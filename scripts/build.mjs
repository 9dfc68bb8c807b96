// npm build: unbundled ESM + .d.ts (lit stays a bare import) into dist/, then the CDN build
// dist/cdn/pulsekit.js (self-contained: lit bundled, per-locale and per-widget chunks split).
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
await build({ configFile: 'vite.config.ts', mode: 'cdn', logLevel: 'warn' });
console.log('built dist/ (npm) and dist/cdn/pulsekit.js (CDN)');
