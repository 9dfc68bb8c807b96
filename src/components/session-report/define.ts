// Side-effect module: registers <pk-session> first, then <pk-session-report>. The report is its own
// file on the CDN (not in pulsekit.js), so participants' pages never download it or the models it reads.
import { defineSession } from '../session/index.js';
import { defineSessionReport } from './index.js';

defineSession();
defineSessionReport();

// A page that loads only this file (the CDN's file) adds or overrides strings through it.
export { registerStrings } from '../../core/i18n/registry.js';
