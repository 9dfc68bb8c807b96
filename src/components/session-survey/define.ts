// Side-effect module: registers <pk-session-survey>. Imports the element itself, not ./index.js:
// esbuild splits by file, so index's re-exports (stats, CSV) would land in the up-front bundle
// instead of the lazy results chunk.
import { defineElement } from '../../core/define.js';
import { PkSessionSurvey } from './pk-session-survey.js';

defineElement('session-survey', PkSessionSurvey);
