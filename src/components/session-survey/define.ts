// Side-effect module: registers <pk-session-survey>. Imports the element's module, not ./index.js:
// esbuild splits by file, so index's re-exports (stats, CSV) would land in the up-front bundle
// instead of the lazy results chunk.
import { defineSessionSurvey } from './pk-session-survey.js';

defineSessionSurvey();
