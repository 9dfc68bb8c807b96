/**
 * xAPI statements of `meter:<id>` events (docs/xapi.md): a participant's state or reaction is
 * `responded` with its name as the response, a raised hand `requested attention`, withdrawing one
 * `retracted`; the facilitator's controls have verbs of their own. A signal names its participant
 * only when it was given in named mode; the meter's pseudonymous slots never leave it. Pure.
 */

import { activity, dataOf, actorFor, ACTIVITY_TYPES, EXTENSIONS, statement, topicIri, VERBS } from '../../core/protocol/xapi.js';
import type { StatementBuilder } from '../../core/protocol/xapi-types.js';
import type { MeterState } from './meter-types.js';

/** Statements of one accepted meter event. */
export const meterStatements: StatementBuilder<MeterState> = (event, _before, o) => {
  const d = dataOf(event);
  const object = activity(topicIri(event.topic, o), { type: ACTIVITY_TYPES.meter });
  // Signals name the participant only when given in named mode (the flag the authority stored).
  const signaller = actorFor(event, d.named === true, o);
  // A function: the host's agent mapping must never see the actor of an anonymous event.
  const facilitator = () => actorFor(event, true, o);
  const signal = (kind: string) => ({ [EXTENSIONS.signal]: kind });
  switch (event.type) {
    case 'state':
      return [
        statement(event, o, {
          actor: signaller,
          verb: typeof d.state === 'string' ? VERBS.responded : VERBS.retracted,
          object,
          result: typeof d.state === 'string' ? { response: d.state } : undefined,
          extensions: signal('state'),
        }),
      ];
    case 'react':
      return [
        statement(event, o, {
          actor: signaller,
          verb: VERBS.responded,
          object,
          result: { response: typeof d.reaction === 'string' ? d.reaction : '' },
          extensions: signal('reaction'),
        }),
      ];
    case 'hand':
      return [
        statement(event, o, {
          actor: signaller,
          verb: d.raised === true ? VERBS.requestedAttention : VERBS.retracted,
          object,
          extensions: signal('hand'),
        }),
      ];
    case 'lower':
      return [statement(event, o, { actor: facilitator(), verb: VERBS.acknowledged, object, extensions: signal('hand') })];
    case 'clear':
      return [statement(event, o, { actor: facilitator(), verb: VERBS.cleared, object })];
    case 'named':
      return [
        statement(event, o, {
          actor: facilitator(),
          verb: d.named === true ? VERBS.enabled : VERBS.disabled,
          object,
          extensions: { [EXTENSIONS.feature]: 'named-mode' },
        }),
      ];
    case 'mark':
      return [
        statement(event, o, {
          actor: facilitator(),
          verb: VERBS.bookmarked,
          object,
          result: { response: typeof d.label === 'string' ? d.label : '' },
        }),
      ];
    default:
      return [];
  }
};
