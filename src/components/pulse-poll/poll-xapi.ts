/**
 * xAPI statements of `poll:<id>` events (docs/xapi.md): a vote is `answered` with the choices as
 * the response, the facilitator's lifecycle (open, close, new round, reveal, timer) gets a verb of
 * its own, and a round's results ride on the statements that end it. Pure.
 */

import {
  activity,
  dataOf,
  recordOf,
  actorFor,
  EXTENSIONS,
  statement,
  topicIri,
  VERBS,
  authored,
  ACTIVITY_TYPES,
} from '../../core/protocol/xapi.js';
import type { StatementBuilder, XapiActivity, XapiActivityDefinition, XapiOptions, XapiResult } from '../../core/protocol/xapi-types.js';
import { resultRows, scalePoints } from './poll-model.js';
import type { PollConfig, PollKind, PollState } from './poll-types.js';

/**
 * Interaction component ids are option values, percent-encoded: values may hold spaces or the
 * `[,]` that separates choices in a response, which xAPI ids and responses must not.
 */
const componentId = (value: string): string => encodeURIComponent(value);

/** The interaction parts of a poll's activity definition, by kind. */
function interaction(config: PollConfig | null, kind: PollKind | null, o: XapiOptions): XapiActivityDefinition {
  if (kind === 'single' || kind === 'multiple') {
    return {
      interactionType: 'choice',
      choices: config?.options.map((opt) => ({ id: componentId(opt.value), description: authored(opt.label, o) })),
    };
  }
  if (kind === 'scale') {
    const points = scalePoints(config);
    const label = (n: number) =>
      config?.options.find((opt) => opt.value === String(n))?.label ??
      (n === config?.min ? config.minLabel : n === config?.max ? config.maxLabel : undefined) ??
      String(n);
    return {
      interactionType: 'likert',
      scale: points.length ? points.map((n) => ({ id: String(n), description: authored(label(n), o) })) : undefined,
    };
  }
  // fill-in: one or more strings, separated by [,] in the response.
  if (kind === 'text') return { interactionType: 'fill-in' };
  return {};
}

/** The poll as an activity: a question (cmi.interaction) with its choices or scale. */
function pollActivity(topic: string, config: PollConfig | null, kind: PollKind | null, o: XapiOptions): XapiActivity {
  return activity(topicIri(topic, o), {
    type: ACTIVITY_TYPES.interaction,
    name: authored(config?.question, o),
    ...interaction(config, kind, o),
  });
}

/** A vote's choices as an xAPI response: component ids joined with `[,]`; text answers as written. */
function response(kind: PollKind | null, choices: string[]): string {
  return kind === 'text' ? choices.join('[,]') : choices.map(componentId).join('[,]');
}

/** The round that just ended or is ending, as a result: who answered and the count per option. */
function roundResults(state: PollState): XapiResult {
  const rows = resultRows(state, state.config).map(({ value, label, count }) => ({ value, label, count }));
  return { extensions: { [EXTENSIONS.results]: { round: state.round, responded: state.responded, rows } } };
}

const isKind = (v: unknown): v is PollKind => v === 'single' || v === 'multiple' || v === 'scale' || v === 'text';

/** Statements of one accepted poll event (`before`: the poll just before it). */
export const pollStatements: StatementBuilder<PollState> = (event, before, o) => {
  const d = dataOf(event);
  const config = event.type === 'open' && recordOf(d.config) ? (d.config as unknown as PollConfig) : before.config;
  const kind = config ? config.kind : isKind(d.kind) ? d.kind : null;
  const object = pollActivity(event.topic, config, kind, o);
  // A function: the host's agent mapping must never see the actor of an anonymous event.
  const facilitator = () => actorFor(event, true, o);
  const round = { [EXTENSIONS.round]: event.type === 'reset' && typeof d.round === 'number' ? d.round : before.round };
  const closesAt = (v: unknown) => ({ [EXTENSIONS.closesAt]: typeof v === 'number' ? new Date(v).toISOString() : null });
  switch (event.type) {
    case 'vote': {
      const choices = Array.isArray(d.choices) ? d.choices.filter((c): c is string => typeof c === 'string') : [];
      // Named only when the authority recorded the vote as named: an anonymous vote never names anyone.
      return [
        statement(event, o, {
          actor: actorFor(event, d.anonymous === false, o),
          verb: VERBS.answered,
          object,
          result: { response: response(kind, choices) },
          extensions: { ...round, [EXTENSIONS.changed]: Array.isArray(d.replaces) },
        }),
      ];
    }
    case 'open':
      return [statement(event, o, { actor: facilitator(), verb: VERBS.opened, object, extensions: { ...round, ...closesAt(d.closesAt) } })];
    case 'close':
      return [statement(event, o, { actor: facilitator(), verb: VERBS.closed, object, result: roundResults(before), extensions: round })];
    case 'reset':
      // A new round starts; the results of the round it ends go with it (it may never have been closed).
      return [statement(event, o, { actor: facilitator(), verb: VERBS.started, object, result: roundResults(before), extensions: round })];
    case 'reveal':
      return [
        statement(event, o, { actor: facilitator(), verb: d.revealed === true ? VERBS.shared : VERBS.unshared, object, extensions: round }),
      ];
    case 'timer':
    case 'extend':
      return [
        statement(event, o, {
          actor: facilitator(),
          verb: d.closesAt === null ? VERBS.canceled : VERBS.scheduled,
          object,
          extensions: { ...round, ...closesAt(d.closesAt) },
        }),
      ];
    default:
      return [];
  }
};
