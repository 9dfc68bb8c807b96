// Side-effect module: registers <pk-session> first, then <pk-notices>. Its own file on the CDN
// (notices.js), and not in pulsekit.js: every widget already shows the room's notices at its top,
// so only a page whose host places the notices itself, or a facilitator's page that posts them,
// loads it.
import { defineSession } from '../session/index.js';
import { defineNotices } from './index.js';

defineSession();
defineNotices();

// A page that loads only this file (the CDN's file) adds or overrides strings through it.
export { registerStrings } from '../../core/i18n/registry.js';
