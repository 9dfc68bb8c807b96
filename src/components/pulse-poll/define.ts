// Side-effect module: registers <pk-session> first, then <pk-pulse-poll>. The provider comes with every
// widget, so whatever a page loads, and in whichever order, the widgets find the session it wrote.
import { defineSession } from '../session/index.js';
import { definePulsePoll } from './index.js';

defineSession();
definePulsePoll();

// A page that loads only this file (the CDN's per-widget file) adds or overrides strings through it.
export { registerStrings } from '../../core/i18n/registry.js';
