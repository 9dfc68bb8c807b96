/**
 * xAPI statements of `survey:<id>` events (docs/xapi.md): a response is `completed` (an edit
 * `updated`), with the answers and hidden fields in extensions only when the survey is named. An
 * anonymous response says that someone of the room completed the survey, and nothing else: its
 * answers together (free text above all) would tell who wrote them. Publishing, closing and
 * reopening are the facilitator's. Pure.
 */

import {
  activity,
  dataOf,
  recordOf,
  actorFor,
  ACTIVITY_TYPES,
  authored,
  EXTENSIONS,
  statement,
  topicIri,
  VERBS,
} from '../../core/protocol/xapi.js';
import type { StatementBuilder } from '../../core/protocol/xapi-types.js';
import type { SurveyState } from './survey-types.js';

/** Statements of one accepted survey event (`before`: the survey just before it). */
export const surveyStatements: StatementBuilder<SurveyState> = (event, before, o) => {
  const d = dataOf(event);
  const title = recordOf(d.definition)?.title;
  const published = event.type === 'publish' && typeof title === 'string' ? title : undefined;
  const object = activity(topicIri(event.topic, o), {
    type: ACTIVITY_TYPES.survey,
    name: authored(published ?? before.definition?.title, o),
  });
  // A function: the host's agent mapping must never see the actor of an anonymous event.
  const facilitator = () => actorFor(event, true, o);
  switch (event.type) {
    case 'submit': {
      const named = d.anonymous === false;
      const context = recordOf(d.context) ?? {};
      const hidden = recordOf(context.hidden);
      return [
        statement(event, o, {
          actor: actorFor(event, named, o),
          verb: d.edit === true ? VERBS.updated : VERBS.completed,
          object,
          result: named ? { completion: true, extensions: { [EXTENSIONS.answers]: d.answers ?? {} } } : { completion: true },
          // Hidden fields are the host's: one could name a person (user=…), so anonymous responses leave them out.
          extensions: named && hidden && Object.keys(hidden).length > 0 ? { [EXTENSIONS.hiddenFields]: hidden } : undefined,
          session: typeof context.session === 'string' ? context.session : undefined,
        }),
      ];
    }
    case 'publish':
    case 'reopen':
      return [statement(event, o, { actor: facilitator(), verb: VERBS.opened, object })];
    case 'close':
      return [statement(event, o, { actor: facilitator(), verb: VERBS.closed, object })];
    default:
      return [];
  }
};
