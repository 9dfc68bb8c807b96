import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { button, expectAuthoringError, pollOnHub, shadowText, uniqueRoom, waitForText } from '../support.js';
import { authorityStep, modelMap } from '../../src/core/protocol/authority.js';
import { projectEvent, type StoredEvent } from '../../src/core/protocol/model.js';
import { countParticipants } from '../../src/core/protocol/presence.js';
import type { Ack, Actor, Operation } from '../../src/core/protocol/wire.js';
import { isClosed, pollModel, type PollState } from '../../src/components/pulse-poll/poll-model.js';
import { yesNo } from './quorum-poll.js';
import { parseQuorum, quorumNeeded } from '../../src/components/pulse-poll/poll-quorum.js';

/** Quorum (decisions §48): the authority closes a poll once enough of the participants present have answered. */

const TOPIC = 'poll:quorum';
const T0 = 1_700_000_000_000;
const models = modelMap([pollModel]);
const fac: Actor = { id: 'fac', name: 'Fran', role: 'facilitator' };
const prod: Actor = { id: 'prod', name: 'Pat', role: 'producer' };
const people: Actor[] = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, name: `P${i}`, role: 'participant' }));
const [p0, p1, p2, p3, p4] = people as [Actor, Actor, Actor, Actor, Actor];
const config = yesNo;

/** An authority around the real `authorityStep`, with the presence it counts (staff among it, as in a real room). */
class Room {
  state: PollState | undefined;
  events: StoredEvent[] = [];
  before: PollState[] = [];
  present = new Set<Actor>([fac, prod]);
  now = T0;
  #n = 0;

  get s(): PollState {
    return this.state ?? pollModel.initial();
  }

  join(...who: Actor[]): void {
    for (const a of who) this.present.add(a);
  }

  leave(...who: Actor[]): void {
    for (const a of who) this.present.delete(a);
  }

  send(actor: Actor, type: string, data: unknown): Ack {
    const op: Operation = {
      opId: `op-${String(++this.#n).padStart(6, '0')}`,
      clientId: actor.id,
      topic: TOPIC,
      type,
      data,
      createdAt: this.now,
    };
    const facts = { present: countParticipants(this.present) };
    const r = authorityStep<PollState>(models, op, actor, undefined, this.state, this.events.length, this.now, undefined, facts);
    if (r.event) {
      this.before.push(this.s);
      this.events.push(r.event);
      this.state = r.state;
    }
    return r.ack;
  }

  vote(actor: Actor, choice = 'y'): Ack {
    return this.send(actor, 'vote', { round: this.s.round, choices: [choice] });
  }

  /** What a participant's page folds from the events it receives (no actor on anonymous votes). */
  viewAs(viewer: Actor): PollState {
    return this.events
      .map((e, i) => projectEvent(pollModel, this.before[i] as PollState, e, viewer))
      .reduce((s, e) => pollModel.evolve(s, e), pollModel.initial());
  }
}

function applied(ack: Ack): void {
  expect(ack.status, ack.status === 'rejected' ? `${ack.error.code}: ${ack.error.message}` : '').to.equal('applied');
}

function rejected(ack: Ack, code: string, message: RegExp): void {
  expect(ack.status).to.equal('rejected');
  if (ack.status !== 'rejected') return;
  expect(ack.error.code).to.equal(code);
  expect(ack.error.message).to.match(message);
}

function openRoom(quorum: unknown, present: number, seconds: number | null = null): Room {
  const room = new Room();
  room.join(...people.slice(0, present));
  applied(room.send(fac, 'open', { config, seconds, quorum }));
  return room;
}

describe('poll quorum', () => {
  it('closes the poll with the vote that makes the count, for the authority and every participant', () => {
    const room = openRoom({ count: 3 }, 5);
    applied(room.vote(p0));
    applied(room.vote(p1));
    expect(room.s.status).to.equal('open');
    applied(room.vote(p2));
    expect(room.s.status, 'the third answer closes it').to.equal('closed');
    expect(room.s.responded, 'the closing vote counts').to.equal(3);
    expect(room.viewAs(p4).status, 'a participant who did not vote sees it closed').to.equal('closed');
    expect(room.viewAs(p4).tally).to.deep.equal({ y: 3 });
    rejected(room.vote(p3), 'poll_closed', /closed/);
  });

  it('closes at a share of the participants present, staff never counted', () => {
    // Five participants (and two staff) present: 80 % is four answers, not 80 % of seven.
    const room = openRoom({ share: 80 }, 5);
    for (const p of [p0, p1, p2]) applied(room.vote(p));
    expect(room.s.status).to.equal('open');
    applied(room.vote(p3));
    expect(room.s.status).to.equal('closed');
  });

  it('staff are not counted, even when more of them join', () => {
    const room = openRoom({ share: 100 }, 2);
    room.join({ id: 'fac2', name: 'Flo', role: 'facilitator' }, { id: 'prod2', name: 'Pia', role: 'producer' });
    applied(room.vote(p0));
    expect(room.s.status).to.equal('open');
    applied(room.vote(p1));
    expect(room.s.status, 'both participants answered: the four staff do not hold it open').to.equal('closed');
  });

  it('follows presence: people joining raise the share needed, people leaving lower it', () => {
    const room = openRoom({ share: 50 }, 4);
    applied(room.vote(p0));
    room.join(...people.slice(4, 10)); // 10 present: 5 needed
    for (const p of [p1, p2, p3]) applied(room.vote(p));
    expect(room.s.status, '4 of 10 is below half').to.equal('open');
    room.leave(...people.slice(6, 10)); // 6 present: 3 needed, 4 answered
    applied(room.vote(p4));
    expect(room.s.status, 'the next answer finds the quorum met').to.equal('closed');
  });

  it('a changed answer adds nobody, but is checked against who is present now', () => {
    const room = openRoom({ share: 75 }, 4);
    for (const p of [p0, p1]) applied(room.vote(p));
    applied(room.vote(p0, 'n'));
    expect(room.s.status, 'two of four still').to.equal('open');
    room.leave(people[2]!, people[3]!); // 2 present, both answered
    applied(room.vote(p1, 'n'));
    expect(room.s.status).to.equal('closed');
    expect(room.s.responded).to.equal(2);
  });

  it('the timer closes it first when the quorum is not met in time', () => {
    const room = openRoom({ count: 3 }, 5, 60);
    applied(room.vote(p0));
    room.now = T0 + 61_000;
    expect(isClosed(room.s, room.now)).to.equal(true);
    rejected(room.vote(p1), 'poll_closed', /Time is up/);
    expect(room.s.responded).to.equal(1);
  });

  it('the quorum closes it before a running timer', () => {
    const room = openRoom({ count: 2 }, 5, 60);
    applied(room.vote(p0));
    room.now = T0 + 10_000;
    applied(room.vote(p1));
    expect(room.s.status).to.equal('closed');
    expect(room.s.closesAt, 'no timer left running on a closed poll').to.equal(null);
  });

  it('never closes a poll that is already closed, and is refused on one', () => {
    const room = openRoom({ count: 2 }, 5);
    applied(room.vote(p0));
    applied(room.send(fac, 'close', {}));
    const closes = room.events.length;
    rejected(room.vote(p1), 'poll_closed', /closed/);
    rejected(room.send(fac, 'quorum', { quorum: { count: 1 } }), 'poll_closed', /Open it again/);
    expect(room.events.length, 'nothing stored').to.equal(closes);
    // An event from a broken backend that says "closes" on a closed poll changes nothing.
    const closed = room.s;
    const replay = pollModel.evolve(closed, {
      v: 1,
      topic: TOPIC,
      seq: 99,
      opId: 'x',
      type: 'quorum',
      data: { quorum: null, closes: true },
      at: T0,
    });
    expect(replay.status).to.equal('closed');
  });

  it('a facilitator sets, changes and removes the quorum on a running poll; one already met closes it at once', () => {
    const room = openRoom(null, 6);
    for (const p of [p0, p1, p2]) applied(room.vote(p));
    applied(room.send(fac, 'quorum', { quorum: { count: 5 } }));
    expect(room.s.quorum).to.deep.equal({ count: 5 });
    applied(room.send(prod, 'quorum', { quorum: null }));
    expect(room.s.quorum).to.equal(null);
    applied(room.vote(p3));
    applied(room.vote(p4));
    expect(room.s.status, 'no quorum: five answers do not close it').to.equal('open');
    applied(room.send(fac, 'quorum', { quorum: { share: 80 } })); // 6 present: 5 needed, 5 answered
    expect(room.s.status).to.equal('closed');
    expect(room.viewAs(p0).status).to.equal('closed');
  });

  it('a new round keeps the quorum and starts counting again', () => {
    const room = openRoom({ count: 2 }, 4);
    applied(room.vote(p0));
    applied(room.vote(p1));
    expect(room.s.status).to.equal('closed');
    applied(room.send(fac, 'reset', {}));
    expect(room.s.status).to.equal('open');
    applied(room.vote(p0));
    expect(room.s.status).to.equal('open');
    applied(room.vote(p2));
    expect(room.s.status).to.equal('closed');
  });

  it('refuses forged and invalid quorum settings with a specific error, and participants setting one', () => {
    const room = openRoom(null, 3);
    rejected(room.send(p0, 'quorum', { quorum: { count: 1 } }), 'forbidden', /facilitator/);
    const bad: [unknown, RegExp][] = [
      [{ count: 0 }, /whole number from 1/],
      [{ count: 2.5 }, /whole number from 1/],
      [{ count: '3' }, /whole number from 1/],
      [{ count: 1e9 }, /whole number from 1 to 100000/],
      [{ share: 0 }, /above 0 and at most 100/],
      [{ share: 120 }, /above 0 and at most 100/],
      [{ share: Number.NaN }, /above 0 and at most 100/],
      [{ count: 2, share: 50 }, /\{ count: n \} or \{ share/],
      [{ percent: 50 }, /\{ count: n \} or \{ share/],
      ['80%', /\{ count: n \} or \{ share/],
      [[3], /\{ count: n \} or \{ share/],
    ];
    for (const [quorum, message] of bad) {
      rejected(room.send(fac, 'quorum', { quorum }), 'invalid_quorum', message);
      rejected(room.send(fac, 'open', { config, quorum }), 'invalid_quorum', message);
    }
    expect(room.s.quorum ?? null, 'nothing accepted changed').to.equal(null);
  });

  it('a client deciding its own vote optimistically never closes the poll: only authorities do', () => {
    const room = openRoom({ count: 1 }, 3);
    const op: Operation = {
      opId: 'op-client',
      clientId: p0.id,
      topic: TOPIC,
      type: 'vote',
      data: { round: 1, choices: ['y'] },
      createdAt: T0,
    };
    const d = pollModel.decide(room.s, op, p0, T0);
    expect(d.ok).to.equal(true);
    expect(d.ok && (d.data as { closes?: boolean }).closes).to.equal(undefined);
  });

  it('reads the quorum attribute: a count, a share, or a specific problem', () => {
    expect(parseQuorum('')).to.equal(null);
    expect(parseQuorum(' 12 ')).to.deep.equal({ count: 12 });
    expect(parseQuorum('80%')).to.deep.equal({ share: 80 });
    expect(parseQuorum('66.5 %')).to.deep.equal({ share: 66.5 });
    expect(parseQuorum('0')).to.match(/^quorum: .*whole number from 1/);
    expect(parseQuorum('150%')).to.match(/^quorum: .*at most 100/);
    expect(parseQuorum('most')).to.match(/quorum="most" is not a number of answers/);
    expect(quorumNeeded({ share: 80 }, 5)).to.equal(4);
    expect(quorumNeeded({ share: 10 }, 3), 'at least one answer').to.equal(1);
    expect(quorumNeeded({ share: 80 }, 0), 'nobody present: no share to reach').to.equal(null);
    expect(quorumNeeded({ count: 7 }, null)).to.equal(7);
  });
});

describe('<pk-pulse-poll quorum>', () => {
  const poll = (quorum: string) =>
    html`<pk-pulse-poll poll-id="q" question="Ready?" draft quorum=${quorum}><option value="y">Yes</option><option value="n">No</option></pk-pulse-poll>`;

  it('a facilitator opens it with the attribute, changes it in the controls; participants read the line, and the hub closes it', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('quorum-el');
    const fay = await pollOnHub(hub, room, { id: 'fay', role: 'facilitator' }, poll('3'));
    const ana = await pollOnHub(hub, room, { id: 'ana' }, poll('3'));
    const ben = await pollOnHub(hub, room, { id: 'ben' }, poll('3'));
    await waitUntil(() => fay.poll.shadowRoot?.querySelector('[data-control="open-close"]'), 'controls load', { timeout: 5000 });
    button(fay.poll, /Open poll/).click();
    await waitForText(ana.poll, /Closes once 3 people have answered/);
    // Two participants present: 3 answers could never come, so the facilitator asks for all of those present.
    const field = fay.poll.shadowRoot!.querySelector<HTMLInputElement>('input[data-control="quorum"]')!;
    expect(field.value).to.equal('3');
    field.value = 'most';
    button(fay.poll, /Set quorum/).click();
    expect(field.validationMessage).to.match(/number of answers \(12\) or a share/);
    field.value = '100%';
    button(fay.poll, /Set quorum/).click();
    await waitForText(ben.poll, /Closes once 100% of those present have answered/);
    await ana.poll.vote(['y']);
    await waitForText(fay.poll, /1 of 2 responded/);
    expect(shadowText(ben.poll)).to.not.match(/This poll is closed/);
    await ben.poll.vote(['n']);
    for (const el of [ana.poll, ben.poll, fay.poll]) await waitForText(el, /This poll is closed/);
    expect(shadowText(ana.poll)).to.not.match(/Closes once/);
  });

  it('a quorum attribute that is not a count or a share is an authoring error', async () => {
    await expectAuthoringError(poll('most'), /quorum="most" is not a number of answers/);
    await expectAuthoringError(poll('0'), /quorum: A quorum count must be a whole number/);
  });
});
