// Helpers of the xAPI tests: events accepted by the real authority step (what every authority
// stores), and Learning Locker's validator, which runs in Node (scripts/wtr-xapi-plugin.mjs).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { authorityStep, modelMap } from '../../src/core/protocol/authority.js';
import type { StoredEvent, TopicModel } from '../../src/core/protocol/model.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import type { XapiStatement } from '../../src/core/protocol/xapi-types.js';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import type { PollConfig } from '../../src/components/pulse-poll/poll-types.js';
import { threadModel } from '../../src/components/discussion-thread/thread-model.js';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import { surveyModel } from '../../src/components/session-survey/survey-model.js';

export const T0 = 1_700_000_000_000;

/** A named single-choice poll whose first option value has a space (ids and responses must not). */
export const single: PollConfig = {
  question: 'Which topic first?',
  kind: 'single',
  options: [
    { value: 'a b', label: 'Accessibility' },
    { value: 'c', label: 'Coaching' },
  ],
  allowChange: true,
  anonymous: false,
  results: 'live',
};
/** A named survey of two questions that allows edits. */
export const surveyDefinition = {
  title: 'After day 1',
  anonymous: false,
  allowEdit: true,
  questions: [
    { id: 'overall', type: 'rating', title: 'Overall?' },
    { id: 'why', type: 'text', title: 'Why?' },
  ],
};

const models = modelMap([pollModel, threadModel, meterModel, surveyModel] as TopicModel<any>[]);

export const fran: Actor = { id: 'fran-id', name: 'Fran Facilitator', role: 'facilitator' };
export const ana: Actor = { id: 'ana-id', name: 'Ana Anders', role: 'participant' };
export const ben: Actor = { id: 'ben-id', name: 'Ben Bakker', role: 'participant' };

/** One operation of a script. */
export interface Step {
  actor: Actor;
  type: string;
  data: unknown;
  /** The opId; by default `op-<n>` (a post's id is its opId). */
  opId?: string;
}

/** An accepted event as the authority stored it, and its topic's state just before it. */
export interface Accepted {
  event: StoredEvent;
  before: any;
}

/**
 * Runs a script through `authorityStep`, the step every shipped authority takes, one second apart.
 * Fails the test on a rejection: scripts hold only operations the authority accepts.
 */
export function replay(topic: string, steps: Step[]): Accepted[] {
  const out: Accepted[] = [];
  let state: unknown;
  steps.forEach((s, i) => {
    const op = { opId: s.opId ?? `op-${topic}-${i}`, clientId: s.actor.id, topic, type: s.type, data: s.data, createdAt: T0 };
    const r = authorityStep(models, op, s.actor, undefined, state, i, T0 + i * 1000);
    expect(r.ack.status, `${s.type} ${JSON.stringify(r.ack)}`).to.equal('applied');
    out.push({ event: r.event!, before: state ?? models.get(topic.split(':')[0]!)!.initial() });
    state = r.state;
  });
  return out;
}

const UUID5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Checks statements with Learning Locker's validator, plus spec rules it does not check: version 5
 * ids, a UUID registration, UTC timestamps, one identifier per actor, component ids without spaces.
 */
export async function expectValid(statements: XapiStatement[]): Promise<void> {
  expect(statements.length, 'statements to check').to.be.above(0);
  const problems = await executeServerCommand<string[][], { statements: XapiStatement[] }>('xapi-validate', { statements });
  statements.forEach((s, i) => {
    const where = JSON.stringify(s);
    expect(problems[i], where).to.deep.equal([]);
    expect(s.id, where).to.match(UUID5);
    expect(s.context.registration, where).to.match(UUID);
    expect(s.timestamp, where).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const actor = s.actor as unknown as Record<string, unknown>;
    expect(
      ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => k in actor),
      where,
    ).to.have.length(1);
    for (const c of [...(s.object.definition?.choices ?? []), ...(s.object.definition?.scale ?? [])])
      expect(c.id, where).to.not.match(/\s/);
  });
}

/** True when nothing in the statements names this person: not the id, the name or an e-mail. */
export function namesNobody(statements: XapiStatement[], who: Actor): boolean {
  const json = JSON.stringify(statements);
  return !json.includes(who.id) && !json.includes(who.name) && !json.includes('mailto:');
}
