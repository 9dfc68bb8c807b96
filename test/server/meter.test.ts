/// <reference types="node" />
// The engagement meter's model on the reference server: roles enforced, signals projected without
// their actor, and participants' snapshots (coalesced busy topics) holding only their own entry.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { meterModel } from '../../src/components/engagement-meter/meter-model.js';
import { cleanupAll, op, room, start, until } from './helpers.js';

after(cleanupAll);

const T = 'meter:class';

describe('meter topics on the reference server', () => {
  it("participants signal, cannot clear, and never receive other people's actors; facilitators can clear", async () => {
    const s = await start({ models: [meterModel] });
    const r = room('meter');
    const ana = await s.token(r, 'ana', 'participant', { name: 'Ana' });
    const ben = await s.token(r, 'ben', 'participant', { name: 'Ben' });
    const fay = await s.token(r, 'fay', 'facilitator', { name: 'Fay' });

    const sent = await s.send(r, ana, [op('ana', T, 'state', { state: 'confused' }), op('ana', T, 'hand', { raised: true })]);
    assert.deepEqual(
      sent.json.acks.map((a: any) => a.status),
      ['applied', 'applied'],
    );
    assert.equal((await s.send(r, ben, [op('ben', T, 'state', { state: 'got-it' })])).json.acks[0].status, 'applied');

    const clear = await s.send(r, ben, [op('ben', T, 'clear', {})]);
    assert.equal(clear.json.acks[0].status, 'rejected');
    assert.equal(clear.json.acks[0].error.code, 'forbidden');
    const signal = await s.send(r, fay, [op('fay', T, 'state', { state: 'got-it' })]);
    assert.equal(signal.json.acks[0].error.code, 'participants_only');

    const asBen = await s.fetchTopic(r, ben, T);
    assert.equal(asBen.status, 200);
    const others = asBen.json.events.filter((e: any) => e.actor?.id !== 'ben');
    assert.equal(others.length, 2);
    for (const e of others) assert.equal(e.actor, undefined, `${e.type} of ana reaches ben without an actor`);
    assert.doesNotMatch(JSON.stringify(asBen.json), /"ana"|Ana/);
    const asFay = await s.fetchTopic(r, fay, T);
    assert.doesNotMatch(JSON.stringify(asFay.json), /"ana"|Ana|"ben"|Ben/, 'anonymous signals stay anonymous to facilitators');

    assert.equal((await s.send(r, fay, [op('fay', T, 'clear', {})])).json.acks[0].status, 'applied');
    let state = meterModel.initial();
    for (const e of (await s.fetchTopic(r, fay, T)).json.events) state = meterModel.evolve(state, e);
    assert.deepEqual(state.entries, {});
    assert.deepEqual(state.hands, []);
  });

  it('a participant catching up gets a snapshot with only their own entry', async () => {
    const s = await start({ models: [meterModel], fetchSnapshotAfter: 5 });
    const r = room('meter-snap');
    const tokens = new Map<string, string>();
    for (let i = 0; i < 8; i++) {
      const id = `p${i}`;
      tokens.set(id, await s.token(r, id));
      const res = await s.send(r, tokens.get(id)!, [op(id, T, 'state', { state: i < 3 ? 'confused' : 'got-it' })]);
      assert.equal(res.json.acks[0].status, 'applied');
    }
    let page: any;
    await until(async () => {
      page = (await s.fetchTopic(r, tokens.get('p0')!, T)).json;
      return !!page?.snapshot;
    }, 'a snapshot for a reader far behind');
    const snap = page.snapshot.state;
    assert.deepEqual(
      Object.values(snap.entries).map((e: any) => e.state),
      ['confused'],
    );
    assert.deepEqual(snap.slots, { p0: 1 });
    assert.doesNotMatch(JSON.stringify(snap), /p[1-7]/);
  });
});
