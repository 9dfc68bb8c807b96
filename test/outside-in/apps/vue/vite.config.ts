import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Two pages: index.html registers the elements before Vue mounts, late.html mounts first and
// registers them afterwards.
export default defineConfig({
  plugins: [
    vue({
      // <pk-…> are custom elements, not Vue components: Vue renders them as they are.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('pk-') } },
    }),
  ],
  build: { rollupOptions: { input: { index: 'index.html', late: 'late.html' } } },
});
