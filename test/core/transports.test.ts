import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { deleteDB, openDB } from 'idb';
import type { ConnectionStatus, Presence, Transport } from '../../src/core/protocol/transport.js';
import { LocalTransport, type LocalTransportOptions } from '../../src/core/transports/local-transport.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import type { Actor, EventEnvelope, Operation } from '../../src/core/protocol/wire.js';
import { loseNextAck, noteModel, runTransportConformance } from '../../src/testing/index.js';
import { surveyModel } from '../../src/components/session-survey/survey-model.js';
import type { SurveyState } from '../../src/components/session-survey/survey-types.js';
import { quietFor } from '../quiet.mjs';
import { withWarnings } from '../support.js';

const uid = () => crypto.randomUUID().slice(0, 12);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const ANA: Actor = { id: 'ana', name: 'Ana', role: 'facilitator' };
const BEN: Actor = { id: 'ben', name: 'Ben', role: 'participant' };
const TOPIC = 'note:main';
const note = (actor: Actor, text: string, opId = `op-${uid()}`): Operation => ({
  opId,
  clientId: actor.id,
  topic: TOPIC,
  type: 'add',
  data: { text },
  createdAt: Date.now(),
});

function collect(t: Transport, since = 0): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  t.subscribe(TOPIC, since, { onEvent: (e) => void events.push(e) });
  return events;
}

// One hub for the whole run: every conformance test gets its own room, which is what keeps them apart.
const hub = new MemoryHub();
runTransportConformance('MemoryTransport', {
  room: () => `room-${uid()}`,
  // Small limits, so the limit cases reach them with few events.
  create: async () => new MemoryTransport(hub, { limits: { maxBatch: 8, maxPage: 5 } }),
  drop: (t) => (t as MemoryTransport).simulateDrop(),
  restore: (t) => (t as MemoryTransport).simulateRestore(),
  loseNextAck: (t) => (t as MemoryTransport).loseNextAck(),
  shippedModels: true,
});

describe('LocalTransport (conformance)', () => {
  // One database for the run, a fresh room per test: rooms partition every store, and the
  // "keeps rooms apart" case needs two rooms in one database to mean anything.
  const dbName = `pk-conf-${uid()}`;
  after(() => deleteDB(dbName));
  runTransportConformance('LocalTransport', {
    room: () => `room-${uid()}`,
    create: async () => new LocalTransport({ dbName }),
    drop: (t) => (t as LocalTransport).simulateDrop(),
    restore: (t) => (t as LocalTransport).simulateRestore(),
    loseNextAck: (t) => loseNextAck(t),
    shippedModels: true,
  });
});

describe('MemoryTransport', () => {
  const opened: Transport[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((t) => t.close()));
  });
  async function join(h: MemoryHub, room: string, identity: Actor): Promise<MemoryTransport> {
    const t = new MemoryTransport(h);
    opened.push(t);
    await t.connect({ room, identity });
    return t;
  }

  it('counts distinct identities and lists them only to facilitators', async () => {
    const h = new MemoryHub({ models: [noteModel] });
    const ana = await join(h, 'r', ANA);
    const seenByAna: Presence[] = [];
    const seenByBen: Presence[] = [];
    ana.onPresence((p) => seenByAna.push(p));
    const ben = await join(h, 'r', BEN);
    ben.onPresence((p) => seenByBen.push(p));
    await join(h, 'r', BEN); // a second tab of Ben: still one participant
    await waitFor(() => seenByAna.at(-1)?.count === 2 && seenByBen.at(-1)?.count === 2, 'presence 2');
    await quietFor(20, 'presence change', () => seenByAna.at(-1)?.count !== 2 || seenByBen.at(-1)?.count !== 2);
    expect(
      seenByAna
        .at(-1)!
        .participants!.map((a) => a.id)
        .sort(),
    ).to.deep.equal(['ana', 'ben']);
    expect(seenByBen.at(-1)!.participants).to.equal(undefined);
    ben.simulateDrop();
    // Ben's other connection is still here.
    await quietFor(20, "Ben leaving Ana's presence", () => seenByAna.at(-1)!.count !== 2);
    ben.simulateRestore();
    await ana.close();
    await waitFor(() => seenByBen.length > 0 && seenByBen.at(-1)!.count === 1, 'presence 1');
  });

  it('answers fetch with a snapshot once maxLog trimmed history, and tells a lagging subscriber to resync', async () => {
    const h = new MemoryHub({ models: [noteModel], maxLog: 3 });
    const t = await join(h, 'r', ANA);
    await t.send([1, 2, 3, 4, 5].map((i) => note(ANA, `n${i}`)));
    const page = await t.fetch(TOPIC, 0);
    expect(page.snapshot).to.deep.equal({ seq: 2, state: { count: 2, admin: 0, last: 'n2' } });
    expect(page.events.map((e) => e.seq)).to.deep.equal([3, 4, 5]);
    const reasons: string[] = [];
    const events: number[] = [];
    t.subscribe(TOPIC, 0, { onEvent: (e) => void events.push(e.seq), onResync: (r) => void reasons.push(r) });
    await waitFor(() => events.length === 3, 'events after resync');
    expect(reasons.length).to.equal(1);
    expect(events).to.deep.equal([3, 4, 5]);
  });

  it("a trimmed-history snapshot is the state as the viewer may see it: no other participant's survey answers", async () => {
    const h = new MemoryHub({ models: [surveyModel], maxLog: 1 });
    const room = `snap-${uid()}`;
    const conn = async (a: Actor) => {
      const t = new MemoryTransport(h);
      await t.connect({ room, identity: a });
      return t;
    };
    const [ben, pia, ana] = [await conn(BEN), await conn({ id: 'pia', name: 'Pia', role: 'participant' }), await conn(ANA)];
    const submit = (a: Actor, text: string): Operation => ({
      opId: `op-${uid()}`,
      clientId: a.id,
      topic: 'survey:s',
      type: 'submit',
      data: { answers: { q1: text }, context: { room, session: '', hidden: {} }, anonymous: true },
      createdAt: Date.now(),
    });
    expect((await ben.send([submit(BEN, 'ben secret')]))[0]!.status).to.equal('applied');
    expect((await pia.send([submit({ id: 'pia', name: 'Pia', role: 'participant' }, 'pia secret')]))[0]!.status).to.equal('applied');
    const answersIn = async (t: Transport) => {
      const page = await t.fetch('survey:s', 0);
      expect(page.snapshot, 'history was trimmed').to.exist;
      return Object.values((page.snapshot!.state as SurveyState).responses).map((r) => r.answers.q1);
    };
    expect(await answersIn(pia), "Ben's answer folded into the snapshot stays out of Pia's").to.deep.equal([]);
    expect(await answersIn(ben)).to.deep.equal(['ben secret']);
    expect(await answersIn(ana), 'the facilitator sees every response').to.deep.equal(['ben secret']);
    await Promise.all([ben.close(), pia.close(), ana.close()]);
  });

  it('closes on an aborted signal', async () => {
    const t = new MemoryTransport(new MemoryHub());
    const statuses: ConnectionStatus[] = [];
    t.onStatus((s) => statuses.push(s));
    const ctl = new AbortController();
    const pending = t.connect({ room: 'r', identity: ANA, signal: ctl.signal });
    ctl.abort();
    const err = await pending.then(
      () => null,
      (e: unknown) => e as { code: string },
    );
    expect(err?.code).to.equal('aborted');
    expect(t.status).to.equal('closed');
    expect(statuses).to.deep.equal(['connecting', 'closed']);
    expect(t.debugCounts()).to.deep.equal({ subscriptions: 0, timers: 0, listeners: 0 });
  });

  it("keeps subscribers from mutating each other's events", async () => {
    const h = new MemoryHub({ models: [noteModel] });
    const a = await join(h, 'r', ANA);
    const b = await join(h, 'r', BEN);
    const got: EventEnvelope[] = [];
    a.subscribe(TOPIC, 0, { onEvent: (e) => ((e.data as { text: string }).text = 'mutated') });
    b.subscribe(TOPIC, 0, { onEvent: (e) => void got.push(e) });
    await a.send([note(ANA, 'original')]);
    await waitFor(() => got.length === 1, 'event');
    expect((got[0]!.data as { text: string }).text).to.equal('original');
    expect(((await a.fetch(TOPIC, 0)).events[0]!.data as { text: string }).text).to.equal('original');
  });
});

describe('projection that throws (MemoryHub and LocalTransport)', () => {
  /** FAULT: a model whose per-viewer projection throws, as a buggy model would. */
  const fragile = {
    ...noteModel,
    kind: 'fragile',
    viewEvent: () => {
      throw new Error('broken projection');
    },
  };
  const op = (actor: Actor): Operation => ({
    opId: `op-${uid()}`,
    clientId: actor.id,
    topic: 'fragile:t',
    type: 'add',
    data: { text: 'only for Ben' },
    createdAt: Date.now(),
  });
  /** Connects Ben and Ana (made by `make`) to one room, checks what each receives, closes both. */
  const check = async (make: () => Transport) => {
    const room = `fragile-${uid()}`;
    const [ben, ana] = [make(), make()];
    await ben.connect({ room, identity: BEN });
    await ana.connect({ room, identity: { ...ANA, role: 'participant' } });
    try {
      const own: EventEnvelope[] = [];
      const other: EventEnvelope[] = [];
      ben.subscribe('fragile:t', 0, { onEvent: (e) => void own.push(e) });
      ana.subscribe('fragile:t', 0, { onEvent: (e) => void other.push(e) });
      expect((await ben.send([op(BEN)]))[0]!.status).to.equal('applied');
      await waitFor(() => own.length === 1 && other.length === 1, 'the event for both');
      expect([own[0]!.data, own[0]!.actor?.id]).to.deep.equal([{ text: 'only for Ben' }, 'ben']);
      expect([other[0]!.data, other[0]!.actor]).to.deep.equal([null, undefined]);
      expect((await ana.fetch('fragile:t', 0)).events[0]!.data, 'fetch too').to.equal(null);
    } finally {
      await Promise.all([ben.close(), ana.close()]);
    }
  };

  it('MemoryHub: the author gets the event whole; others get neither actor nor data', async () => {
    const h = new MemoryHub({ models: [fragile] });
    await check(() => new MemoryTransport(h));
  });

  it('LocalTransport: the same', async () => {
    const dbName = `pk-fragile-${uid()}`;
    try {
      await check(() => new LocalTransport({ dbName, models: [fragile] }));
    } finally {
      await deleteDB(dbName);
    }
  });
});

describe('LocalTransport', () => {
  let dbName = '';
  let room = '';
  let opened: LocalTransport[] = [];
  beforeEach(() => {
    dbName = `pk-local-${uid()}`;
    room = `room-${uid()}`;
  });
  afterEach(async () => {
    await Promise.all(opened.map((t) => t.close()));
    opened = [];
    await deleteDB(dbName);
  });

  /** A transport that shares nothing with the others but the database and the channel: a tab. */
  async function tab(identity: Actor, options: LocalTransportOptions = {}): Promise<LocalTransport> {
    const t = new LocalTransport({ dbName, models: [noteModel], ...options });
    opened.push(t);
    await t.connect({ room, identity });
    return t;
  }

  it("shows each tab the other tab's events live", async () => {
    const a = await tab(ANA);
    const b = await tab(BEN);
    const atA = collect(a);
    const atB = collect(b);
    await a.send([note(ANA, 'from a')]);
    await b.send([note(BEN, 'from b')]);
    await a.send([note(ANA, 'a again')]);
    await waitFor(() => atA.length === 3 && atB.length === 3, 'three events in both tabs');
    await quietFor(50, 'fourth event', () => atA.length > 3 || atB.length > 3);
    for (const events of [atA, atB]) {
      expect(events.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
      expect(events.map((e) => e.actor?.id)).to.deep.equal(['ana', 'ben', 'ana']);
    }
  });

  it('keeps its data across close and reopen', async () => {
    const first = await tab(ANA);
    const kept = note(ANA, 'kept');
    await first.send([note(ANA, 'one'), kept, note(ANA, 'three')]);
    await first.close();
    const second = await tab(ANA);
    const page = await second.fetch(TOPIC, 0);
    expect(page.events.map((e) => (e.data as { text: string }).text)).to.deep.equal(['one', 'kept', 'three']);
    expect(page.head).to.equal(3);
    const [dup] = await second.send([kept]);
    expect(dup).to.deep.include({ status: 'duplicate', seq: 2 });
    const [next] = await second.send([note(ANA, 'four')]);
    expect(next).to.deep.include({ status: 'applied', seq: 4 });
  });

  it('works with a real second browser tab: live events both ways, presence, bye on tab close', async () => {
    const a = await tab(ANA);
    const atA = collect(a);
    const presence: Presence[] = [];
    a.onPresence((p) => presence.push(p));
    await a.send([note(ANA, 'from the test page')]);
    const id = await executeServerCommand<number, { path: string }>('tab-open', { path: '/' });
    let closed = false;
    try {
      const setup = `(async () => {
        const { LocalTransport } = await import('/src/core/transports/local-transport.ts');
        const { noteModel } = await import('/src/testing/test-model.ts');
        const t = new LocalTransport({ dbName: ${JSON.stringify(dbName)}, models: [noteModel] });
        await t.connect({ room: ${JSON.stringify(room)}, identity: { id: 'tab', name: 'Tab', role: 'participant' } });
        window.__pk = { t, seqs: [] };
        t.subscribe('note:main', 0, { onEvent: (e) => window.__pk.seqs.push(e.seq) });
        return t.status;
      })()`;
      expect(await executeServerCommand('tab-eval', { id, expression: setup })).to.equal('open');
      await executeServerCommand('tab-wait', { id, expression: 'window.__pk && window.__pk.seqs.length === 1' });
      const sendFromTab = `window.__pk.t.send([{ opId: 'tab-op-0001', clientId: 'tab', topic: 'note:main', type: 'add',
        data: { text: 'from the tab' }, createdAt: Date.now() }]).then((acks) => acks[0].seq)`;
      expect(await executeServerCommand('tab-eval', { id, expression: sendFromTab })).to.equal(2);
      await waitFor(() => atA.length === 2, "the tab's event on the test page");
      expect(atA.map((e) => [e.seq, e.actor?.id])).to.deep.equal([
        [1, 'ana'],
        [2, 'tab'],
      ]);
      await waitFor(() => presence.at(-1)?.count === 2, 'the tab in presence');
      await executeServerCommand('tab-close', { id });
      closed = true;
      // Far below the 15 s expiry: the closing tab said bye.
      await waitFor(() => presence.at(-1)?.count === 1, 'bye from the closed tab', 3000);
    } finally {
      if (!closed) await executeServerCommand('tab-close', { id });
    }
  });

  it('counts both tabs in presence and forgets a tab that says bye', async () => {
    const a = await tab(ANA);
    const atA: Presence[] = [];
    a.onPresence((p) => atA.push(p));
    const b = await tab(BEN);
    const atB: Presence[] = [];
    b.onPresence((p) => atB.push(p));
    await tab(BEN); // Ben's second tab: still one participant
    await waitFor(() => atA.at(-1)?.count === 2 && atB.at(-1)?.count === 2, 'both see two participants');
    expect(
      atA
        .at(-1)!
        .participants!.map((x) => x.id)
        .sort(),
    ).to.deep.equal(['ana', 'ben']);
    expect(atB.at(-1)!.participants).to.equal(undefined);
    await b.close();
    await quietFor(50, "b's participant leaving", () => atA.at(-1)!.count !== 2);
    await Promise.all(opened.slice(2).map((t) => t.close()));
    await waitFor(() => atA.at(-1)?.count === 1, 'one participant after bye');
  });

  it('expires a tab that stops beating', async () => {
    const a = await tab(ANA, { heartbeatMs: 40, presenceTtlMs: 150 });
    const atA: Presence[] = [];
    a.onPresence((p) => atA.push(p));
    // A tab that says hello and then freezes (never beats, never says bye).
    const frozen = new BroadcastChannel(`${dbName}:${room}`);
    frozen.postMessage({ presence: 'hello', from: 'frozen-tab', actor: BEN });
    frozen.close();
    await waitFor(() => atA.at(-1)?.count === 2, 'frozen tab counted');
    await waitFor(() => atA.at(-1)?.count === 1, 'frozen tab expired', 2000);
  });

  it('drops malformed channel messages and stored rows with a warning, and keeps delivering', async () => {
    const a = await tab(ANA);
    const b = await tab(BEN);
    await b.send([note(BEN, 'good 1')]);
    // Damage the store as a buggy older version might have: a row that is no event, head moved past it.
    const raw = await openDB(dbName);
    await raw.put('events', { room, topic: TOPIC, seq: 2, v: 99, opId: 'x', fp: '' });
    await raw.put('topics', { room, topic: TOPIC, head: 2, state: { count: 1, admin: 0, last: 'good 1' } });
    raw.close();
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const events = collect(a);
      const junk = new BroadcastChannel(`${dbName}:${room}`);
      junk.postMessage({ topic: 42, head: 'x' });
      junk.postMessage('hello');
      junk.postMessage({ topic: TOPIC, head: 99 }); // well-formed but wrong: only causes a harmless pull
      junk.close();
      await b.send([note(BEN, 'good 3')]);
      await waitFor(() => events.length === 2, 'two good events');
      await quietFor(50, 'event from the junk messages', () => events.length > 2);
      expect(events.map((e) => e.seq)).to.deep.equal([1, 3]);
      expect((await a.fetch(TOPIC, 0)).events.map((e) => e.seq)).to.deep.equal([1, 3]);
      const text = warnings.map((w) => String(w[0])).join('\n');
      expect(text).to.contain('malformed stored event');
      expect(text).to.contain('malformed BroadcastChannel message');
    } finally {
      console.warn = warn;
    }
  });

  it('rejects only the op whose model throws, and commits the rest of the batch', async () => {
    const a = await tab(ANA);
    a.registerModel({
      kind: 'boom',
      initial: () => 0,
      decide: () => ({ ok: true, data: {} }),
      evolve: () => {
        throw new Error('boom');
      },
    });
    const err = console.error;
    console.error = () => {};
    try {
      const acks = await a.send([note(ANA, 'before'), { ...note(ANA, 'x'), topic: 'boom:x' }, note(ANA, 'after')]);
      expect(acks.map((x) => x.status)).to.deep.equal(['applied', 'rejected', 'applied']);
      expect(acks[1]).to.deep.include({ status: 'rejected' });
      expect((await a.fetch(TOPIC, 0)).head).to.equal(2);
      expect((await a.fetch('boom:x', 0)).head).to.equal(0);
    } finally {
      console.error = err;
    }
  });

  it('rebuilds a damaged topic record from the log instead of reusing a seq', async () => {
    const a = await tab(ANA);
    await a.send([note(ANA, 'one'), note(ANA, 'two')]);
    const raw = await openDB(dbName);
    await raw.put('topics', { room, topic: TOPIC, head: 'broken' });
    raw.close();
    const warn = console.warn;
    console.warn = () => {};
    try {
      const [ack] = await a.send([note(ANA, 'three')]);
      expect(ack).to.deep.include({ status: 'applied', seq: 3 });
    } finally {
      console.warn = warn;
    }
  });

  it('rolls a batch back whole when IndexedDB refuses a write in it, and throws a retryable storage_error', async () => {
    const a = await tab(ANA);
    await a.send([note(ANA, 'one')]);
    // A row squatting on seq 2 behind the topic record's back: the next add() hits its key.
    const raw = await openDB(dbName);
    await raw.put('events', {
      v: 1,
      room,
      topic: TOPIC,
      seq: 2,
      opId: `squat-${uid()}`,
      type: 'add',
      data: { text: 'x' },
      at: 1,
      actor: ANA,
      fp: '',
    });
    raw.close();
    const error = await a.send([{ ...note(ANA, 'first'), topic: 'note:other' }, note(ANA, 'two')]).then(
      () => null,
      (err: unknown) => err as { code?: string; retryable?: boolean },
    );
    expect(error).to.include({ code: 'storage_error', retryable: true });
    // The op before the refused one was in the same transaction: nothing of the batch was kept.
    expect((await a.fetch('note:other', 0)).head).to.equal(0);
    expect(a.status).to.equal('open');
  });

  it('steps aside when another connection deletes the database, then follows the new, empty one', async () => {
    const a = await tab(ANA);
    await a.send([note(ANA, 'one'), note(ANA, 'two')]);
    const seen: number[] = [];
    const resyncs: string[] = [];
    a.subscribe(TOPIC, 0, { onEvent: (e) => void seen.push(e.seq), onResync: (r) => void resyncs.push(r) });
    await waitUntil(() => seen.length === 2, 'the two notes');
    await withWarnings(async () => {
      await deleteDB(dbName); // resolves only if this tab closed its connection instead of blocking it
      await waitUntil(() => a.status === 'open', 'open again', { timeout: 5000 });
    });
    expect(resyncs).to.have.length(1);
    expect((await a.fetch(TOPIC, 0)).head, 'the deleted notes are gone').to.equal(0);
    const [ack] = await a.send([note(ANA, 'three')]);
    expect(ack).to.deep.include({ status: 'applied', seq: 1 });
    // The subscription moved back to the new head and delivers the new seq 1.
    await waitUntil(() => seen.length === 3, 'the new note');
    expect(seen).to.deep.equal([1, 2, 1]);
    await a.close();
    expect(a.debugCounts()).to.deep.equal({ subscriptions: 0, timers: 0, listeners: 0 });
  });
});
