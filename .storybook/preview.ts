import { setCustomElementsManifest } from '@storybook/web-components';
import type { Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
// Registers <pk-session> and <pk-pulse-poll>.
import '../src/define-all.ts';

// Fills the Controls panel (attributes, properties, events, slots, parts, CSS tokens) from the manifest.
setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
