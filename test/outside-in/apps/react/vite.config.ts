import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Two pages: index.html registers the elements before React renders (JSX elements), late.html
// renders first and registers them afterwards (the pulsekit/react wrappers).
export default defineConfig({
  plugins: [react()],
  build: { rollupOptions: { input: { index: 'index.html', late: 'late.html' } } },
});
