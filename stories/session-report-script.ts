/**
 * A scripted training session for `<pk-session-report>`'s stories and tests: a facilitator and five
 * participants use a poll (two rounds), a meter, a survey and a Q&A thread, through a MemoryHub
 * that knows every widget's model. Answers are fixed, so the report's figures are known:
 *
 * - poll:warmup (named): round 1 yes, yes, no (p1-p3); round 2 no, yes (p1, p4) → 4 took part
 * - survey:after (anonymous): ratings 4, 2, 3 → average 3; NPS 10, 6, 9 → 2 promoters, 1 detractor → 33
 * - thread:qa: p1 and p2 ask, p3 replies to p1, the facilitator marks p1's answered → 3 posts, 1 reply, 2 questions, 1 answered
 * - meter:class: p1 got-it, p2 confused, a "break" marker → 2 signalled
 */
import { threadModel } from '../src/components/discussion-thread/thread-model.js';
import { meterModel } from '../src/components/engagement-meter/meter-model.js';
import { pollModel } from '../src/components/pulse-poll/poll-model.js';
import type { PollConfig } from '../src/components/pulse-poll/poll-types.js';
import { surveyModel } from '../src/components/session-survey/survey-model.js';
import { newOpId } from '../src/core/protocol/ids.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import type { Actor, Operation } from '../src/core/protocol/wire.js';

/** The topics the report joins. */
export const REPORT_TOPICS = 'poll:warmup meter:class survey:after thread:qa';

/** The facilitator of the scripted session. */
export const FAY: Actor = { id: 'fay', name: 'Fay', role: 'facilitator' };

/** Participant `n` (p1…p5). */
export const person = (n: number): Actor => ({ id: `p${n}`, name: `Person ${n}`, role: 'participant' });

/** One scripted operation; `opId` when a later step refers to it (a post answered). */
export interface ScriptStep {
  as: Actor;
  topic: string;
  type: string;
  data: unknown;
  opId?: string;
}

const warmup: PollConfig = {
  question: 'Ready to start?',
  kind: 'single',
  options: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'Not yet' },
  ],
  allowChange: false,
  anonymous: false,
  results: 'live',
};

const survey = {
  title: 'After day 1',
  questions: [
    { id: 'useful', type: 'rating', title: 'How useful was today?', min: 1, max: 5 },
    { id: 'nps', type: 'nps', title: 'Would you recommend it?' },
  ],
};

const ctx = { room: 'script', session: 'Day 1', hidden: {} };
const vote = (n: number, choice: string, round: number): ScriptStep => ({
  as: person(n),
  topic: 'poll:warmup',
  type: 'vote',
  data: { round, choices: [choice] },
});
const answer = (n: number, useful: number, nps: number): ScriptStep => ({
  as: person(n),
  topic: 'survey:after',
  type: 'submit',
  data: { answers: { useful, nps }, context: ctx },
});

/** The session's operations, in order. */
export function sessionScript(): ScriptStep[] {
  return [
    { as: FAY, topic: 'poll:warmup', type: 'open', data: { config: warmup } },
    vote(1, 'yes', 1),
    vote(2, 'yes', 1),
    vote(3, 'no', 1),
    { as: FAY, topic: 'poll:warmup', type: 'reset', data: {} },
    vote(1, 'no', 2),
    vote(4, 'yes', 2),
    { as: person(1), topic: 'thread:qa', type: 'post', data: { body: 'Where are the slides?', anonymous: false }, opId: 'post-slides' },
    { as: person(2), topic: 'thread:qa', type: 'post', data: { body: 'Is there a recording?', anonymous: false } },
    { as: person(3), topic: 'thread:qa', type: 'post', data: { body: 'In the course folder.', parent: 'post-slides', anonymous: false } },
    { as: FAY, topic: 'thread:qa', type: 'answer', data: { postId: 'post-slides', answered: true } },
    { as: FAY, topic: 'survey:after', type: 'publish', data: { definition: survey } },
    answer(1, 4, 10),
    answer(2, 2, 6),
    answer(3, 3, 9),
    { as: person(1), topic: 'meter:class', type: 'state', data: { state: 'got-it' } },
    { as: person(2), topic: 'meter:class', type: 'state', data: { state: 'confused' } },
    { as: FAY, topic: 'meter:class', type: 'mark', data: { label: 'break' } },
  ];
}

/** Milliseconds between scripted steps on the authority's clock. */
export const STEP_MS = 30_000;

/**
 * Plays `steps` into a new hub, each by its own connection, on an authority clock that starts
 * `steps.length` steps before now and reaches the real time at the end (live actions afterwards
 * carry real times). Returns the hub and when the script started.
 */
export async function playScript(room: string, steps: ScriptStep[] = sessionScript()): Promise<{ hub: MemoryHub; start: number }> {
  const start = Date.now() - steps.length * STEP_MS;
  let fake: number | null = start;
  const hub = new MemoryHub({ models: [pollModel, meterModel, surveyModel, threadModel], now: () => fake ?? Date.now() });
  const links = new Map<string, MemoryTransport>();
  try {
    for (const step of steps) {
      fake = (fake ?? start) + STEP_MS;
      let link = links.get(step.as.id);
      if (!link) {
        link = new MemoryTransport(hub);
        await link.connect({ room, identity: step.as });
        links.set(step.as.id, link);
      }
      const op: Operation = {
        opId: step.opId ?? newOpId(),
        clientId: step.as.id,
        topic: step.topic,
        type: step.type,
        data: step.data,
        createdAt: fake,
      };
      const [ack] = await link.send([op]);
      if (ack?.status !== 'applied')
        throw new Error(
          `Script for room "${room}": ${step.type} on ${step.topic} by ${step.as.id} was not applied (${ack?.status === 'rejected' ? `${ack.error.code}: ${ack.error.message}` : String(ack?.status)}).`,
        );
    }
  } finally {
    await Promise.all([...links.values()].map((l) => l.close()));
    fake = null;
  }
  return { hub, start };
}
