// Side-effect module: registers <pk-session> first, then <pk-help-button>. Its own file on the CDN
// (help-button.js), and not in pulsekit.js: a participant's page adds it beside its widgets, and
// pages without it never pay for it.
import { defineSession } from '../session/index.js';
import { defineHelpButton } from './index.js';

defineSession();
defineHelpButton();

// A page that loads only this file (the CDN's file) adds or overrides strings through it.
export { registerStrings } from '../../core/i18n/registry.js';
