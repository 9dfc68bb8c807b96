// npm build: unbundled ESM + .d.ts (lit stays a bare import) into dist/, then the CDN build in
// dist/cdn: pulsekit.js registers every element; pulse-poll.js and session.js register one each;
// lit and the core sit in shared chunks, locales in lazy ones. `npm run size` measures this bundle.
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cdnBundle } from './cdn-bundle.mjs';

rmSync('dist', { recursive: true, force: true });
execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
// tsc also emitted the CDN entry's unbundled form; the real CDN files replace it.
rmSync('dist/cdn', { recursive: true, force: true });
await cdnBundle({
  entryPoints: {
    pulsekit: 'src/cdn/pulsekit.ts',
    'pulse-poll': 'src/components/pulse-poll/define.ts',
    session: 'src/components/session/define.ts',
    // Network transports (HTTP+SSE, WebSocket): a separate entry, so local-only pages never load them.
    network: 'src/cdn/network.ts',
    'engagement-meter': 'src/components/engagement-meter/define.ts',
    'session-survey': 'src/components/session-survey/define.ts',
    'discussion-thread': 'src/components/discussion-thread/define.ts',
  },
  outdir: 'dist/cdn',
});
console.log('built dist/ (npm, unbundled) and dist/cdn/ (CDN, self-contained)');
