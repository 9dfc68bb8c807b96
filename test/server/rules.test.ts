/// <reference types="node" />
// The rules of a topic on the reference server (docs/protocol.md, "Rules of a topic"): on a
// self-serve poll or survey a participant's operation never sets the rules it is judged by. Real
// server, real HTTP, real PGlite.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanupAll, op, room, start, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await start();
});
after(cleanupAll);

/** Sends one op and returns its ack. */
async function one(r: string, tok: string, o: unknown) {
  const res = await s.send(r, tok, [o]);
  assert.equal(res.status, 200, res.text);
  return res.json.acks[0];
}

describe('rules of a self-serve topic', () => {
  it('poll: the first vote fixes them; a forged allowChange or a value that is not an option is refused', async () => {
    const r = room('rules');
    const pat = await s.token(r, 'pat');
    const quin = await s.token(r, 'quin');
    const page = { round: 1, kind: 'single', options: ['a', 'b'], maxChoices: 1, allowChange: false, anonymous: true };
    assert.equal((await one(r, pat, op('pat', 'poll:p', 'vote', { ...page, choices: ['a'] }))).status, 'applied');
    const revote = await one(r, pat, op('pat', 'poll:p', 'vote', { ...page, choices: ['b'], allowChange: true }));
    assert.equal(revote.error?.code, 'already_voted');
    const stray = await one(r, quin, op('quin', 'poll:p', 'vote', { ...page, choices: ['evil'], options: ['a', 'b', 'evil'] }));
    assert.equal(stray.error?.code, 'invalid_choice');
    const page2 = await s.req('GET', `/rooms/${r}/topics/poll:p/events?since=0`, quin);
    assert.equal(page2.status, 200, page2.text);
    assert.deepEqual(
      page2.json.events.map((e: { data: { choices: string[] } }) => e.data.choices),
      [['a']],
    );
  });

  it('survey: a re-submit carrying allowEdit cannot replace a response', async () => {
    const r = room('rules');
    const pat = await s.token(r, 'pat');
    const context = { room: r, session: '', hidden: {} };
    assert.equal((await one(r, pat, op('pat', 'survey:s', 'submit', { answers: { q1: 4 }, context }))).status, 'applied');
    const again = await one(r, pat, op('pat', 'survey:s', 'submit', { answers: { q1: 1 }, context, allowEdit: true }));
    assert.equal(again.error?.code, 'already_submitted');
  });
});
