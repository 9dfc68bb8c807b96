// Every shipped model passes the model conformance suite (src/testing/model-conformance.ts), as
// every shipped transport passes the transport one: models are an extension point too.
import { expect } from '@open-wc/testing';
import type { TopicModel } from '../../src/core/protocol/model.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { ConformanceError, runModelConformance } from '../../src/testing/index.js';
import { modelConformanceCases, type ModelStep } from '../../src/testing/model-conformance.js';
import { noteModel, type NoteState } from '../../src/testing/test-model.js';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import { threadModel } from '../../src/components/discussion-thread/thread-model.js';
import { surveyModel } from '../../src/components/session-survey/survey-model.js';
import { helpModel } from '../../src/components/help-button/help-model.js';
import { statusModel } from '../../src/components/help-button/status-model.js';
import { single, surveyDefinition } from '../xapi/xapi-support.js';

const fay: Actor = { id: 'fay-id', name: 'Fay', role: 'facilitator' };
const ana: Actor = { id: 'ana-id', name: 'Ana', role: 'participant' };
const ben: Actor = { id: 'ben-id', name: 'Ben', role: 'participant' };
const pro: Actor = { id: 'pro-id', name: 'Pro', role: 'producer' };

runModelConformance("note (the transport suite's model)", {
  model: noteModel,
  script: [
    { actor: ana, type: 'add', data: { text: 'one' } },
    { actor: fay, type: 'admin', data: {} },
    { actor: ben, type: 'add', data: { text: 'two' } },
  ],
});

runModelConformance('pulse poll', {
  model: pollModel,
  script: [
    { actor: fay, type: 'open', data: { config: single, seconds: 60 } },
    { actor: ana, type: 'vote', data: { round: 1, choices: ['a b'] } },
    { actor: ana, type: 'vote', data: { round: 1, choices: ['c'] } },
    { actor: ben, type: 'vote', data: { round: 1, choices: ['a b'] } },
    { actor: fay, type: 'reveal', data: { revealed: true } },
    { actor: fay, type: 'extend', data: { seconds: 30 } },
    { actor: fay, type: 'timer', data: { seconds: null } },
    { actor: fay, type: 'close', data: {} },
    { actor: pro, type: 'reset', data: {} },
    { actor: fay, type: 'open', data: { config: { ...single, anonymous: true } } },
    { actor: ana, type: 'vote', data: { round: 2, choices: ['c'] } },
  ],
});

runModelConformance('help queue', {
  model: helpModel,
  script: [
    {
      actor: ana,
      type: 'ask',
      data: {
        kind: 'cant_hear',
        text: 'No sound',
        diagnostics: { state: 'open', transport: 'http', queued: 2, language: 'pt-BR', browser: 'firefox' },
      },
      opId: 'help-ana-0001',
    },
    { actor: ben, type: 'ask', data: { kind: 'other', text: 'Screen frozen' }, opId: 'help-ben-0001' },
    { actor: pro, type: 'ack', data: { id: 'help-ana-0001' } },
    { actor: pro, type: 'step', data: { id: 'help-ana-0001', step: 'identify', done: true } },
    { actor: pro, type: 'reply', data: { id: 'help-ana-0001', text: 'Try reloading the page.' } },
    { actor: ana, type: 'withdraw', data: { id: 'help-ana-0001' } },
    { actor: fay, type: 'resolve', data: { id: 'help-ben-0001' } },
  ],
});

runModelConformance('connection health', {
  model: statusModel,
  script: [
    { actor: ana, type: 'report', data: { state: 'open', transport: 'http', queued: 0 } },
    { actor: ben, type: 'report', data: { state: 'open', transport: 'websocket', queued: 3 } },
    { actor: pro, type: 'report', data: { state: 'open', transport: 'local', queued: 0 } },
  ],
});

runModelConformance('engagement meter', {
  model: meterModel,
  script: [
    { actor: ana, type: 'state', data: { state: 'confused' } },
    { actor: ana, type: 'react', data: { reaction: 'clap' } },
    { actor: ana, type: 'hand', data: { raised: true } },
    { actor: fay, type: 'lower', data: { slot: 1 } },
    { actor: fay, type: 'named', data: { named: true } },
    { actor: ben, type: 'state', data: { state: 'got-it' } },
    { actor: ben, type: 'hand', data: { raised: true } },
    { actor: fay, type: 'mark', data: { label: 'Slide 12' } },
    { actor: pro, type: 'clear', data: {} },
  ],
});

runModelConformance('discussion thread', {
  model: threadModel,
  script: [
    { actor: ana, type: 'post', data: { body: 'What is a retro?' }, opId: 'post-q1-0001' },
    { actor: ben, type: 'post', data: { body: 'A look back.', parent: 'post-q1-0001' }, opId: 'post-r1-0001' },
    { actor: ana, type: 'edit', data: { postId: 'post-q1-0001', body: 'What is a retrospective?' } },
    { actor: ben, type: 'upvote', data: { postId: 'post-q1-0001', on: true } },
    { actor: ben, type: 'react', data: { postId: 'post-q1-0001', reaction: 'thanks', on: true } },
    { actor: fay, type: 'pin', data: { postId: 'post-q1-0001', pinned: true } },
    { actor: fay, type: 'hide', data: { postId: 'post-r1-0001', hidden: true } },
    { actor: fay, type: 'answer', data: { postId: 'post-q1-0001', answered: true } },
    { actor: fay, type: 'lock', data: { locked: true } },
    { actor: fay, type: 'lock', data: { locked: false } },
    { actor: ben, type: 'delete', data: { postId: 'post-r1-0001' } },
  ],
});

const context = { room: 'course-42', session: 'Morning', hidden: { cohort: 'b' } };

runModelConformance('session survey', {
  model: surveyModel,
  script: [
    { actor: fay, type: 'publish', data: { definition: surveyDefinition } },
    { actor: ana, type: 'submit', data: { answers: { overall: 4, why: 'Good pace' }, context } },
    { actor: ben, type: 'submit', data: { answers: { overall: 2 }, context } },
    { actor: ana, type: 'submit', data: { answers: { overall: 5, why: 'Good pace' }, context } },
    { actor: fay, type: 'close', data: {} },
    { actor: pro, type: 'reopen', data: {} },
  ],
});

// ---- the suite itself: each rule catches a model that breaks it ------------------------------------

const noteScript: ModelStep[] = [
  { actor: ana, type: 'add', data: { text: 'one' } },
  { actor: ben, type: 'add', data: { text: 'two' } },
];

/** The names of the cases a model fails, with the suite's message for each. */
function failures(model: TopicModel<any>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of modelConformanceCases({ model, script: noteScript })) {
    try {
      c.run();
    } catch (err) {
      expect(err, c.name).to.be.instanceOf(ConformanceError);
      out[c.name] = (err as Error).message;
    }
  }
  return out;
}

const evolveNote = noteModel.evolve;

describe('the model conformance suite', () => {
  it('passes the note model on every rule', () => {
    expect(failures(noteModel)).to.deep.equal({});
  });

  it('catches a model whose evolve changes the state it was given', () => {
    const mutating: TopicModel<NoteState & { texts: string[] }> = {
      ...noteModel,
      initial: () => ({ ...noteModel.initial(), texts: [] }),
      evolve(state, event) {
        state.texts.push(String((event.data as { text?: unknown })?.text));
        return { ...(evolveNote(state, event) as NoteState), texts: state.texts };
      },
    } as TopicModel<any>;
    expect(Object.values(failures(mutating)).join(' | ')).to.match(/evolve of step 0 \(add\) changed the state it was given/);
  });

  it('catches a state a JSON checkpoint cannot keep (a Map)', () => {
    const withMap = {
      ...noteModel,
      evolve: (state: NoteState, event: never) => ({ ...(evolveNote(state, event) as NoteState), seen: new Map([[1, 2]]) }),
    } as TopicModel<any>;
    expect(Object.values(failures(withMap)).join(' | ')).to.match(/state\.seen is a Map, not a plain object/);
  });

  it('catches a decide that throws on hostile data, and an evolve that throws on malformed data', () => {
    const throwing = {
      ...noteModel,
      decide: (s: NoteState, op: { data: { text: string } }, a: Actor) => (op.data.text.length, noteModel.decide(s, op as never, a, 0)),
    } as TopicModel<any>;
    expect(Object.values(failures(throwing)).join(' | ')).to.match(/decide threw on add null by a participant/);
    const lax = {
      ...noteModel,
      decide: (_s: NoteState, op: { type: string; data: unknown }) =>
        op.type === 'add' ? { ok: true, data: op.data } : { ok: false, error: { code: 'nope', message: 'no', retryable: false } },
      evolve: (state: NoteState, event: { data: { text: string } }) => ({ ...state, count: state.count + 1, last: event.data.text.trim() }),
    } as TopicModel<any>;
    expect(Object.values(failures(lax)).join(' | ')).to.match(/evolve threw on a add event with data null/);
  });

  it('catches a projection that changes the event it was given', () => {
    const leaky: TopicModel<NoteState> = { ...noteModel, viewEvent: (event) => Object.assign(event, { seq: event.seq + 1 }) };
    expect(Object.values(failures(leaky)).join(' | ')).to.match(/changed the event's topic, seq or opId|changed the stored event/);
  });
});
