import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for the Pulsekit elements. Stories render straight from the TypeScript sources, each
 * on its own in-memory hub (see stories/support.ts), so a build needs no network and no backend.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  core: { disableTelemetry: true },
  // The preview bundle carries Storybook's own runtime (about 1 MB): expected, not worth a warning.
  viteFinal: (vite) => ({ ...vite, build: { ...vite.build, chunkSizeWarningLimit: 1500 } }),
};

export default config;
