// Side-effect module: registers <pk-session> first, then <pk-session-survey>. The provider comes with
// every widget, so whatever a page loads, and in whichever order, the widgets find the session it
// wrote. Imports the element's module, not ./index.js: index's re-exports (stats, CSV) would land in
// the up-front bundle instead of the lazy results chunk.
import { defineSession } from '../session/index.js';
import { defineSessionSurvey } from './pk-session-survey.js';

defineSession();
defineSessionSurvey();

// A page that loads only this file (the CDN's per-widget file) adds or overrides strings through it.
export { registerStrings } from '../../core/i18n/registry.js';
