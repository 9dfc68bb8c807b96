import { defineConfig } from 'vite';

/**
 * `npm start` serves the demo (demo/index.html) straight from the TypeScript sources.
 * `vite build --mode cdn` (run by `npm run build`) writes dist/cdn/pulsekit.js: one ES module that
 * registers every element, with lit bundled, and lazily loaded chunks for locales.
 */
export default defineConfig(({ mode }) => ({
  root: mode === 'cdn' ? '.' : 'demo',
  server: { port: Number(process.env.PORT) || 5173, strictPort: false, fs: { allow: ['..'] } },
  build:
    mode === 'cdn'
      ? {
          outDir: 'dist/cdn',
          emptyOutDir: true,
          target: 'es2022',
          minify: true,
          lib: { entry: 'src/cdn/pulsekit.ts', formats: ['es'], fileName: () => 'pulsekit.js' },
          rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
        }
      : undefined,
}));
