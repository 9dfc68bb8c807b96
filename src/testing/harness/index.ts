/** The widget harnesses: one per widget, driving it as people do (see `Harness`). */
export { Harness, accessibleName, nameMatches, waitFor, type HarnessTarget, type NameMatch } from './harness.js';
export { PollHarness, type PollResultShown } from './poll.js';
export { MeterHarness } from './meter.js';
export { ThreadHarness } from './thread.js';
export { SurveyHarness, type SurveyAnswerInput } from './survey.js';
