import { expect } from '@open-wc/testing';
import { authorityStep, modelMap } from '../../src/core/protocol/authority.js';
import { projectEvent, type StoredEvent } from '../../src/core/protocol/model.js';
import type { Ack, Actor, EventEnvelope, Operation } from '../../src/core/protocol/wire.js';
import {
  canSeeResults,
  isClosed,
  myChoices,
  pollModel,
  pollTopic,
  resultRows,
  timeLeft,
  validatePollConfig,
  voteData,
  voterIds,
  type PollConfig,
  type PollState,
} from '../../src/components/pulse-poll/poll-model.js';

const TOPIC = 'poll:warmup';
const T0 = 1_700_000_000_000;
const models = modelMap([pollModel]);

const fac: Actor = { id: 'fac', name: 'Fran', role: 'facilitator' };
const prod: Actor = { id: 'prod', name: 'Pat', role: 'producer' };
const ana: Actor = { id: 'ana', name: 'Ana', role: 'participant' };
const ben: Actor = { id: 'ben', name: 'Ben', role: 'participant' };
const cai: Actor = { id: 'cai', name: 'Cai', role: 'participant' };
const dee: Actor = { id: 'dee', name: 'Dee', role: 'participant' };

const base = { allowChange: false, anonymous: false, results: 'live' } as const;
const single: PollConfig = {
  ...base,
  question: 'Which topic first?',
  kind: 'single',
  options: [
    { value: 'a', label: 'Accessibility' },
    { value: 'b', label: 'Budgets' },
    { value: 'c', label: 'Coaching' },
  ],
};
const multiple: PollConfig = { ...single, question: 'Pick up to two', kind: 'multiple', maxChoices: 2 };
const scale: PollConfig = {
  ...base,
  question: 'How confident are you?',
  kind: 'scale',
  options: [{ value: '3', label: 'Getting there' }],
  min: 1,
  max: 5,
  minLabel: 'Not at all',
  maxLabel: 'Completely',
};
const text: PollConfig = { ...base, question: 'One word for today?', kind: 'text', options: [] };

/** A minimal authority around the real `authorityStep`: stores events and state like every transport does. */
class Room {
  state: PollState | undefined;
  events: StoredEvent[] = [];
  /** State before each event, for projection (what the authority had when it fanned the event out). */
  before: PollState[] = [];
  private n = 0;
  now = T0;

  get s(): PollState {
    return this.state ?? pollModel.initial();
  }

  send(actor: Actor, type: string, data: unknown, now = this.now): Ack {
    const op: Operation = { opId: `op-${String(++this.n).padStart(6, '0')}`, clientId: actor.id, topic: TOPIC, type, data, createdAt: now };
    const r = authorityStep<PollState>(models, op, actor, undefined, this.state, this.events.length, now);
    if (r.event) {
      this.before.push(this.s);
      this.events.push(r.event);
      this.state = r.state;
    }
    return r.ack;
  }

  vote(actor: Actor, choices: unknown, extra: Record<string, unknown> = {}, now = this.now): Ack {
    return this.send(actor, 'vote', { round: this.s.round, choices, ...extra }, now);
  }

  open(config: PollConfig, seconds?: number | null, now = this.now): Ack {
    return this.send(fac, 'open', seconds === undefined ? { config } : { config, seconds }, now);
  }

  /** Folds every event as `viewer` receives it (actor stripped where the model hides it). */
  viewAs(viewer: Actor): { state: PollState; received: EventEnvelope[] } {
    const received = this.events.map((e, i) => projectEvent(pollModel, this.before[i] as PollState, e, viewer));
    const state = received.reduce((s, e) => pollModel.evolve(s, e), pollModel.initial());
    return { state, received };
  }
}

function expectApplied(ack: Ack): void {
  expect(ack.status, ack.status === 'rejected' ? `${ack.error.code}: ${ack.error.message}` : '').to.equal('applied');
}

function expectRejected(ack: Ack, code: string, message?: RegExp): void {
  expect(ack.status).to.equal('rejected');
  if (ack.status !== 'rejected') return;
  expect(ack.error.code).to.equal(code);
  expect(ack.error.retryable, 'a user cannot fix this by retrying').to.equal(false);
  expect(ack.error.message).to.be.a('string').and.not.be.empty;
  if (message) expect(ack.error.message).to.match(message);
}

const lastData = (room: Room): Record<string, unknown> => room.events[room.events.length - 1]!.data as Record<string, unknown>;

describe('pollModel', () => {
  describe('one response per participant per round', () => {
    it('rejects a second vote when answers cannot be changed, and the tally counts the first one only', () => {
      const room = new Room();
      expectApplied(room.open(single));
      expectApplied(room.vote(ana, ['a']));
      expectRejected(room.vote(ana, ['b']), 'already_voted', /already answered/);
      expectApplied(room.vote(ben, ['a']));
      expect(room.s.tally).to.deep.equal({ a: 2 });
      expect(room.s.responded).to.equal(2);
      expect(myChoices(room.s, 'ana')).to.deep.equal(['a']);
      expect(myChoices(room.s, 'cai')).to.equal(null);
    });

    it('replaces the answer when allowChange is on, moving the count instead of adding one', () => {
      const room = new Room();
      room.open({ ...single, allowChange: true });
      expectApplied(room.vote(ana, ['a']));
      expectApplied(room.vote(ben, ['a']));
      expectApplied(room.vote(ana, ['c']));
      expect(lastData(room).replaces).to.deep.equal(['a']);
      expect(room.s.tally).to.deep.equal({ a: 1, c: 1 });
      expect(room.s.responded).to.equal(2);
      expectApplied(room.vote(ben, ['c']));
      expect(room.s.tally, 'an option nobody holds any more disappears').to.deep.equal({ c: 2 });
      expect(myChoices(room.s, 'ana')).to.deep.equal(['c']);
    });

    it('a self-serve poll takes votes before anyone opens it, and opening keeps them', () => {
      const room = new Room();
      expect(room.s.status).to.equal('new');
      const page = voteData(1, ['a'], { ...single, allowChange: true });
      expectApplied(room.send(ana, 'vote', page));
      expectApplied(room.send(ana, 'vote', { ...page, choices: ['b'] }));
      expectApplied(room.send(ben, 'vote', { ...page, choices: ['b'] }));
      expect(room.s.tally).to.deep.equal({ b: 2 });
      expectApplied(room.open(single));
      expect(room.s.status).to.equal('open');
      expect(room.s.round).to.equal(1);
      expect(room.s.tally).to.deep.equal({ b: 2 });
      expect(room.s.responded).to.equal(2);
      // From now on the config wins over what a vote asks for.
      expectRejected(room.vote(ana, ['a'], { allowChange: true }), 'already_voted');
    });
  });

  // Issue #12 item 2: a participant's operation never sets the rules it is judged by.
  describe('the rules of a self-serve poll', () => {
    const page = voteData(1, ['a'], single);

    it('the first vote fixes them; a re-vote carrying allowChange: true is refused', () => {
      const room = new Room();
      expectApplied(room.send(ana, 'vote', page));
      expect(room.s.rules).to.deep.include({ kind: 'single', options: ['a', 'b', 'c'], allowChange: false, anonymous: false });
      expect(lastData(room).rules, 'the event carries what it fixed, so every client folds the same rules').to.deep.equal(room.s.rules);
      expectRejected(room.send(ana, 'vote', { ...page, choices: ['b'], allowChange: true }), 'already_voted');
      expect(room.s.tally).to.deep.equal({ a: 1 });
    });

    it('a vote for a value that is not an option is refused, whatever options it brings', () => {
      const room = new Room();
      expectApplied(room.send(ana, 'vote', page));
      expectRejected(room.send(ben, 'vote', { ...page, choices: ['zzz'] }), 'invalid_choice', /not one of this poll's options/);
      expectRejected(room.send(ben, 'vote', { ...page, choices: ['zzz'], options: ['a', 'zzz'] }), 'invalid_choice');
      expectRejected(room.send(ben, 'vote', { ...page, choices: ['a', 'b'], kind: 'multiple', maxChoices: 3 }), 'too_many_choices');
      expect(room.s.responded).to.equal(1);
      // The very first vote is judged by the rules it brings too.
      expectRejected(new Room().send(ana, 'vote', { ...page, choices: ['zzz'] }), 'invalid_choice');
      expectRejected(new Room().send(ana, 'vote', { ...page, options: 'a' }), 'invalid_config');
    });

    it('scale and text polls keep their range and number of answers', () => {
      const scaled = new Room();
      expectApplied(scaled.send(ana, 'vote', voteData(1, ['3'], scale)));
      expectRejected(scaled.send(ben, 'vote', { ...voteData(1, ['9'], scale), min: 0, max: 10 }), 'invalid_choice', /from 1 to 5/);
      const texts = new Room();
      expectApplied(texts.send(ana, 'vote', voteData(1, ['Focus'], text)));
      expectRejected(texts.send(ben, 'vote', { ...voteData(1, ['One', 'Two'], text), maxChoices: 5 }), 'too_many_choices');
    });

    it('they survive a reset, and a facilitator who opens the poll replaces them', () => {
      const room = new Room();
      expectApplied(room.send(ana, 'vote', page));
      expectApplied(room.send(fac, 'reset', {}));
      expectRejected(room.send(ben, 'vote', { ...voteData(2, ['zzz'], single), options: ['zzz'] }), 'invalid_choice');
      expectApplied(room.open({ ...single, options: [...single.options, { value: 'd', label: 'Design' }], allowChange: true }));
      expectApplied(room.send(ben, 'vote', { ...voteData(2, ['d'], single) }));
      expectApplied(room.send(ben, 'vote', { ...voteData(2, ['a'], single) }));
    });

    it('clients fold the same rules from the events, anonymous or not', () => {
      const room = new Room();
      room.send(ana, 'vote', voteData(1, ['a'], { ...single, anonymous: true }));
      expect(room.viewAs(ben).state.rules).to.deep.equal(room.s.rules);
      expect(room.viewAs(ben).state.rules!.anonymous).to.equal(true);
    });
  });

  describe('facilitator controls', () => {
    it('a participant cannot open, close, reveal, reset or run the timer; nothing changes', () => {
      const room = new Room();
      room.open(single, 60);
      room.vote(ana, ['a']);
      const before = room.s;
      const attempts: [string, unknown][] = [
        ['open', { config: text }],
        ['close', {}],
        ['reveal', { revealed: true }],
        ['reset', {}],
        ['timer', { seconds: null }],
        ['extend', { seconds: 30 }],
      ];
      for (const [type, data] of attempts) {
        expectRejected(room.send(ana, type, data), 'forbidden', /^Only a facilitator can /);
      }
      expect(room.s).to.equal(before);
      expect(room.events).to.have.length(2);
    });

    it('a producer can run the controls too', () => {
      const room = new Room();
      expectApplied(room.send(prod, 'open', { config: single }));
      expectApplied(room.send(prod, 'reveal', { revealed: true }));
      expect(room.s.revealed).to.equal(true);
      expectApplied(room.send(prod, 'close', {}));
      expect(room.s.status).to.equal('closed');
    });

    it('staff run the poll and do not vote: a vote from a facilitator or producer is refused and counts nowhere', () => {
      for (const opened of [true, false]) {
        const room = new Room();
        if (opened) room.open(single);
        const before = room.s;
        for (const staff of [fac, prod]) {
          expectRejected(room.vote(staff, ['a'], { kind: 'single' }), 'participants_only', /^Only participants vote/);
        }
        expect(room.s, opened ? 'an opened poll' : 'a self-serve poll').to.deep.equal(before);
        expect(room.events.filter((e) => e.type === 'vote')).to.have.length(0);
        expectApplied(room.vote(ana, ['a'], { kind: 'single' }));
        expect(room.s.responded).to.equal(1);
      }
    });

    it('close stops votes; re-opening continues the same round with its votes', () => {
      const room = new Room();
      room.open(single);
      room.vote(ana, ['a']);
      expectApplied(room.send(fac, 'close', {}));
      expectRejected(room.vote(ben, ['b']), 'poll_closed', /closed/);
      expectRejected(room.send(fac, 'close', {}), 'poll_closed', /already closed/);
      expectApplied(room.open(single));
      expect(room.s.round).to.equal(1);
      expectApplied(room.vote(ben, ['b']));
      expectRejected(room.vote(ana, ['b']), 'already_voted');
      expect(room.s.tally).to.deep.equal({ a: 1, b: 1 });
    });

    it('reset archives the round, starts the next one and turns away votes for the old round', () => {
      const room = new Room();
      room.open(single, 60);
      room.vote(ana, ['a']);
      room.vote(ben, ['b']);
      room.send(fac, 'reveal', { revealed: true });
      const oldRound = room.s.round;
      expectApplied(room.send(fac, 'reset', {}));
      expect(room.s).to.include({ round: 2, status: 'open', responded: 0, revealed: false, closesAt: null });
      expect(room.s.tally).to.deep.equal({});
      expect(room.s.history).to.deep.equal([{ round: 1, config: single, tally: { a: 1, b: 1 }, responded: 2, texts: {} }]);
      expectRejected(
        room.send(ana, 'vote', { round: oldRound, choices: ['a'] }),
        'stale_round',
        /This poll was reset; vote again in the new round\./,
      );
      expectApplied(room.vote(ana, ['c']));
      expect(room.s.tally).to.deep.equal({ c: 1 });
    });

    it('a reset self-serve poll stays self-serve', () => {
      const room = new Room();
      room.vote(ana, ['x']);
      room.send(fac, 'reset', {});
      expect(room.s.status).to.equal('new');
      expect(room.s.history[0]).to.deep.include({ round: 1, config: null, tally: { x: 1 } });
    });

    it('history keeps the last 20 rounds', () => {
      const room = new Room();
      room.open(single);
      for (let i = 0; i < 25; i++) {
        room.vote(ana, ['a']);
        room.send(fac, 'reset', {});
      }
      expect(room.s.round).to.equal(26);
      expect(room.s.history).to.have.length(20);
      expect(room.s.history[0]!.round).to.equal(6);
      expect(room.s.history[19]!.round).to.equal(25);
    });
  });

  describe('timer', () => {
    it('closes the poll by itself when the authority clock reaches closesAt', () => {
      const room = new Room();
      expectApplied(room.open(single, 60));
      expect(room.s.closesAt).to.equal(T0 + 60_000);
      expect(timeLeft(room.s, T0 + 15_000)).to.equal(45_000);
      expectApplied(room.vote(ana, ['a'], {}, T0 + 59_999));
      expect(isClosed(room.s, T0 + 59_999)).to.equal(false);
      expectRejected(room.vote(ben, ['a'], {}, T0 + 60_000), 'poll_closed', /Time is up/);
      expect(isClosed(room.s, T0 + 60_000)).to.equal(true);
      expect(room.s.status, 'no event is needed to close').to.equal('open');
      expect(timeLeft(room.s, T0 + 90_000)).to.equal(0);
    });

    it('extend adds time to the running timer and timer null turns it off', () => {
      const room = new Room();
      room.open(single);
      expectRejected(room.send(fac, 'extend', { seconds: 30 }), 'no_timer', /no timer running/);
      expectApplied(room.send(fac, 'timer', { seconds: 30 }, T0 + 1000));
      expect(room.s.closesAt).to.equal(T0 + 31_000);
      expectApplied(room.send(fac, 'extend', { seconds: 15 }, T0 + 20_000));
      expect(lastData(room)).to.deep.equal({ closesAt: T0 + 46_000 });
      expectApplied(room.vote(ana, ['a'], {}, T0 + 40_000));
      expectApplied(room.send(fac, 'timer', { seconds: null }, T0 + 41_000));
      expect(room.s.closesAt).to.equal(null);
      expect(timeLeft(room.s, T0 + 41_000)).to.equal(null);
      expectApplied(room.vote(ben, ['a'], {}, T0 + 3_600_000));
    });

    it('an expired or closed poll cannot get a timer or an extension; re-opening clears the old timer', () => {
      const room = new Room();
      room.open(single, 10);
      expectRejected(room.send(fac, 'extend', { seconds: 30 }, T0 + 10_000), 'poll_closed');
      expectRejected(room.send(fac, 'timer', { seconds: 30 }, T0 + 10_000), 'poll_closed');
      room.send(fac, 'close', {}, T0 + 11_000);
      expectRejected(room.send(fac, 'timer', { seconds: null }, T0 + 12_000), 'poll_closed');
      expectApplied(room.open(single, null, T0 + 20_000));
      expect(room.s.closesAt).to.equal(null);
      expectApplied(room.vote(ana, ['a'], {}, T0 + 30_000));
    });

    it('rejects timer lengths that make no sense', () => {
      const room = new Room();
      room.open(single);
      for (const seconds of [-5, 0, Number.NaN, '30', 86_401]) {
        expectRejected(room.send(fac, 'timer', { seconds }), 'bad_operation', /seconds/);
      }
      room.send(fac, 'timer', { seconds: 30 });
      expectRejected(room.send(fac, 'extend', { seconds: 0 }), 'bad_operation');
      expectRejected(room.open(single, -1), 'bad_operation');
    });
  });

  describe('reject codes', () => {
    it('every invalid vote gets its own code', () => {
      const room = new Room();
      room.open(single);
      room.vote(cai, ['a']);
      const cases: [unknown, string][] = [
        [['z'], 'invalid_choice'],
        [[], 'invalid_choice'],
        ['a', 'invalid_choice'],
        [[1], 'invalid_choice'],
        [[''], 'invalid_choice'],
        [['a', 'a'], 'invalid_choice'],
        [['x'.repeat(201)], 'invalid_choice'],
        [Array.from({ length: 21 }, (_, i) => `o${i}`), 'invalid_choice'],
        [['a', 'b'], 'too_many_choices'],
      ];
      for (const [choices, code] of cases) expectRejected(room.vote(ana, choices), code);
      expectRejected(room.vote(cai, ['b']), 'already_voted');
      expectRejected(room.send(ana, 'vote', { round: 7, choices: ['a'] }), 'stale_round');
      expectRejected(room.send(ana, 'vote', { choices: ['a'] }), 'bad_operation');
      expectRejected(room.send(ana, 'vote', null), 'bad_operation');
      expectRejected(room.send(ana, 'shout', {}), 'bad_operation', /shout/);
      expectRejected(room.send(fac, 'reveal', { revealed: 'yes' }), 'bad_operation');
      expectRejected(room.send(fac, 'open', { config: { ...single, question: '  ' } }), 'invalid_config', /needs a question/);
      room.send(fac, 'close', {});
      expectRejected(room.vote(ana, ['a']), 'poll_closed');
      expect(room.s.tally, 'no rejected vote counted').to.deep.equal({ a: 1 });
      expect(room.s.responded).to.equal(1);
    });

    it('rejections can be decided directly, without an authority', () => {
      const s = pollModel.initial();
      const op: Operation = { opId: 'op-direct-1', clientId: 'ana', topic: TOPIC, type: 'reset', data: {}, createdAt: T0 };
      const d = pollModel.decide(s, op, ana, T0);
      expect(d.ok).to.equal(false);
      if (!d.ok)
        expect(d.error).to.deep.equal({ code: 'forbidden', message: 'Only a facilitator can send "reset" to a poll.', retryable: false });
    });
  });

  describe('kinds', () => {
    it('text answers are trimmed, whitespace-collapsed, counted case-insensitively and ranked', () => {
      const room = new Room();
      room.open({ ...text, allowChange: true });
      const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((id): Actor => ({ id, name: id, role: 'participant' }));
      const answers = ['  Team \n  work ', 'team work', 'Breaks', 'TEAM WORK', 'coffee', 'breaks'];
      people.forEach((p, i) => expectApplied(room.vote(p, [answers[i]])));
      expect(room.events[1]!.data).to.deep.include({ choices: ['Team work'] });
      expect(room.s.tally).to.deep.equal({ 'team work': 3, breaks: 2, coffee: 1 });
      expect(room.s.texts['team work'], 'first-seen spelling is shown').to.equal('Team work');
      const rows = resultRows(room.s, room.s.config);
      expect(rows.map((r) => [r.label, r.count])).to.deep.equal([
        ['Team work', 3],
        ['Breaks', 2],
        ['coffee', 1],
      ]);
      expect(rows[0]!.percent).to.equal(50);
      // A changed answer moves the count and a text nobody holds any more disappears.
      expectApplied(room.vote(people[4]!, ['Breaks']));
      expect(room.s.tally).to.deep.equal({ 'team work': 3, breaks: 3 });
      expect(
        resultRows(room.s, room.s.config).map((r) => r.label),
        'ties by text',
      ).to.deep.equal(['Breaks', 'Team work']);
    });

    it('text answers: 140 characters after trimming is the limit; blank is not an answer', () => {
      const room = new Room();
      room.open(text);
      expectRejected(room.vote(ana, ['x'.repeat(141)]), 'text_too_long', /140/);
      expectRejected(room.vote(ana, ['x'.repeat(400)]), 'text_too_long');
      expectRejected(room.vote(ana, ['   ']), 'invalid_choice');
      expectRejected(room.vote(ana, ['Hi', 'hi ']), 'invalid_choice', /twice/);
      expectRejected(room.vote(ana, ['one', 'two']), 'too_many_choices');
      expectApplied(room.vote(ana, [`   ${'y'.repeat(140)}   `]));
    });

    it('answers like "__proto__" and "constructor" count like any other word', () => {
      const room = new Room();
      room.open({ ...text, maxChoices: 3 });
      expectApplied(room.vote(ana, ['__proto__', 'constructor', 'toString']));
      expectApplied(room.vote(ben, ['constructor']));
      expect(Object.keys(room.s.tally).sort()).to.deep.equal(['__proto__', 'constructor', 'tostring']);
      expect(resultRows(room.s, room.s.config).map((r) => [r.value, r.count])).to.deep.equal([
        ['constructor', 2],
        ['__proto__', 1],
        ['tostring', 1],
      ]);
      const json = JSON.parse(JSON.stringify(room.s)) as PollState;
      expect(json.tally).to.deep.equal(room.s.tally);
    });

    it('scale polls take one whole point within min..max and show a row per point', () => {
      const room = new Room();
      room.open(scale);
      for (const c of ['0', '6', '2.5', 'three', '1e0']) expectRejected(room.vote(ana, [c]), 'invalid_choice');
      expectRejected(room.vote(ana, ['1', '2']), 'too_many_choices');
      expectApplied(room.vote(ana, ['05']));
      expectApplied(room.vote(ben, ['3']));
      expectApplied(room.vote(cai, ['5']));
      expect(room.s.tally).to.deep.equal({ 3: 1, 5: 2 });
      const rows = resultRows(room.s, room.s.config);
      expect(rows.map((r) => r.value)).to.deep.equal(['1', '2', '3', '4', '5']);
      expect(rows[2]).to.deep.include({ label: 'Getting there', count: 1 });
      expect(rows[0]).to.deep.include({ label: '1', count: 0, percent: 0 });
      expect(Math.round(rows[4]!.percent)).to.equal(67);
    });

    it('multiple-choice polls take up to maxChoices options; percent is of people who answered', () => {
      const room = new Room();
      room.open(multiple);
      expectRejected(room.vote(ana, ['a', 'b', 'c']), 'too_many_choices', /at most 2/);
      expectRejected(room.vote(ana, ['a', 'q']), 'invalid_choice', /"q"/);
      expectApplied(room.vote(ana, ['a', 'b']));
      expectApplied(room.vote(ben, ['a']));
      const rows = resultRows(room.s, room.s.config);
      expect(rows.map((r) => [r.value, r.label, r.count, r.percent])).to.deep.equal([
        ['a', 'Accessibility', 2, 100],
        ['b', 'Budgets', 1, 50],
        ['c', 'Coaching', 0, 0],
      ]);
    });

    it('results show zero percent before anyone answers', () => {
      const s = pollModel.initial();
      expect(resultRows(s, single).map((r) => r.percent)).to.deep.equal([0, 0, 0]);
    });
  });

  describe('clients', () => {
    function busyRoom(config: PollConfig): Room {
      const room = new Room();
      room.open({ ...config, allowChange: true }, 120);
      room.vote(ana, ['Teamwork']);
      room.vote(ben, ['  teamwork']);
      room.vote(cai, ['Coffee']);
      room.vote(ana, ['Coffee  breaks']);
      room.vote(dee, ['Coffee']);
      room.send(fac, 'reveal', { revealed: true });
      room.vote(ben, ['Coffee']);
      room.send(fac, 'extend', { seconds: 30 });
      return room;
    }
    const summary = (s: PollState) => ({
      tally: s.tally,
      responded: s.responded,
      texts: s.texts,
      closesAt: s.closesAt,
      revealed: s.revealed,
      round: s.round,
    });

    it('folding projected events of an anonymous poll gives every viewer the authority tally, and nobody learns who voted', () => {
      const room = busyRoom({ ...text, anonymous: true });
      for (const viewer of [ana, ben, dee, fac, prod]) {
        const { state, received } = room.viewAs(viewer);
        expect(summary(state), viewer.id).to.deep.equal(summary(room.s));
        for (const e of received.filter((e) => e.type === 'vote')) {
          const own = room.events.find((x) => x.seq === e.seq)!.actor.id === viewer.id;
          expect(e.actor === undefined, `seq ${e.seq} for ${viewer.id}`).to.equal(!own);
        }
        expect(voterIds(state), 'only my own answer is known').to.deep.equal(
          room.events.some((e) => e.actor.id === viewer.id && e.type === 'vote') ? [viewer.id] : [],
        );
      }
      expect(myChoices(room.viewAs(ana).state, 'ana')).to.deep.equal(['Coffee breaks']);
      expect(voterIds(room.s).sort(), 'the authority still knows, to enforce one answer each').to.deep.equal(['ana', 'ben', 'cai', 'dee']);
    });

    it('in a named poll facilitators see who voted what; participants see only their own answer', () => {
      const room = busyRoom(text);
      const forFac = room.viewAs(fac).state;
      const forCai = room.viewAs(cai).state;
      expect(summary(forFac)).to.deep.equal(summary(room.s));
      expect(summary(forCai)).to.deep.equal(summary(room.s));
      expect(forFac.voters).to.deep.equal(room.s.voters);
      expect(voterIds(forCai)).to.deep.equal(['cai']);
      expect(myChoices(forCai, 'cai')).to.deep.equal(['Coffee']);
    });

    it('a snapshot gives facilitators the voters of a named round, as the events do; any anonymous vote keeps it to their own entry', () => {
      const view = (state: PollState, viewer: Actor) => voterIds(pollModel.viewState!(state, viewer)).sort();
      const named = busyRoom(text);
      expect(pollModel.viewState!(named.s, fac).voters, 'snapshot = folded events').to.deep.equal(named.viewAs(fac).state.voters);
      expect(view(named.s, fac)).to.deep.equal(['ana', 'ben', 'cai', 'dee']);
      expect(view(named.s, prod)).to.deep.equal(['ana', 'ben', 'cai', 'dee']);
      expect(view(named.s, cai), 'a participant').to.deep.equal(['cai']);
      expect(view(busyRoom({ ...text, anonymous: true }).s, fac), 'anonymous poll').to.deep.equal([]);
      expect(view(busyRoom({ ...text, anonymous: true }).s, dee), 'anonymous poll, my own entry').to.deep.equal(['dee']);

      // A self-serve poll whose first vote fixed "anonymous": a later vote asking to be named is anonymous too.
      const anonymous = new Room();
      expectApplied(anonymous.vote(ana, ['Focus'], { kind: 'text', anonymous: true }));
      expectApplied(anonymous.vote(ben, ['Energy'], { kind: 'text', anonymous: false }));
      expect(lastData(anonymous).anonymous).to.equal(true);
      expect(anonymous.s.named).to.equal(false);
      expect(view(anonymous.s, fac)).to.deep.equal([]);
      // One whose first vote was named shows its voters, in a new round too.
      const selfNamed = new Room();
      expectApplied(selfNamed.vote(ana, ['Focus'], { kind: 'text', anonymous: false }));
      expectApplied(selfNamed.send(fac, 'reset', {}));
      expectApplied(selfNamed.vote(ben, ['Calm'], { kind: 'text', anonymous: true }));
      expect(view(selfNamed.s, fac)).to.deep.equal(['ben']);

      // State from a checkpoint written before `named` existed stays private.
      const { named: _dropped, ...old } = named.s;
      expect(view(old as PollState, fac)).to.deep.equal([]);
      expect(view(old as PollState, dee)).to.deep.equal(['dee']);
    });

    it('an open round with anonymous answers cannot be reopened as named (a changed vote would name its author)', () => {
      const room = new Room();
      expectApplied(room.open({ ...text, anonymous: true, allowChange: true }));
      expectApplied(room.vote(ana, ['Focus']));
      expectRejected(room.open({ ...text, anonymous: false, allowChange: true }), 'invalid_config', /start a new round/);
      expectApplied(room.vote(ana, ['Energy']));
      expect(
        room
          .viewAs(fac)
          .received.filter((e) => e.type === 'vote')
          .every((e) => e.actor === undefined),
        'no vote names Ana',
      ).to.equal(true);
      // A new round may be named.
      expectApplied(room.send(fac, 'reset', {}));
      expectApplied(room.open({ ...text, anonymous: false, allowChange: true }));
    });

    it('a client applying its own vote optimistically ends where the authority does', () => {
      const room = busyRoom({ ...text, anonymous: true });
      const mine = room.viewAs(cai).state;
      const op: Operation = {
        opId: 'op-optimistic',
        clientId: 'cai',
        topic: TOPIC,
        type: 'vote',
        data: { round: 1, choices: ['Breaks'] },
        createdAt: T0,
      };
      const d = pollModel.decide(mine, op, cai, T0 + 1000);
      expect(d.ok).to.equal(true);
      if (!d.ok) return;
      const optimistic = pollModel.evolve(mine, {
        v: 1,
        topic: TOPIC,
        seq: 0,
        opId: op.opId,
        type: 'vote',
        data: d.data,
        at: T0 + 1000,
        actor: cai,
      });
      expectApplied(room.send(cai, 'vote', op.data, T0 + 1000));
      expect(summary(optimistic)).to.deep.equal(summary(room.s));
      expect(myChoices(optimistic, 'cai')).to.deep.equal(['Breaks']);
    });

    it('a client refuses its own second vote locally when answers cannot be changed', () => {
      const room = new Room();
      room.open(single);
      room.vote(ana, ['a']);
      room.vote(ben, ['b']);
      const mine = room.viewAs(ana).state;
      const op: Operation = {
        opId: 'op-second',
        clientId: 'ana',
        topic: TOPIC,
        type: 'vote',
        data: { round: 1, choices: ['b'] },
        createdAt: T0,
      };
      const d = pollModel.decide(mine, op, ana, T0);
      expect(d.ok ? 'ok' : d.error.code).to.equal('already_voted');
    });

    it('actorVisible hides anonymous voters from everyone and named voters from participants', () => {
      const room = new Room();
      room.open(single);
      room.vote(ana, ['a']);
      const named = room.events[1]!;
      const s = room.s;
      expect(pollModel.actorVisible!(s, named, fac)).to.equal(true);
      expect(pollModel.actorVisible!(s, named, prod)).to.equal(true);
      expect(pollModel.actorVisible!(s, named, ben)).to.equal(false);
      const anon = { ...named, data: { ...(named.data as object), anonymous: true } };
      expect(pollModel.actorVisible!(s, anon, fac)).to.equal(false);
      expect(projectEvent(pollModel, s, anon, ana).actor, 'my own vote still carries me').to.deep.equal(ana);
      expect(pollModel.actorVisible!(s, room.events[0]!, ben), 'control events are public').to.equal(true);
    });
  });

  describe('malformed events', () => {
    it('are ignored without throwing, leaving the state as it was', () => {
      const room = new Room();
      room.open({ ...text, allowChange: true }, 60);
      room.vote(ana, ['hello']);
      const s = room.s;
      const ev = (type: string, data: unknown): EventEnvelope => ({ v: 1, topic: TOPIC, seq: 99, opId: 'op-bad', type, data, at: T0 });
      const bad: EventEnvelope[] = [
        ev('vote', null),
        ev('vote', 'hello'),
        ev('vote', { round: 1 }),
        ev('vote', { round: 1, choices: 'hello' }),
        ev('vote', { round: 1, choices: [] }),
        ev('vote', { round: 1, choices: [42] }),
        ev('vote', { round: 2, choices: ['hello'], replaces: null }),
        ev('vote', { round: 1, choices: ['hello'], replaces: 'hi' }),
        ev('open', { config: { question: 'x' }, closesAt: null }),
        ev('open', { config: single, closesAt: 'soon' }),
        ev('reveal', { revealed: 'yes' }),
        ev('timer', { closesAt: Number.POSITIVE_INFINITY }),
        ev('extend', {}),
        ev('reset', { round: 0 }),
        ev('reset', { round: 'two' }),
        ev('explode', { anything: true }),
      ];
      for (const e of bad) {
        let next: PollState | undefined;
        expect(() => (next = pollModel.evolve(s, e)), JSON.stringify(e.data)).not.to.throw();
        expect(next, `${e.type} ${JSON.stringify(e.data)}`).to.equal(s);
      }
      expect(s.tally).to.deep.equal({ hello: 1 });
    });

    it('a replaced answer never drives a count below zero', () => {
      const s = pollModel.initial();
      const e: EventEnvelope = {
        v: 1,
        topic: TOPIC,
        seq: 1,
        opId: 'op-x',
        type: 'vote',
        data: { round: 1, choices: ['a'], replaces: ['b'], anonymous: true, kind: null },
        at: T0,
      };
      const next = pollModel.evolve(s, e);
      expect(next.tally).to.deep.equal({ a: 1 });
    });

    it('evolve never mutates the state it is given', () => {
      const room = new Room();
      room.open({ ...text, allowChange: true });
      room.vote(ana, ['one']);
      const frozen = JSON.parse(JSON.stringify(room.s)) as PollState;
      const deepFreeze = (o: object): void => {
        Object.freeze(o);
        for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
      };
      deepFreeze(frozen);
      const vote: EventEnvelope = {
        v: 1,
        topic: TOPIC,
        seq: 3,
        opId: 'op-y',
        type: 'vote',
        data: { round: 1, choices: ['two'], replaces: ['one'], anonymous: false, kind: 'text' },
        at: T0,
        actor: ana,
      };
      const next = pollModel.evolve(frozen, vote);
      expect(next.tally).to.deep.equal({ two: 1 });
      expect(frozen.tally).to.deep.equal({ one: 1 });
      const reset = pollModel.evolve(next, { ...vote, type: 'reset', data: { round: 2 } });
      expect(reset.history[0]!.tally).to.deep.equal({ two: 1 });
    });
  });

  describe('validatePollConfig', () => {
    const table: [string, unknown, RegExp | null][] = [
      ['a valid single-choice poll', single, null],
      ['a valid multiple-choice poll', multiple, null],
      ['a valid scale', scale, null],
      ['a valid text poll', text, null],
      ['not an object', 'poll', /must be an object/],
      ['an empty question', { ...single, question: '   ' }, /needs a question/],
      ['no options for single', { ...single, options: [] }, /single-choice poll needs at least one option/],
      ['no options for multiple', { ...multiple, options: [], maxChoices: undefined }, /multiple-choice poll needs at least one option/],
      [
        'duplicate option values',
        {
          ...single,
          options: [
            { value: 'a', label: 'A' },
            { value: 'a', label: 'Again' },
          ],
        },
        /same value "a"/,
      ],
      ['an option without a value', { ...single, options: [{ label: 'A' }] }, /Option 1 needs a text value/],
      ['an unknown kind', { ...single, kind: 'ranking' }, /Unknown poll kind "ranking"/],
      ['a scale with min = max', { ...scale, min: 3, max: 3, options: [] }, /minimum \(3\) must be below its maximum \(3\)/],
      ['a scale with min > max', { ...scale, min: 5, max: 1, options: [] }, /must be below/],
      ['a scale spanning more than 20', { ...scale, min: 0, max: 21, options: [] }, /at most 20 steps/],
      ['a scale with fractions', { ...scale, min: 1, max: 4.5 }, /whole numbers/],
      ['a scale without ends', { ...scale, min: undefined, max: undefined }, /whole numbers/],
      ['a scale label for a point off the scale', { ...scale, options: [{ value: '9', label: 'Nine' }] }, /"9" is not a point/],
      ['maxChoices 0', { ...multiple, maxChoices: 0 }, /max-choices must be a whole number from 1 to 3/],
      ['maxChoices above the option count', { ...multiple, maxChoices: 4 }, /from 1 to 3/],
      ['maxChoices on a single-choice poll', { ...single, maxChoices: 2 }, /exactly one answer/],
      ['an unknown results mode', { ...single, results: 'sometimes' }, /Unknown results mode/],
      ['allowChange missing', { ...single, allowChange: undefined }, /allow-change must be true or false/],
    ];
    for (const [name, cfg, expected] of table) {
      it(`${expected ? 'refuses' : 'accepts'} ${name}`, () => {
        const msg = validatePollConfig(cfg);
        if (expected) expect(msg).to.match(expected);
        else expect(msg).to.equal(null);
      });
    }

    it('stores only the known config fields', () => {
      const room = new Room();
      expectApplied(room.send(fac, 'open', { config: { ...single, secret: 'x', options: [{ value: 'a', label: 'A', color: 'red' }] } }));
      expect(room.s.config).to.deep.equal({ ...single, options: [{ value: 'a', label: 'A' }] });
    });
  });

  describe('canSeeResults', () => {
    it('follows the results mode for participants; facilitators always see', () => {
      const room = new Room();
      room.open(single, 60);
      const s = room.s;
      const during = T0 + 1000;
      const after = T0 + 60_000;
      const see = (results: PollConfig['results'], voted: boolean, now: number, role: Actor['role'] = 'participant', state = s) =>
        canSeeResults(state, { ...single, results }, { role, voted, now });
      expect(see('live', false, during)).to.equal(true);
      expect(see('after-vote', false, during)).to.equal(false);
      expect(see('after-vote', true, during)).to.equal(true);
      expect(see('after-vote', false, after), 'the timer closed the poll').to.equal(true);
      expect(see('after-close', true, during)).to.equal(false);
      expect(see('after-close', true, after)).to.equal(true);
      expect(see('hidden', true, after)).to.equal(false);
      expect(see('hidden', false, during, 'facilitator')).to.equal(true);
      expect(see('after-close', false, during, 'producer')).to.equal(true);
      room.send(fac, 'reveal', { revealed: true });
      expect(see('hidden', false, during, 'participant', room.s), 'revealed shows everyone').to.equal(true);
      room.send(fac, 'reveal', { revealed: false });
      expect(see('hidden', false, during, 'participant', room.s)).to.equal(false);
    });

    it('a self-serve poll without config shows results live', () => {
      expect(canSeeResults(pollModel.initial(), null, { role: 'participant', voted: false, now: T0 })).to.equal(true);
    });
  });

  it('pollTopic names the topic and refuses unusable ids', () => {
    expect(pollTopic('warmup')).to.equal('poll:warmup');
    expect(() => pollTopic('warm up')).to.throw(/Invalid poll id/);
  });
});
