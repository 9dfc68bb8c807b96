// xAPI ids (name-based UUIDs, stable) and a session's statement feed (its own accepted operations,
// the same statements an authority builds from its stored events). Real MemoryHub authority.
import { expect, waitUntil } from '@open-wc/testing';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import { sha1, URL_NAMESPACE, uuidV5 } from '../../src/core/protocol/uuid-v5.js';
import type { StoredEvent } from '../../src/core/protocol/model.js';
import type { XapiOptions, XapiStatement } from '../../src/core/protocol/xapi-types.js';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import type { PollConfig } from '../../src/components/pulse-poll/poll-types.js';
import { registrationOf, roomIri, STATEMENT_NAMESPACE, statementsFor, VOCAB } from '../../src/xapi.js';
import { ana, ben, expectValid, fran, replay } from './xapi-support.js';
import { uniqueRoom } from '../support.js';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const options: XapiOptions = { baseIri: 'https://lms.example/pulsekit', room: 'course-42' };

describe('xAPI ids', () => {
  it('SHA-1 and version 5 UUIDs match the published values', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(hex(sha1(enc('')))).to.equal('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(enc('The quick brown fox jumps over the lazy dog')))).to.equal('2fd4e1c67a2d28fced849ee1bb76e7391b93eb12');
    expect(hex(sha1(enc('a'.repeat(1000))))).to.equal('291e9a6c66994949b57ba5e650361e98fc36b1ba');
    // Python's uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com').
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).to.equal('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(STATEMENT_NAMESPACE).to.equal(uuidV5(URL_NAMESPACE, `${VOCAB}statements`));
  });

  it('a statement id is the UUID of room, topic and opId: the same event gives the same id whatever the options; another room or op another id', () => {
    const [{ event, before }] = replay('poll:warmup', [{ actor: ana, type: 'vote', data: { round: 1, choices: ['a'], anonymous: false } }]);
    const [s] = statementsFor(event, before, options);
    expect(s!.id).to.equal(uuidV5(STATEMENT_NAMESPACE, `course-42\npoll:warmup\n${event.opId}`));
    const again = statementsFor(event, before, {
      ...options,
      baseIri: 'https://other.example/',
      sessionLabel: 'Day 2',
      agent: () => ({ mbox: 'mailto:ana@example.com' }),
    });
    expect(again[0]!.id).to.equal(s!.id);
    expect(statementsFor(event, before, { ...options, room: 'course-43' })[0]!.id).to.not.equal(s!.id);
    expect(statementsFor({ ...event, opId: 'another-op-id' }, before, options)[0]!.id).to.not.equal(s!.id);
    expect(s!.timestamp).to.equal(new Date(event.at).toISOString());
    expect(s!.context.registration).to.equal(uuidV5(URL_NAMESPACE, 'https://lms.example/pulsekit/rooms/course-42'));
    expect(registrationOf(options)).to.equal(s!.context.registration);
    expect(roomIri({ ...options, room: 'Cours 42/é' })).to.equal('https://lms.example/pulsekit/rooms/Cours%2042%2F%C3%A9');
  });

  it("a host's agent mapping names people in named statements only: it is never called for anonymous data", async () => {
    const mapped: string[] = [];
    const agent = (a: { id: string; name: string }) => (mapped.push(a.id), { name: a.name, mbox: `mailto:${a.id}@example.com` });
    // A topic's rules are fixed by its first write, so the named and the anonymous poll are two topics.
    const accepted = [
      ...replay('poll:map-named', [{ actor: ana, type: 'vote', data: { round: 1, choices: ['a'], anonymous: false } }]),
      ...replay('poll:map-anonymous', [{ actor: ben, type: 'vote', data: { round: 1, choices: ['b'], anonymous: true } }]),
    ];
    const [named, anonymous] = accepted.map(({ event, before }) => statementsFor(event, before, { ...options, agent })[0]!);
    await expectValid([named!, anonymous!]);
    expect(named!.actor).to.deep.equal({ objectType: 'Agent', name: 'Ana Anders', mbox: 'mailto:ana-id@example.com' });
    expect(anonymous!.actor.objectType).to.equal('Group');
    expect(mapped).to.deep.equal(['ana-id']);
  });

  it('statementsFor: none for a kind it does not know; a specific error for a base that is not an IRI', () => {
    const [{ event }] = replay('poll:first', [{ actor: ana, type: 'vote', data: { round: 1, choices: ['a'] } }]);
    expect(statementsFor(event, undefined, options), 'a first event: the state before is the initial one').to.have.length(1);
    expect(statementsFor({ ...event, topic: 'quiz:x' }, undefined, options)).to.deep.equal([]);
    expect(() => statementsFor(event, undefined, { ...options, baseIri: 'lms.example' })).to.throw(
      TypeError,
      /baseIri "lms.example" is not an absolute IRI/,
    );
  });
});

const named: PollConfig = {
  question: 'Ready?',
  kind: 'single',
  options: [
    { value: 'y', label: 'Yes' },
    { value: 'n', label: 'No' },
  ],
  allowChange: false,
  anonymous: false,
  results: 'live',
};

describe('a session delivers the statements of its own accepted operations', () => {
  it('one call per own accepted op, none for others or for refusals; the same statements as the authority builds from its stored events', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('xapi-feed');
    const client = (who: typeof ana) =>
      new SessionClient({ room, transport: new MemoryTransport(hub), identity: who, outbox: new MemoryOutbox() });
    const [f, a, b] = [client(fran), client(ana), client(ben)];
    const got: Array<{ statement: XapiStatement; event: StoredEvent }> = [];
    expect(() => a.onStatement(() => {}, { baseIri: 'not an iri' })).to.throw(TypeError, /not an absolute IRI/);
    a.onStatement((statement, event) => got.push({ statement, event }), { baseIri: options.baseIri });
    await Promise.all([f, a, b].map((c) => c.start()));
    try {
      const [hf, ha, hb] = [f, a, b].map((c) => c.topic('poll:ready', pollModel));
      expect((await hf!.send('open', { config: named })).status).to.equal('applied');
      expect((await ha!.send('vote', { round: 1, choices: ['y'] })).status).to.equal('applied');
      expect((await hb!.send('vote', { round: 1, choices: ['n'] })).status).to.equal('applied');
      expect((await ha!.send('vote', { round: 1, choices: ['n'] })).status, 'no changes allowed').to.equal('rejected');
      await waitUntil(() => got.length >= 1 && ha!.folded >= 3, 'statement delivered', { timeout: 5000 });
      expect(got.map((g) => g.statement.verb.display.en)).to.deep.equal(['answered']);
      expect(got[0]!.statement.actor).to.deep.equal({ objectType: 'Agent', account: { homePage: options.baseIri, name: 'ana-id' } });
      await expectValid(got.map((g) => g.statement));
      // The facilitator's authority view of the same events (named votes show their voter to facilitators).
      const page = await f.transport.fetch('poll:ready', 0, 10);
      let state = pollModel.initial();
      const built: XapiStatement[] = [];
      for (const e of page.events) {
        if (e.opId === got[0]!.event.opId) built.push(...statementsFor(e as StoredEvent, state, { ...options, room }));
        state = pollModel.evolve(state, e);
      }
      expect(built).to.deep.equal(got.map((g) => g.statement));
    } finally {
      await Promise.all([f, a, b].map((c) => c.close()));
    }
  });
});
