// Side-effect module: registers <pk-session> first, then <pk-producer-console>. Staff-only: its own
// file on the CDN, never in pulsekit.js, so participants' pages never download it.
import { defineSession } from '../session/index.js';
import { defineProducerConsole } from './index.js';

defineSession();
defineProducerConsole();

// A page that loads only this file (the CDN's file) adds or overrides strings through it.
export { registerStrings } from '../../core/i18n/registry.js';
