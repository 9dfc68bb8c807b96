import { defineConfig } from 'vite';

/**
 * `npm run demo:local` serves the no-backend demo (demo/index.html, the local transport) straight
 * from the TypeScript sources. (`npm start` builds, then runs the reference server with its own demo
 * page.) The npm and CDN builds are made by scripts/build.mjs (tsc + esbuild), so what
 * `npm run size` measures is exactly what ships.
 */
export default defineConfig({
  root: 'demo',
  server: { port: Number(process.env.PORT) || 5173, host: process.env.HOST || 'localhost', fs: { allow: ['..'] } },
  preview: { port: Number(process.env.PORT) || 5173 },
});
