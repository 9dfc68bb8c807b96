/// <reference types="node" />
// A poll's quorum on the reference server, over real WebSockets: the server counts who is present
// (participants with an open stream, staff never) and closes the poll with the last answer needed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pollModel, type PollConfig, type PollState } from '../../src/components/pulse-poll/poll-model.js';
import { cleanupAll, op, room, start, wsReady } from './helpers.js';
import { yesNo } from '../pulse-poll/quorum-poll.js';

after(cleanupAll);

const T = 'poll:q';
const config: PollConfig = { ...yesNo, allowChange: false };

/** True once a message says the poll closed: the event that closes it, or a snapshot of a closed poll (a busy topic). */
const closedIn = (m: any): boolean =>
  (m.t === 'event' && m.e.topic === T && m.e.data?.closes === true) ||
  (m.t === 'snapshot' && m.topic === T && m.state?.status === 'closed');

describe('poll quorum on the reference server', () => {
  it('closes the poll with the last answer the participants present make up, for every connection', async () => {
    const s = await start();
    const r = room('quorum');
    const fay = await wsReady(s, r, await s.token(r, 'fay', 'facilitator'));
    const pat = await wsReady(s, r, await s.token(r, 'pat', 'producer'));
    const people = await Promise.all(['ana', 'ben', 'cai'].map(async (id) => ({ id, ws: await wsReady(s, r, await s.token(r, id)) })));
    for (const c of [fay, pat, ...people.map((p) => p.ws)]) c.send({ t: 'sub', topic: T, since: 0 });

    // Everyone present: three participants (the two staff are not counted, or four answers would be needed).
    fay.send({ t: 'send', id: 1, ops: [op('fay', T, 'open', { config, seconds: null, quorum: { share: 100 } })] });
    assert.equal((await fay.next((m) => m.t === 'acks' && m.id === 1)).acks[0].status, 'applied');

    const [ana, ben, cai] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    for (const [i, p] of [ana, ben].entries()) {
      p.ws.send({ t: 'send', id: 10 + i, ops: [op(p.id, T, 'vote', { round: 1, choices: ['y'] })] });
      assert.equal((await p.ws.next((m) => m.t === 'acks' && m.id === 10 + i)).acks[0].status, 'applied');
    }
    assert.ok(!fay.messages.some(closedIn), 'two of three answers do not close it');

    cai.ws.send({ t: 'send', id: 12, ops: [op('cai', T, 'vote', { round: 1, choices: ['n'] })] });
    assert.equal((await cai.ws.next((m) => m.t === 'acks' && m.id === 12)).acks[0].status, 'applied');
    for (const c of [fay, pat, ...people.map((p) => p.ws)]) await c.next(closedIn, 'the close reaches every connection');

    // The server's own state says closed: a late answer is refused, and the stored history folds to closed.
    const dan = await s.token(r, 'dan');
    const late = await s.send(r, dan, [op('dan', T, 'vote', { round: 1, choices: ['y'] })]);
    assert.equal(late.json.acks[0].error.code, 'poll_closed');
    const page = (await s.fetchTopic(r, dan, T)).json;
    let state: PollState = page.snapshot?.state ?? pollModel.initial();
    for (const e of page.events) state = pollModel.evolve(state, e);
    assert.equal(state.status, 'closed');
    assert.equal(state.responded, 3);
    for (const c of [fay, pat, ...people.map((p) => p.ws)]) c.close();
  });

  it('counts only who is still present, and refuses forged or invalid quorums with a specific error', async () => {
    const s = await start();
    const r = room('quorum-leave');
    const fayTok = await s.token(r, 'fay', 'facilitator');
    const people = await Promise.all(['ana', 'ben', 'cai', 'dee'].map(async (id) => ({ id, tok: await s.token(r, id) })));
    const streams = await Promise.all(people.map((p) => wsReady(s, r, p.tok)));
    const fay = await wsReady(s, r, fayTok);
    const participantsSeen = (n: number) => (m: any) =>
      m.t === 'presence' && m.participants?.filter((a: any) => a.role === 'participant').length === n;
    await fay.next(participantsSeen(4), 'all four participants present');
    const send = async (tok: string, id: string, type: string, data: unknown) =>
      (await s.send(r, tok, [op(id, T, type, data)])).json.acks[0];

    assert.equal((await send(fayTok, 'fay', 'open', { config, quorum: { share: 75 } })).status, 'applied');
    // A participant cannot set or clear it, over HTTP or over their socket.
    assert.equal((await send(people[0]!.tok, 'ana', 'quorum', { quorum: null })).error.code, 'forbidden');
    streams[0]!.send({ t: 'send', id: 1, ops: [op('ana', T, 'quorum', { quorum: { count: 1 } })] });
    assert.equal((await streams[0]!.next((m) => m.t === 'acks' && m.id === 1)).acks[0].error.code, 'forbidden');
    for (const [quorum, message] of [
      [{ count: 0 }, /whole number from 1/],
      [{ share: 101 }, /at most 100/],
      [{ count: 3, share: 50 }, /\{ count: n \} or \{ share/],
      ['all', /\{ count: n \} or \{ share/],
    ] as const) {
      const ack = await send(fayTok, 'fay', 'quorum', { quorum });
      assert.equal(ack.error.code, 'invalid_quorum');
      assert.match(ack.error.message, message);
    }

    // Four present, 75 %: three answers needed. Two answer, then two others leave: two of two present.
    assert.equal((await send(people[0]!.tok, 'ana', 'vote', { round: 1, choices: ['y'] })).status, 'applied');
    streams[2]!.close();
    streams[3]!.close();
    await fay.next(participantsSeen(2), 'two participants left');
    const closing = await send(people[1]!.tok, 'ben', 'vote', { round: 1, choices: ['n'] });
    assert.equal(closing.status, 'applied');
    const events = (await s.fetchTopic(r, fayTok, T)).json.events;
    assert.equal(events.at(-1).data.closes, true, 'two answers of the two still present meet 75 %');
    for (const c of [fay, ...streams.slice(0, 2)]) c.close();
  });
});
