/// <reference types="node" />
// xAPI delivery from the reference server to an LRS (issue #15, item 2), in-process servers on the
// embedded store and the conforming receiver of lrs-receiver.ts (a real HTTP server that validates
// every statement): statements of every widget reach the LRS in batches with the version header
// and the credentials; a statement the LRS refuses for good is parked alone with its reason; a 409
// for an id the LRS has counts as delivered; Retry-After and backoff are honoured; wrong
// credentials park nothing; the settings and their errors. The processes-and-kills cases are in
// lrs-durability.test.ts.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { uuidV5 } from '../../src/core/protocol/uuid-v5.js';
import { STATEMENT_NAMESPACE } from '../../src/xapi.js';
import { configFromEnv, type ServerOptions } from '../../server/config.js';
import { USAGE } from '../../server/usage.js';
import { cleanupAll, onCleanup, op, room, start, until, vote } from './helpers.js';
import { LrsReceiver } from './lrs-receiver.js';

after(cleanupAll);

const BASE = 'https://lms.example/pulsekit';
const CREDENTIALS = { username: 'pulsekit-key', password: 'pulsekit secret' };
/** The id docs/xapi.md promises: version 5 UUID of room, topic and opId. */
const statementId = (r: string, topic: string, opId: string) => uuidV5(STATEMENT_NAMESPACE, `${r}\n${topic}\n${opId}`);

async function receiver(options = CREDENTIALS): Promise<LrsReceiver> {
  const lrs = await new LrsReceiver(options).start();
  onCleanup(() => lrs.stop());
  return lrs;
}

/** A server forwarding to `lrs`, with short retries; its log lines are in `logs`. */
async function serverFor(lrs: LrsReceiver, lrsOptions: Partial<NonNullable<ServerOptions['lrs']>> = {}) {
  const logs: string[] = [];
  const s = await start({
    log: (line) => void logs.push(line),
    lrs: {
      url: lrs.endpoint,
      ...CREDENTIALS,
      baseIri: BASE,
      homePage: 'https://lms.example',
      batchSize: 20,
      retry: { baseMs: 50, capMs: 400 },
      idlePollMs: 200,
      ...lrsOptions,
    },
  });
  const health = async () => (await s.req('GET', '/health')).json.lrs;
  const logged = (event: string) => logs.filter((l) => l.includes(`"event":"${event}"`)).map((l) => JSON.parse(l));
  return { ...s, logs, health, logged };
}

describe('xAPI delivery to an LRS', () => {
  it('every accepted event of every widget reaches the LRS once, in batches, with the version header and Basic credentials', async () => {
    const lrs = await receiver();
    const s = await serverFor(lrs);
    const r = room('lrs');
    const fay = await s.token(r, 'fay', 'facilitator');
    const ana = await s.token(r, 'ana');
    const sent = [
      ...(
        await s.send(r, fay, [
          op('fay', 'poll:pace', 'open', {
            config: {
              question: 'Pace?',
              kind: 'single',
              options: [
                { value: 'fast', label: 'Fast' },
                { value: 'ok', label: 'Fine' },
              ],
              allowChange: true,
              anonymous: true,
              results: 'live',
            },
          }),
        ])
      ).json.acks,
      ...(
        await s.send(r, ana, [
          vote('ana', 'fast', 'poll:pace'),
          op('ana', 'thread:q', 'post', { body: 'What is a retro?' }),
          op('ana', 'meter:m', 'state', { state: 'confused' }),
        ])
      ).json.acks,
      ...(
        await s.send(r, ana, [
          op('ana', 'survey:s', 'submit', { answers: { q1: 4 }, context: { room: r, session: 'Day 1', hidden: {} }, anonymous: true }),
        ])
      ).json.acks,
    ];
    assert.ok(
      sent.every((a: any) => a.status === 'applied'),
      JSON.stringify(sent),
    );
    const expected = sent.map((a: any) => statementId(r, a.topic, a.opId));
    await until(() => lrs.stored.size === expected.length, 'every statement stored by the LRS', 10_000);
    assert.deepEqual(new Set(lrs.stored.keys()), new Set(expected), 'the ids docs/xapi.md promises');
    for (const st of lrs.stored.values())
      assert.match((st as any).object.id, new RegExp(`^${BASE}/rooms/`), 'activity ids under PULSEKIT_XAPI_BASE');
    const answered = [...lrs.stored.values()].find((st: any) => st.verb.id.endsWith('/answered')) as any;
    assert.deepEqual(answered.actor.account, { homePage: 'https://lms.example', name: `anonymous@${r}` }, 'an anonymous vote names nobody');
    const ok = lrs.requests.filter((q) => q.status === 200);
    assert.equal(ok.length, lrs.requests.length, 'no request failed');
    assert.ok(
      ok.some((q) => q.ids.length > 1),
      'statements go in batches',
    );
    for (const q of ok) assert.equal(q.headers['x-experience-api-version'], '1.0.3');
    assert.deepEqual(
      [...lrs.sends().values()].filter((n) => n > 1),
      [],
      'nothing sent twice',
    );
    await until(async () => (await s.health()).queued === 0, 'the queue to be empty in /v1/health');
    assert.deepEqual(await s.health(), { queued: 0, parked: 0, oldestS: null, forwarded: expected.length, failing: false });
  });

  it('a statement the LRS refuses for good is parked with its reason; the rest of its batch and later ones go on', async () => {
    const lrs = await receiver();
    // FAULT: an LRS whose policy refuses one statement (ours are valid; a stricter LRS may refuse one).
    lrs.refuse((st: any) => (st.result?.response === 'poison' ? 'responses may not say poison' : null));
    await lrs.stop(); // the statements queue up, so they leave in one batch
    const s = await serverFor(lrs);
    const r = room('park');
    const ana = await s.token(r, 'ana');
    const ops = ['a', 'b', 'poison', 'c', 'd'].map((choice, i) => vote('ana', choice, `poll:p${i}`));
    assert.ok((await s.send(r, ana, ops)).json.acks.every((a: any) => a.status === 'applied'));
    await lrs.start();
    const ids = ops.map((o) => statementId(r, o.topic, o.opId));
    await until(
      async () => (await s.health()).parked === 1 && (await s.health()).queued === 0,
      'the poisoned statement parked, the rest delivered',
      10_000,
    );
    assert.deepEqual(new Set(lrs.stored.keys()), new Set(ids.filter((_, i) => i !== 2)));
    const [parked] = s.logged('xapi.parked');
    assert.equal(parked.id, ids[2]);
    assert.equal(parked.status, 400);
    assert.match(parked.reason, /responses may not say poison/, "the LRS's reason, in the log");
    assert.equal(lrs.requests.filter((q) => q.ids.includes(ids[2]!)).length, 2, 'tried in its batch, then alone: never again');
    const later = vote('ana', 'e', 'poll:later');
    await s.send(r, ana, [later]);
    await until(() => lrs.stored.has(statementId(r, later.topic, later.opId)), 'a later statement');
    assert.equal(lrs.requests.filter((q) => q.ids.includes(ids[2]!)).length, 2);
  });

  it('an id the LRS already has (409) counts as delivered, and the rest of its batch is stored', async () => {
    const lrs = await receiver();
    const s = await serverFor(lrs);
    const r = room('conflict');
    const ana = await s.token(r, 'ana');
    const ops = ['a', 'b', 'c'].map((choice, i) => vote('ana', choice, `poll:p${i}`));
    const taken = statementId(r, ops[1]!.topic, ops[1]!.opId);
    // The LRS holds another statement under that id (say, sent before PULSEKIT_XAPI_BASE changed).
    lrs.stored.set(taken, { id: taken, note: 'stored earlier' });
    await s.send(r, ana, ops);
    await until(async () => (await s.health()).queued === 0 && lrs.stored.size === 3, 'the batch settled', 10_000);
    assert.deepEqual(lrs.stored.get(taken), { id: taken, note: 'stored earlier' }, 'the LRS keeps what it had');
    assert.equal((await s.health()).parked, 0);
    assert.equal(s.logged('xapi.conflict')[0]?.id, taken);
  });

  it('honours Retry-After, retries 5xx with backoff, and loses nothing meanwhile', async () => {
    const lrs = await receiver();
    const s = await serverFor(lrs);
    const r = room('retry');
    const ana = await s.token(r, 'ana');
    // FAULT: an LRS that is busy, then failing.
    lrs.failNext(1, 429, 2);
    const first = vote('ana', 'a', 'poll:p1');
    await s.send(r, ana, [first]);
    await until(() => lrs.stored.size === 1, 'the statement after the Retry-After', 10_000);
    const [busy, next] = lrs.requests;
    assert.equal(busy!.status, 429);
    assert.ok(next!.at - busy!.at >= 1990, `came back ${next!.at - busy!.at} ms after "Retry-After: 2"`);
    assert.equal(s.logged('xapi.lrs_unavailable')[0].retryAfterMs, 2000);

    lrs.failNext(3, 503);
    const more = ['b', 'c', 'd'].map((c, i) => vote('ana', c, `poll:q${i}`));
    await s.send(r, ana, more);
    await until(() => lrs.stored.size === 4, 'the statements after three 503s', 10_000);
    const tries = lrs.requests.slice(2);
    assert.deepEqual(
      tries.map((q) => q.status),
      [503, 503, 503, 200],
    );
    // Jittered exponential backoff from 50 ms: each wait is at least half its ceiling (50, 100, 200).
    tries.slice(1).forEach((q, i) => assert.ok(q.at - tries[i]!.at >= (50 * 2 ** i) / 2 - 5, `wait ${i + 1}: ${q.at - tries[i]!.at} ms`));
    assert.deepEqual(
      [...lrs.sends().values()].filter((n) => n > 1),
      [],
      'nothing stored twice',
    );
    assert.equal((await s.health()).failing, false);
  });

  it('wrong credentials (401) park nothing: the queue waits, the log says to check the settings', async () => {
    const lrs = await receiver();
    const s = await serverFor(lrs, { password: 'not the secret' });
    const r = room('auth');
    const ana = await s.token(r, 'ana');
    await s.send(r, ana, [vote('ana', 'a', 'poll:p1'), vote('ana', 'b', 'poll:p2')]);
    await until(() => lrs.requests.filter((q) => q.status === 401).length >= 2, 'two refused attempts');
    await until(
      async () => (await s.health()).failing === true && (await s.health()).queued === 2,
      'health to say it is failing, with both queued',
      5000,
    );
    const h = await s.health();
    assert.deepEqual([h.queued, h.parked, h.lastStatus], [2, 0, 401]);
    const refused = s.logged('xapi.lrs_refused')[0];
    assert.match(refused.note, /PULSEKIT_LRS_URL and the credentials/);
    assert.doesNotMatch(s.logs.join('\n'), /not the secret/, 'the password never reaches the log');
  });

  it('without an LRS, nothing is queued', async () => {
    const s = await start();
    const r = room('none');
    await s.send(r, await s.token(r, 'ana'), [vote('ana', 'a')]);
    assert.deepEqual(await s.storage.queueFigures(), { queued: 0, parked: 0, oldestAt: null });
    assert.equal((await s.req('GET', '/health')).json.lrs, undefined);
  });
});

describe('LRS settings', () => {
  it('PULSEKIT_LRS_* and PULSEKIT_XAPI_* are read, checked and documented in --help', () => {
    const env = {
      PULSEKIT_LRS_URL: 'https://lrs.example/xapi/',
      PULSEKIT_LRS_USERNAME: 'key',
      PULSEKIT_LRS_PASSWORD: 'secret',
      PULSEKIT_XAPI_BASE: 'https://lms.example/pk',
      PULSEKIT_XAPI_HOME_PAGE: 'https://lms.example',
      PULSEKIT_LRS_BATCH: '100',
      PULSEKIT_LRS_RETRY: '500/60000',
    };
    assert.deepEqual(configFromEnv(env).lrs, {
      url: 'https://lrs.example/xapi/',
      username: 'key',
      password: 'secret',
      baseIri: 'https://lms.example/pk',
      homePage: 'https://lms.example',
      batchSize: 100,
      retry: { baseMs: 500, capMs: 60_000 },
    });
    assert.deepEqual(configFromEnv({ PULSEKIT_LRS_URL: 'http://lrs:8080/xapi', PULSEKIT_LRS_TOKEN: 't0k' }).lrs, {
      url: 'http://lrs:8080/xapi',
      token: 't0k',
    });
    assert.equal(configFromEnv({}).lrs, undefined);
    const refused: [Record<string, string>, RegExp][] = [
      [{ PULSEKIT_LRS_USERNAME: 'key' }, /PULSEKIT_LRS_USERNAME is set but PULSEKIT_LRS_URL is not/],
      [{ PULSEKIT_LRS_URL: 'lrs.example' }, /PULSEKIT_LRS_URL="lrs.example" is not a URL/],
      [{ PULSEKIT_LRS_URL: 'ftp://lrs.example' }, /http or https/],
      [{ PULSEKIT_LRS_URL: 'https://key:secret@lrs.example' }, /must not hold credentials/],
      [{ PULSEKIT_LRS_URL: 'https://lrs.example', PULSEKIT_LRS_USERNAME: 'key' }, /go together/],
      [
        { PULSEKIT_LRS_URL: 'https://lrs.example', PULSEKIT_LRS_TOKEN: 't', PULSEKIT_LRS_USERNAME: 'k', PULSEKIT_LRS_PASSWORD: 's' },
        /not both/,
      ],
      [{ PULSEKIT_LRS_URL: 'https://lrs.example', PULSEKIT_LRS_BATCH: '0' }, /PULSEKIT_LRS_BATCH="0"/],
      [{ PULSEKIT_LRS_URL: 'https://lrs.example', PULSEKIT_XAPI_BASE: 'lms' }, /PULSEKIT_XAPI_BASE "lms" is not an absolute IRI/],
      [{ PULSEKIT_LRS_URL: 'https://lrs.example', PULSEKIT_LRS_RETRY: 'soon' }, /PULSEKIT_LRS_RETRY="soon"/],
    ];
    for (const [e, message] of refused) assert.throws(() => configFromEnv(e), message, JSON.stringify(e));
    for (const name of [
      'PULSEKIT_LRS_URL',
      'PULSEKIT_LRS_USERNAME',
      'PULSEKIT_LRS_PASSWORD',
      'PULSEKIT_LRS_TOKEN',
      'PULSEKIT_XAPI_BASE',
      'PULSEKIT_XAPI_HOME_PAGE',
      'PULSEKIT_LRS_BATCH',
      'PULSEKIT_LRS_RETRY',
    ]) {
      assert.ok(USAGE.includes(name), `--help mentions ${name}`);
    }
  });
});
