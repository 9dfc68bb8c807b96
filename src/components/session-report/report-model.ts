/**
 * The session report's figures, computed from the topics' histories as a facilitator's session may
 * fetch them, folded with each widget's own pure model. Pure: no DOM, no clock, no storage; the
 * element passes the histories, the attendance it sampled and `now`. docs/decisions.md §41 says how
 * "present" and attendance are counted.
 */

import type { TopicModel } from '../../core/protocol/model.js';
import type { EventEnvelope } from '../../core/protocol/wire.js';
import { forEachPost, rootIds, threadModel } from '../discussion-thread/thread-model.js';
import type { ThreadState } from '../discussion-thread/thread-types.js';
import { aggregate, meterModel } from '../engagement-meter/meter-model.js';
import type { MeterMarker, MeterState } from '../engagement-meter/meter-types.js';
import { initialPollState, pollModel, resultRows } from '../pulse-poll/poll-model.js';
import type { PollConfig, PollKind, PollState } from '../pulse-poll/poll-types.js';
import { surveyModel } from '../session-survey/survey-model.js';
import { summarize } from '../session-survey/survey-stats.js';
import type { SurveyState } from '../session-survey/survey-types.js';
import { reportKindOf, type ReportKind } from './report-topics.js';

/** Each kind's model, by kind. */
export const REPORT_MODELS: Readonly<Record<ReportKind, TopicModel<any>>> = {
  poll: pollModel,
  meter: meterModel,
  survey: surveyModel,
  thread: threadModel,
};

/** One topic's history as this viewer fetched it from the authority. */
export interface TopicHistory {
  topic: string;
  /** Events in seq order (actors only where the authority lets this viewer see them). */
  events: EventEnvelope[];
  /** The authority's snapshot the events continue from, when it kept no older events. */
  snapshot?: { seq: number; state: unknown } | null;
}

/** Participants present at one instant, as the report sampled it (presentParticipants()). */
export interface AttendanceSample {
  /** Authority time (ms). */
  at: number;
  /** Participants present (staff never counted); null when the transport reports no presence. */
  present: number | null;
}

/** What the report is computed from. */
export interface ReportInput {
  room: string;
  histories: TopicHistory[];
  /** Attendance samples, oldest first, taken while a report was open. */
  attendance: AttendanceSample[];
  /** Distinct participant ids the report saw in the room's presence. */
  seen: readonly string[];
  /** Authority time (ms) of the report. */
  now: number;
  /** The meter's sticky states and weights (for the engagement index) and its smallest group. */
  meter: { states: ReadonlyArray<{ name: string; weight: number }>; minGroup: number };
}

/** Participation in one widget. */
export interface ParticipationRow {
  topic: string;
  kind: ReportKind;
  /** Participants who took part at least once. */
  participants: number;
  /**
   * False when anonymous actions keep the count a lower bound (an anonymous poll's voters across
   * rounds, a meter cleared in between): the people behind them cannot be told apart.
   */
  exact: boolean;
  /** `participants` as a share of the people present (0..1), null when nobody was counted present. */
  rate: number | null;
}

/** One result row of a poll round. */
export interface ReportPollRow {
  label: string;
  count: number;
  /** Share of those who responded, 0..100. */
  percent: number;
}

/** One round of one poll. */
export interface ReportPollRound {
  topic: string;
  round: number;
  question: string;
  kind: PollKind | null;
  responded: number;
  rows: ReportPollRow[];
  /** True for the round still running. */
  current: boolean;
}

/** One point of the engagement timeline. */
export interface ReportIndexPoint {
  at: number;
  /** 0..100, or null while withheld (fewer than the smallest group) or nobody was there. */
  index: number | null;
}

/** The engagement timeline of one meter. */
export interface ReportEngagement {
  topic: string;
  points: ReportIndexPoint[];
  markers: MeterMarker[];
  /** Whether present counts from attendance sampling were available for some points. */
  withPresence: boolean;
}

/** One question's summary in a survey. */
export interface ReportSurveyQuestion {
  id: string;
  title: string;
  type: string;
  answers: number;
  /** Mean answer (rating, nps), else null. */
  average: number | null;
  /** Net Promoter Score −100..100 (nps questions), else null. */
  nps: number | null;
}

/** One survey. */
export interface ReportSurvey {
  topic: string;
  title: string | null;
  responses: number;
  /** responses / present, null when nobody was counted present. */
  rate: number | null;
  closed: boolean;
  /** Null when no definition was published to the room (a self-serve survey): no averages then. */
  questions: ReportSurveyQuestion[] | null;
}

/** A question left open in a thread. */
export interface ReportOpenQuestion {
  id: string;
  body: string;
  at: number;
  votes: number;
}

/** One thread's activity. */
export interface ReportThread {
  topic: string;
  /** Posts and replies, deleted ones not counted. */
  posts: number;
  replies: number;
  /** Top-level posts (questions) shown in the thread. */
  questions: number;
  answered: number;
  /** Questions not marked answered, most upvoted first. */
  unanswered: ReportOpenQuestion[];
}

/** The whole report. */
export interface SessionReport {
  room: string;
  generatedAt: number;
  attendance: {
    /** When the first sample was taken (null: none yet). */
    since: number | null;
    samples: AttendanceSample[];
    peak: number | null;
  };
  /** Participants counted as present: the base of every rate (docs/decisions.md §41). */
  present: number;
  participation: ParticipationRow[];
  polls: ReportPollRound[];
  engagement: ReportEngagement[];
  surveys: ReportSurvey[];
  threads: ReportThread[];
  /** Topics whose authority kept a snapshot instead of their oldest events. */
  fromSnapshot: string[];
}

/** What folding one history gave: the state and who took part. */
interface Folded<S> {
  state: S;
  /** Participant ids seen acting. */
  ids: Set<string>;
  /** Participant actions without a visible actor. */
  hidden: number;
}

/** Event types by which a participant takes part, per kind. */
const TAKING_PART: Readonly<Record<ReportKind, readonly string[]>> = {
  poll: ['vote'],
  meter: ['state', 'react', 'hand'],
  survey: ['submit'],
  // Writing counts; upvotes and reactions reach staff without their actor, so they cannot be told apart.
  thread: ['post'],
};

/** Folds a history with the kind's model, noting who took part. */
function fold<S>(kind: ReportKind, h: TopicHistory, until = Infinity): Folded<S> {
  const model = REPORT_MODELS[kind] as TopicModel<S>;
  let state = (h.snapshot?.state as S | undefined) ?? model.initial();
  const ids = new Set<string>();
  let hidden = 0;
  for (const e of h.events) {
    if (e.at > until) break;
    state = model.evolve(state, e);
    if (!TAKING_PART[kind].includes(e.type)) continue;
    if (!e.actor) hidden++;
    else if (e.actor.role === 'participant') ids.add(e.actor.id);
  }
  return { state, ids, hidden };
}

const rateOf = (n: number, present: number): number | null => (present > 0 ? Math.min(1, n / present) : null);

/** Distinct meter slots that signalled between clears: the most in any stretch, and whether there was one. */
function meterSignallers(h: TopicHistory): { most: number; cleared: boolean } {
  let slots = new Set<number>();
  let most = 0;
  let cleared = false;
  for (const e of h.events) {
    if (e.type === 'clear') {
      cleared = true;
      slots = new Set();
    }
    const slot = (e.data as { slot?: unknown } | null)?.slot;
    if (TAKING_PART.meter.includes(e.type) && typeof slot === 'number') slots.add(slot);
    most = Math.max(most, slots.size);
  }
  return { most, cleared };
}

/** Who took part in one topic: named actors, or the counts anonymous data still gives. */
function participantsOf(kind: ReportKind, h: TopicHistory, f: Folded<any>): { n: number; exact: boolean } {
  const named = f.ids.size;
  const snapshot = !!h.snapshot;
  switch (kind) {
    case 'poll': {
      const s = f.state as PollState;
      const most = Math.max(s.responded, ...s.history.map((r) => r.responded));
      return { n: Math.max(named, most), exact: !snapshot && (f.hidden === 0 || s.history.length === 0) };
    }
    case 'survey':
      // One response per participant: the count is exact even when responses are anonymous.
      return { n: Math.max(named, (f.state as SurveyState).count), exact: true };
    case 'meter': {
      const { most, cleared } = meterSignallers(h);
      return { n: Math.max(named, most), exact: !snapshot && !cleared };
    }
    default:
      return { n: named, exact: !snapshot && f.hidden === 0 };
  }
}

/** Every round of a poll, oldest first (a round nobody opened or answered is left out). */
function pollRounds(topic: string, s: PollState): ReportPollRound[] {
  const round = (n: number, config: PollConfig | null, state: PollState, current: boolean): ReportPollRound => ({
    topic,
    round: n,
    question: config?.question ?? '',
    kind: config?.kind ?? state.rules?.kind ?? null,
    responded: state.responded,
    rows: resultRows(state, config).map((r) => ({ label: r.label, count: r.count, percent: r.percent })),
    current,
  });
  const past = s.history.map((r) =>
    round(r.round, r.config, { ...initialPollState(), tally: r.tally, responded: r.responded, texts: r.texts }, false),
  );
  const rounds = [...past, round(s.round, s.config, s, true)];
  return rounds.filter((r) => r.responded > 0 || r.question !== '');
}

/** Attendance at `at`: the latest sample at or before it, when sampling had started. */
function presentAt(samples: readonly AttendanceSample[], at: number): number | null {
  let found: number | null = null;
  for (const s of samples) {
    if (s.at > at) break;
    found = s.present;
  }
  return found;
}

/** Most points on an engagement timeline (the span is cut into at most this many steps). */
export const TIMELINE_POINTS = 120;

/**
 * The engagement index over the meter's history: the meter's own `aggregate` at evenly spaced
 * instants from its first event to `now`, with the participants present from attendance sampling
 * where the report had sampled by then. The index's participation part is left out (the report does
 * not know which topics a meter relates to), as the meter does without `related`.
 */
function engagementOf(h: TopicHistory, input: ReportInput): ReportEngagement {
  const events = h.events;
  const markers = (fold<MeterState>('meter', h).state.markers ?? []).slice();
  const start = events[0]?.at;
  if (start === undefined) return { topic: h.topic, points: [], markers, withPresence: false };
  const end = Math.max(input.now, events[events.length - 1]!.at);
  const step = Math.max(1000, Math.ceil((end - start) / TIMELINE_POINTS));
  const model = meterModel;
  let state = (h.snapshot?.state as MeterState | undefined) ?? model.initial();
  let i = 0;
  let withPresence = false;
  const points: ReportIndexPoint[] = [];
  for (let at = start; at <= end + step - 1; at += step) {
    const t = Math.min(at, end);
    while (i < events.length && events[i]!.at <= t) state = model.evolve(state, events[i++]!);
    const present = presentAt(input.attendance, t);
    if (present !== null) withPresence = true;
    const a = aggregate(state, t, { states: input.meter.states, present, minGroup: input.meter.minGroup, participation: [] });
    points.push({ at: t, index: a.index });
    if (t === end) break;
  }
  return { topic: h.topic, points, markers, withPresence };
}

function surveyOf(topic: string, s: SurveyState, present: number): ReportSurvey {
  const def = s.definition;
  const questions = def
    ? summarize(def, Object.values(s.responses)).map((q) => ({
        id: q.q.id,
        title: q.q.title,
        type: q.q.type,
        answers: q.n,
        average: q.avg ?? null,
        nps: q.nps?.score ?? null,
      }))
    : null;
  return { topic, title: def?.title ?? null, responses: s.count, rate: rateOf(s.count, present), closed: s.closed, questions };
}

function threadOf(topic: string, s: ThreadState): ReportThread {
  let posts = 0;
  let replies = 0;
  forEachPost(s, (p) => {
    if (p.deleted) return;
    posts++;
    if (p.parent !== null) replies++;
  });
  const unanswered: ReportOpenQuestion[] = [];
  let questions = 0;
  let answered = 0;
  const byId = new Map<string, ThreadState['buckets'][number][string]>();
  forEachPost(s, (p) => byId.set(p.id, p));
  for (const id of rootIds(s)) {
    const p = byId.get(id);
    if (!p || p.deleted || p.hidden) continue;
    questions++;
    if (p.answered) answered++;
    else unanswered.push({ id: p.id, body: p.body, at: p.at, votes: p.votes });
  }
  unanswered.sort((a, b) => b.votes - a.votes || a.at - b.at);
  return { topic, posts, replies, questions, answered, unanswered };
}

/** The report: participation, polls, engagement, surveys and threads from the histories. */
export function buildReport(input: ReportInput): SessionReport {
  const folded = input.histories
    .map((h) => ({ h, kind: reportKindOf(h.topic) }))
    .filter((x): x is { h: TopicHistory; kind: ReportKind } => x.kind !== null)
    .map(({ h, kind }) => ({ h, kind, f: fold<any>(kind, h) }));
  const counts = folded.map(({ h, kind, f }) => participantsOf(kind, h, f));
  // Present: everyone seen in presence, everyone seen taking part, and never fewer than a sample or
  // a widget's own count (someone who voted was there, even while no report was open).
  const people = new Set(input.seen);
  for (const { f } of folded) for (const id of f.ids) people.add(id);
  const sampled = input.attendance.map((s) => s.present).filter((n): n is number => n !== null);
  const peak = sampled.length ? Math.max(...sampled) : null;
  const present = Math.max(people.size, peak ?? 0, ...counts.map((c) => c.n));
  return {
    room: input.room,
    generatedAt: input.now,
    attendance: { since: input.attendance[0]?.at ?? null, samples: input.attendance.slice(), peak },
    present,
    participation: folded.map(({ h, kind }, i) => ({
      topic: h.topic,
      kind,
      participants: counts[i]!.n,
      exact: counts[i]!.exact,
      rate: rateOf(counts[i]!.n, present),
    })),
    polls: folded.filter((x) => x.kind === 'poll').flatMap(({ h, f }) => pollRounds(h.topic, f.state as PollState)),
    engagement: folded.filter((x) => x.kind === 'meter').map(({ h }) => engagementOf(h, input)),
    surveys: folded.filter((x) => x.kind === 'survey').map(({ h, f }) => surveyOf(h.topic, f.state as SurveyState, present)),
    threads: folded.filter((x) => x.kind === 'thread').map(({ h, f }) => threadOf(h.topic, f.state as ThreadState)),
    fromSnapshot: input.histories.filter((h) => !!h.snapshot).map((h) => h.topic),
  };
}

/** Adds an attendance sample unless the last one is younger than `everyMs` and says the same; keeps at most `max`. */
export function addAttendance(
  samples: readonly AttendanceSample[],
  sample: AttendanceSample,
  everyMs: number,
  max = 2880,
): AttendanceSample[] {
  const last = samples[samples.length - 1];
  if (last && sample.at - last.at < everyMs && last.present === sample.present) return samples as AttendanceSample[];
  if (last && sample.at <= last.at) return samples as AttendanceSample[];
  const next = [...samples, sample];
  return next.length > max ? next.slice(next.length - max) : next;
}
