import { defineConfig } from 'vite';

/**
 * `npm start` serves the demo (demo/index.html) straight from the TypeScript sources. The npm and
 * CDN builds are made by scripts/build.mjs (tsc + esbuild), so what `npm run size` measures is
 * exactly what ships.
 */
export default defineConfig({
  root: 'demo',
  server: { port: Number(process.env.PORT) || 5173, host: process.env.HOST || 'localhost', fs: { allow: ['..'] } },
  preview: { port: Number(process.env.PORT) || 5173 },
});
