/**
 * `pulsekit/xapi`: xAPI statements for any accepted Pulsekit event (docs/xapi.md), for an authority
 * that forwards them to an LRS (the reference server) and for hosts that build their own. Pure: the
 * same stored event and state give the same statements on every authority.
 */
import { kindOf, type StoredEvent, type TopicModel } from './core/protocol/model.js';
import { checkXapiOptions } from './core/client/xapi-options.js';
import type { StatementBuilder, XapiOptions, XapiStatement } from './core/protocol/xapi-types.js';
import { pollModel } from './components/pulse-poll/poll-model.js';
import { pollStatements } from './components/pulse-poll/poll-xapi.js';
import { threadModel } from './components/discussion-thread/thread-model.js';
import { threadStatements } from './components/discussion-thread/thread-xapi.js';
import { meterModel } from './components/engagement-meter/meter-model.js';
import { meterStatements } from './components/engagement-meter/meter-xapi.js';
import { surveyModel } from './components/session-survey/survey-model.js';
import { surveyStatements } from './components/session-survey/survey-xapi.js';

export * from './core/protocol/xapi.js';
export { checkXapiOptions };
export { pollStatements, threadStatements, meterStatements, surveyStatements };

const KINDS = new Map<string, { model: TopicModel<any>; build: StatementBuilder }>([
  ['poll', { model: pollModel, build: pollStatements }],
  ['thread', { model: threadModel, build: threadStatements }],
  ['meter', { model: meterModel, build: meterStatements }],
  ['survey', { model: surveyModel, build: surveyStatements }],
]);

/**
 * The statements of one accepted event, from the event as the authority stored it (actor
 * included) and its topic's state just before it (`undefined` for a topic's first event). An
 * unknown kind of topic gives none. Throws on options that cannot make valid statements.
 */
export function statementsFor(event: StoredEvent, before: unknown, options: XapiOptions): XapiStatement[] {
  checkXapiOptions(options);
  if (typeof options.room !== 'string' || options.room === '') throw new TypeError('xAPI statements need the room the events belong to.');
  const kind = KINDS.get(kindOf(event.topic));
  if (!kind) return [];
  return kind.build(event, before ?? kind.model.initial(), options);
}
