// Side-effect module: registers <pk-session-survey>.
import { defineSessionSurvey } from './index.js';

defineSessionSurvey();
