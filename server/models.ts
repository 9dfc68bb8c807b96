/**
 * Every widget model the reference server serves: the same pure models the clients run (imported
 * from src/, never copied), so the authority and the optimistic views agree by construction.
 */
import type { TopicModel } from '../src/core/protocol/model.js';
import { pollModel } from '../src/components/pulse-poll/poll-model.js';
import { meterModel } from '../src/components/engagement-meter/meter-model.js';
import { surveyModel } from '../src/components/session-survey/survey-model.js';
import { threadModel } from '../src/components/discussion-thread/thread-model.js';
import { helpModel } from '../src/components/help-button/help-model.js';
import { statusModel } from '../src/components/help-button/status-model.js';
import { noticesModel } from '../src/core/protocol/notices-model.js';

/** Models by widget (and the room's help queue, `help:<id>`, connection health, `status:<id>`, and notices, `notices:room`), for `startServer` (more can be passed in `options.models`). */
export const WIDGET_MODELS: TopicModel<any>[] = [pollModel, meterModel, surveyModel, threadModel, helpModel, statusModel, noticesModel];
