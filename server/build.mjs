// Builds the pulsekit-server package (npm run build -w pulsekit-server; npm pack runs it too):
// the server and the pure models it shares with the widgets, compiled from their sources in place
// (server/*.ts, src/…) to JavaScript in server/dist/; the demo page beside them; and the CDN
// bundle (the repository's `npm run build`) that the demo page loads, in server/dist/cdn/.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(here, 'dist');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

rmSync(dist, { recursive: true, force: true });
execFileSync(npx, ['tsc', '-p', 'tsconfig.build.json'], { cwd: here, stdio: 'inherit' });
cpSync(join(here, 'public'), join(dist, 'server', 'public'), { recursive: true });
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
cpSync(join(root, 'dist', 'cdn'), join(dist, 'cdn'), { recursive: true });
chmodSync(join(dist, 'server', 'main.js'), 0o755);
console.log('built server/dist/ (pulsekit-server)');
