import { accept, refuse, type Decision, type StoredEvent, type TopicModel } from '../../core/protocol/model.js';
import { canModerate, topicOf, type Actor, type EventEnvelope, type Operation } from '../../core/protocol/wire.js';
import { checkAnswers, checkContext, checkLooseAnswers, isObj, own, parseDefinition, put } from './survey-schema.js';
import type { SurveySubmitEventData, SurveyDefinition, SurveyResponse, SurveyRules, SurveyState } from './survey-types.js';

/**
 * The pure model of a survey (`survey:<id>` topics). One response per participant: the authority
 * keeps participant id -> response id (`mine`), and a second `submit` updates the response only when
 * edits are allowed. Responses are keyed by an opaque response id (the opId of the first
 * submission), so folding events never needs the actor, and an anonymous response never carries a
 * participant id. No DOM, no clock: time comes from `event.at`.
 */

/** Topic kind of surveys. */
export const SURVEY_KIND = 'survey' as const;

/** Topic name of the survey with this id, for example `survey:day-1`. Throws on an unusable id. */
export const surveyTopic = (id: string): string => topicOf(SURVEY_KIND, id);

/** Operations only facilitators and producers may send. */
const CONTROLS = ['publish', 'close', 'reopen'];

function decide(state: SurveyState, op: Operation, actor: Actor): Decision {
  const data = op.data;
  const control = CONTROLS.includes(op.type);
  if (op.type !== 'submit' && !control) return refuse('bad_operation', `Surveys do not understand the operation "${op.type}".`);
  if (control && !canModerate(actor.role)) return refuse('forbidden', `Only a facilitator can send "${op.type}" to a survey.`);
  if (!isObj(data)) return refuse('bad_operation', `The data of a survey "${op.type}" must be an object.`);
  if (op.type === 'publish') {
    const { definition, errors } = parseDefinition(data.definition);
    if (!definition) return refuse('invalid_definition', errors[0].message);
    // Anonymous responses stay anonymous: under a named definition an edit would carry its author's
    // actor (and `who`) to facilitators, naming an answer given anonymously.
    if (definition.anonymous === false && state.count > 0 && state.definition?.anonymous !== false) {
      return refuse('invalid_definition', 'This survey already has anonymous responses, so it cannot become named; use a new survey id.');
    }
    return accept({ definition });
  }
  if (op.type !== 'submit') return accept({});
  // Staff preview the survey and read the results; they are not among the people expected to answer.
  if (canModerate(actor.role)) return refuse('participants_only', 'Only participants answer surveys.');

  if (state.closed) return refuse('survey_closed', 'This survey is closed.');
  // Whether a participant may change an answer once sent, and whether responders are hidden: the
  // published definition, else what the first submit fixed; only a first submit brings its own.
  const fixed = surveyRules(state);
  const fixes = fixed ? undefined : rulesFrom(data);
  const { allowEdit, anonymous } = fixed ?? fixes!;
  const previous = own(state.mine, actor.id) as string | undefined;
  if (previous && !allowEdit) return refuse('already_submitted', 'You have already submitted this survey; answers cannot be changed.');
  const context = checkContext(data.context);
  if (typeof context === 'string') return refuse('bad_operation', context);
  const checked = state.definition ? checkAnswers(state.definition, data.answers) : checkLooseAnswers(data.answers);
  if ('code' in checked) return refuse(checked.code, checked.message);
  const event: SurveySubmitEventData = { rid: previous ?? op.opId, answers: checked.answers, context, edit: !!previous, anonymous };
  if (fixes) event.rules = fixes;
  return accept(event);
}

/** Rules from a definition or a submit's fields: editing only when it says so, anonymous unless it says not. */
const rulesFrom = (d: { allowEdit?: unknown; anonymous?: unknown }): SurveyRules => ({
  allowEdit: d.allowEdit === true,
  anonymous: d.anonymous !== false,
});

/** The rules submits are judged by now: the published definition's, else the ones the first submit fixed. */
export function surveyRules(state: SurveyState): SurveyRules | null {
  if (state.definition) return rulesFrom(state.definition);
  return state.rules ?? null;
}

const isRules = (v: unknown): v is SurveyRules => isObj(v) && typeof v.allowEdit === 'boolean' && typeof v.anonymous === 'boolean';

function evolve(state: SurveyState, event: EventEnvelope): SurveyState {
  const d = event.data;
  if (!isObj(d)) return state;
  switch (event.type) {
    case 'submit': {
      if (typeof d.rid !== 'string' || typeof d.edit !== 'boolean') return state;
      let mine = state.mine;
      if (event.actor) {
        mine = { ...mine };
        put(mine, event.actor.id, d.rid);
      }
      const count = state.count + (d.edit ? 0 : 1);
      // The first submit of a self-serve survey fixes its rules for every later one.
      const rules =
        state.definition || state.rules
          ? (state.rules ?? null)
          : isRules(d.rules)
            ? { allowEdit: d.rules.allowEdit, anonymous: d.rules.anonymous }
            : null;
      // A projection may have removed other people's answers: then only the count moves.
      if (!isObj(d.answers) || !isObj(d.context)) return { ...state, mine, count, rules };
      const before = own(state.responses, d.rid) as SurveyResponse | undefined;
      const r: SurveyResponse = {
        rid: d.rid,
        answers: d.answers as SurveyResponse['answers'],
        context: d.context as unknown as SurveyResponse['context'],
        at: before?.at ?? event.at,
      };
      if (before) r.updatedAt = event.at;
      if (d.anonymous === false && event.actor) r.who = { id: event.actor.id, name: event.actor.name };
      else if (before?.who) r.who = before.who;
      const responses = { ...state.responses };
      put(responses, d.rid, r);
      return { ...state, mine, count, responses, rules };
    }
    case 'publish': {
      const { definition } = parseDefinition(d.definition);
      return definition ? { ...state, definition } : state;
    }
    case 'close':
      return { ...state, closed: true };
    case 'reopen':
      return { ...state, closed: false };
    default:
      return state;
  }
}

/** State of a survey nobody has touched: self-serve, open, no responses. */
export function initialSurveyState(): SurveyState {
  return { definition: null, closed: false, count: 0, responses: {}, mine: {}, rules: null };
}

/**
 * Who may see who answered: nobody else for anonymous surveys (the default), facilitators and
 * producers otherwise. Unreadable data keeps the responder hidden. Control events are public.
 */
function actorVisible(_state: SurveyState, event: StoredEvent, viewer: Actor): boolean {
  if (event.type !== 'submit') return true;
  return isObj(event.data) && event.data.anonymous === false && canModerate(viewer.role);
}

/**
 * The survey as one viewer may see it in a snapshot. Facilitators and producers get every response;
 * participants get the count and their own response only. Of `mine`, only the viewer's own entry is
 * kept, so no snapshot links another participant id to a response.
 */
function viewState(state: SurveyState, viewer: Actor): SurveyState {
  const rid = own(state.mine, viewer.id) as string | undefined;
  const mine: Record<string, string> = {};
  if (rid) put(mine, viewer.id, rid);
  let responses: Record<string, SurveyResponse> = {};
  if (canModerate(viewer.role)) responses = state.responses;
  else if (rid && own(state.responses, rid)) put(responses, rid, own(state.responses, rid) as SurveyResponse);
  return { ...state, mine, responses };
}

/** The survey topic model, shared by every authority and every client. */
export const surveyModel: TopicModel<SurveyState> = {
  kind: SURVEY_KIND,
  initial: initialSurveyState,
  decide,
  evolve,
  actorVisible,
  viewState,
  viewEvent: surveyEventFor,
  statements: () => import('./survey-xapi.js').then((m) => m.surveyStatements),
};

/**
 * A `submit` event as `viewer` may receive it (the model's `viewEvent`, applied by `projectEvent` in
 * every shipped authority): participants get other people's events without answers or context
 * (their count still moves). Call it with the stored event (actor known).
 */
export function surveyEventFor<E extends EventEnvelope>(event: E, viewer: Actor): E {
  if (event.type !== 'submit' || canModerate(viewer.role) || event.actor?.id === viewer.id || !isObj(event.data)) return event;
  const { rid, edit, anonymous, rules } = event.data;
  return { ...event, data: rules === undefined ? { rid, edit, anonymous } : { rid, edit, anonymous, rules } };
}

/** The response this participant sent, if this viewer can see it. */
export function myResponse(state: SurveyState, participantId: string): SurveyResponse | null {
  const rid = own(state.mine, participantId);
  return typeof rid === 'string' ? ((own(state.responses, rid) as SurveyResponse | undefined) ?? null) : null;
}

/** Whether this participant has a response (even one whose answers this viewer cannot see). */
export const hasResponded = (state: SurveyState, participantId: string): boolean => typeof own(state.mine, participantId) === 'string';

export type { SurveyDefinition };
