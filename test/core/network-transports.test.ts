// The network transports against the LIVE reference server (server/, started in-process by
// scripts/wtr-server-plugin.mjs): the exported conformance suite for both, then what the suite does
// not cover (tokens, failed, malformed messages, snapshots, presence, real restarts).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { setEndpointTransportFactory, transportForEndpoint } from '../../src/core/transports/endpoint-transports.js';
import type { ConnectionStatus, Presence, Transport } from '../../src/core/protocol/transport.js';
import { presentParticipants } from '../../src/core/protocol/presence.js';
import { HttpTransport, type HttpTransportOptions } from '../../src/core/transports/http-transport.js';
import {
  endpointChoice,
  enableNetworkTransports,
  networkTransportFor,
  SseParser,
  type SseMessage,
} from '../../src/core/transports/network.js';
import { WebSocketTransport, type WebSocketTransportOptions } from '../../src/core/transports/websocket-transport.js';
import type { Actor, EventEnvelope, Operation } from '../../src/core/protocol/wire.js';
import { noteModel, runTransportConformance } from '../../src/testing/index.js';
import { withFaults, type FaultHooks } from '../../src/testing/faults.js';
import { MemoryOutbox } from '../../src/core/client/outbox.js';
import { SessionClient } from '../../src/core/client/session-client.js';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import { quietFor } from '../quiet.mjs';
import { withWarnings } from '../support.js';

const uid = () => crypto.randomUUID().slice(0, 12);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, timeout = 8000): Promise<void> {
  const end = Date.now() + timeout;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

type UrlAnswer = { url: string } | { pending: true };
/** Polls a command that answers `{pending}` while a server starts (commands must answer within 20 s). */
async function urlOf(command: string, payload?: object): Promise<string> {
  for (let i = 0; i < 12; i++) {
    const answer = await executeServerCommand<UrlAnswer, object | undefined>(command, payload);
    if ('url' in answer) return answer.url;
  }
  throw new Error(`${command}: the test server did not start`);
}

let serverUrl: Promise<string> | null = null;
/** URL of the shared reference server. */
const url = (): Promise<string> => (serverUrl ??= urlOf('server-info'));
const wsUrl = async (base?: string) => (base ?? (await url())).replace(/^http/, 'ws');

// The first server start initialises an embedded database (seconds on a busy machine): wait once, here.
before(async function () {
  this.timeout(180000);
  await url();
  // Started now, in the background: they are ready by the time the tests below need them.
  for (const [name, options] of Object.entries(EXTRA)) void extraServer(name, options).catch(() => {});
});

/** A dev token for `identity` in `room`, from server `server` (1 = the shared one). */
async function token(room: string, identity: Actor, extra: { server?: number } = {}): Promise<string> {
  const r = await executeServerCommand<{ token: string } | { error: string }, object>('dev-token', {
    room,
    role: identity.role,
    name: identity.name,
    participantId: identity.id,
    ...extra,
  });
  if ('error' in r) throw new Error(r.error);
  return r.token;
}
const minted = ({ room, identity }: { room: string; identity: Actor }) => token(room, identity);

/** Extra servers with their own options, started once and shared by both transports. */
const EXTRA = {
  ttl: { devTokenTtlS: 4 }, // exp has whole seconds: a 4 s token lives 3-4 s
  restartable: {},
  snapshots: { timings: { snapshotBurst: 2, snapshotWindowMs: 100 } },
  smallBody: { limits: { maxBodyBytes: 2048 } },
  restorable: {},
} as const;
const extras = new Map<string, Promise<{ id: number; url: string }>>();
function extraServer(name: string, options: object = {}): Promise<{ id: number; url: string }> {
  let s = extras.get(name);
  if (!s) {
    s = executeServerCommand<{ id: number }, object>('server-start', { options }).then(async ({ id }) => ({
      id,
      url: await urlOf('server-url', { id }),
    }));
    extras.set(name, s);
  }
  return s;
}
/** Starts a paused extra server again (same port, same data) and waits until it listens. */
async function resumeServer(id: number): Promise<void> {
  await executeServerCommand('server-resume', { id });
  await urlOf('server-url', { id });
}
after(async function () {
  this.timeout(30000);
  for (const s of extras.values()) await executeServerCommand('server-stop', { id: (await s).id }).catch(() => {});
});
/** Token source for an extra server. */
const mintedBy =
  (server: number) =>
  ({ room, identity }: { room: string; identity: Actor }) =>
    token(room, identity, { server });
/** Sends ops over plain HTTP, beside the transports under test (the window events do not reach it). */
async function rawSend(base: string, room: string, actor: Actor, ops: Operation[]): Promise<void> {
  const res = await fetch(`${base}/v1/rooms/${encodeURIComponent(room)}/ops`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await token(room, actor)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ops }),
  });
  if (!res.ok) throw new Error(`raw send: HTTP ${res.status}`);
}

// ---- the conformance suite, twice ----------------------------------------------------------------

// Small client-side limits so the limit cases are reached with few events (the server caps at its own).
const small = { maxBatch: 8, maxPage: 5 };

runTransportConformance('HttpTransport (reference server)', {
  room: () => `conf-http-${uid()}`,
  create: async () => withFaults(new HttpTransport(await url(), { limits: small, tokenProvider: minted })),
  drop: (t) => (t as Faulty).simulateDrop(),
  restore: (t) => (t as Faulty).simulateRestore(),
  loseNextAck: (t) => (t as Faulty).loseNextAck(),
  shippedModels: true,
});

runTransportConformance('WebSocketTransport (reference server)', {
  room: () => `conf-ws-${uid()}`,
  create: async () => withFaults(new WebSocketTransport(await wsUrl(), { limits: small, tokenProvider: minted })),
  drop: (t) => (t as Faulty).simulateDrop(),
  restore: (t) => (t as Faulty).simulateRestore(),
  loseNextAck: (t) => (t as Faulty).loseNextAck(),
  shippedModels: true,
});

// ---- helpers for the rest --------------------------------------------------------------------------

const ANA: Actor = { id: 'net-ana', name: 'Ana', role: 'facilitator' };
const BEN: Actor = { id: 'net-ben', name: 'Ben', role: 'participant' };
const CAT: Actor = { id: 'net-cat', name: 'Cat', role: 'participant' };
const TOPIC = 'note:main';
const note = (actor: Actor, text: string, topic = TOPIC): Operation => ({
  opId: `op-${uid()}-${uid()}`,
  clientId: actor.id,
  topic,
  type: 'add',
  data: { text },
  createdAt: Date.now(),
});

type Kind = 'http' | 'ws';
type AnyNet = HttpTransport | WebSocketTransport;
/** A network transport with the fault hooks of src/testing. */
type Faulty = AnyNet & FaultHooks;

function make(kind: Kind, base: string, options: HttpTransportOptions & WebSocketTransportOptions = {}): AnyNet {
  return kind === 'http' ? new HttpTransport(base, options) : new WebSocketTransport(base.replace(/^http/, 'ws'), options);
}

/** Captures console.warn while `fn` runs. */
const warnings = async (fn: () => Promise<void>): Promise<string> => (await withWarnings(fn)).warned.join('\n');

/**
 * A link the test can tamper with, beside the real server: `inject(text)` adds a raw SSE chunk or a
 * WebSocket message; `lose(re)` makes the first incoming frame matching `re` vanish in transit.
 */
function tamper(kind: Kind): {
  options: HttpTransportOptions & WebSocketTransportOptions;
  inject(text: string): void;
  lose(re: RegExp): void;
} {
  let injectInto: ((text: string) => void) | null = null;
  let losing: RegExp | null = null;
  const options: HttpTransportOptions & WebSocketTransportOptions = {};
  if (kind === 'http') {
    options.fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).endsWith('/stream') || !res.body) return res;
      const reader = res.body.getReader();
      const enc = new TextEncoder();
      const dec = new TextDecoder();
      let pending = '';
      const body = new ReadableStream<Uint8Array>({
        start(ctl) {
          injectInto = (text) => ctl.enqueue(enc.encode(text));
        },
        async pull(ctl) {
          const { value, done } = await reader.read();
          if (done) return ctl.close();
          // Re-chunk on frame boundaries so one frame can be removed whole.
          pending += dec.decode(value, { stream: true });
          const end = pending.lastIndexOf('\n\n');
          if (end < 0) return;
          const frames = pending
            .slice(0, end + 2)
            .split('\n\n')
            .slice(0, -1)
            .map((f) => `${f}\n\n`);
          pending = pending.slice(end + 2);
          const kept = frames.filter((f) => {
            if (losing && losing.test(f)) {
              losing = null;
              return false;
            }
            return true;
          });
          ctl.enqueue(enc.encode(kept.join('')));
        },
        cancel: (reason) => reader.cancel(reason),
      });
      return new Response(body, { status: res.status, headers: res.headers });
    };
  } else {
    let last: WebSocket | null = null;
    options.WebSocket = class extends WebSocket {
      constructor(u: string | URL, p?: string | string[]) {
        super(u, p);
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- the test keeps the socket the transport made
        last = this;
      }
      override set onmessage(h: ((ev: MessageEvent) => void) | null) {
        super.onmessage = h
          ? (ev: MessageEvent) => {
              if (losing && typeof ev.data === 'string' && losing.test(ev.data)) {
                losing = null;
                return;
              }
              h.call(this, ev);
            }
          : null;
      }
      override get onmessage(): ((ev: MessageEvent) => void) | null {
        return super.onmessage;
      }
    };
    injectInto = (text) => last!.dispatchEvent(new MessageEvent('message', { data: text }));
  }
  return {
    options,
    inject: (text) => injectInto!(text),
    lose: (re) => void (losing = re),
  };
}

// ---- the SSE parser ----------------------------------------------------------------------------------

describe('SseParser', () => {
  function parse(chunks: string[]): { messages: SseMessage[]; retries: number[]; comments: string[]; parser: SseParser } {
    const messages: SseMessage[] = [];
    const retries: number[] = [];
    const comments: string[] = [];
    const parser = new SseParser(
      (m) => messages.push(m),
      (ms) => retries.push(ms),
      (c) => comments.push(c),
    );
    for (const c of chunks) parser.push(c);
    return { messages, retries, comments, parser };
  }

  it('parses ids, types, multi-line data, comments and retry, with every line ending', () => {
    const { messages, retries, comments } = parse([
      '\uFEFFretry: 2000\n\n: ping\r\nid: 4',
      '2\revent: event\r\ndata: {"a":\ndata:1}\n\n',
      'data:x\r',
      '\n\r\n',
    ]);
    expect(retries).to.deep.equal([2000]);
    expect(comments).to.deep.equal(['ping']);
    expect(messages).to.deep.equal([
      { event: 'event', data: '{"a":\n1}', lastEventId: '42' },
      { event: 'message', data: 'x', lastEventId: '42' },
    ]);
  });

  it('splits CRLF across chunks without an empty line, and handles one character at a time', () => {
    const text = 'id: 7\r\nevent: presence\r\ndata: {"count":2}\r\n\r\n: c\r\ndata: last\r\n\r\n';
    const whole = parse([text]).messages;
    const bytewise = parse([...text]).messages;
    expect(whole).to.have.length(2);
    expect(bytewise).to.deep.equal(whole);
  });

  it('keeps the id across events, ignores ids with NUL, bad retry and unknown fields, and needs data to dispatch', () => {
    const { messages, retries, parser } = parse([
      'id: 1\ndata: a\n\n',
      'data: b\n\n',
      'id: 2\u0000x\nretry: 12a\nfoo: bar\ndata\n\n',
      'id: 3\nevent: event\n\n',
    ]);
    expect(messages.map((m) => [m.data, m.lastEventId])).to.deep.equal([
      ['a', '1'],
      ['b', '1'],
      ['', '1'],
    ]);
    expect(retries).to.deep.equal([]);
    expect(parser.lastEventId).to.equal('3'); // an event without data still moves the last event id
  });

  it('drops an unterminated event at the end of the stream', () => {
    const { messages } = parse(['data: complete\n\ndata: incomplete\n']);
    expect(messages.map((m) => m.data)).to.deep.equal(['complete']);
  });
});

// ---- the endpoint rule -------------------------------------------------------------------------------

describe('network endpoint factory', () => {
  it('chooses HttpTransport by default and WebSocketTransport for ws(s): or ?transport=ws', () => {
    expect(endpointChoice('https://api.example/pk')).to.deep.equal({ kind: 'http', endpoint: 'https://api.example/pk' });
    expect(endpointChoice('wss://api.example/pk').kind).to.equal('ws');
    expect(endpointChoice('https://api.example/pk?transport=ws')).to.deep.equal({ kind: 'ws', endpoint: 'https://api.example/pk' });
    expect(endpointChoice('https://api.example/pk?transport=sse&x=1')).to.deep.equal({
      kind: 'http',
      endpoint: 'https://api.example/pk?x=1',
    });
    expect(networkTransportFor('https://api.example')).to.be.instanceOf(HttpTransport);
    expect(networkTransportFor('/relative?transport=websocket')).to.be.instanceOf(WebSocketTransport);
  });

  it('registers itself as the endpoint factory', async () => {
    try {
      expect(transportForEndpoint('http://localhost:1')).to.equal(null);
      enableNetworkTransports();
      expect(transportForEndpoint('http://localhost:1')).to.be.instanceOf(HttpTransport);
      expect(transportForEndpoint('ws://localhost:1')).to.be.instanceOf(WebSocketTransport);
    } finally {
      setEndpointTransportFactory(null);
    }
  });
});

// ---- the real consumer: SessionClient over the endpoint factory -----------------------------------

describe('SessionClient over the network transports (endpoint factory)', () => {
  for (const kind of ['http', 'ws'] as const) {
    it(`${kind}: converges across a drop, with the offline user's actions queued and delivered once`, async () => {
      const room = `e2e-${kind}-${uid()}`;
      const endpoint = kind === 'http' ? await url() : `${await url()}?transport=ws`;
      const clients: SessionClient[] = [];
      const open = (id: string) => {
        const transport = withFaults(networkTransportFor(endpoint) as AnyNet);
        const client = new SessionClient({
          room,
          transport,
          identity: { id, name: id, role: 'participant' },
          tokenProvider: () => token(room, { id, name: id, role: 'participant' }),
          outbox: new MemoryOutbox(),
        });
        clients.push(client);
        void client.start();
        return { client, transport, notes: client.topic('note:e2e', noteModel) };
      };
      try {
        const alice = open('e2e-alice');
        const bob = open('e2e-bob');
        expect(bob.transport).to.be.instanceOf(kind === 'http' ? HttpTransport : WebSocketTransport);
        await waitFor(() => alice.client.status === 'open' && bob.client.status === 'open', 'both open');
        for (const t of ['a1', 'a2', 'a3']) expect((await alice.notes.send('add', { text: t })).status).to.equal('applied');
        await waitFor(() => bob.notes.state.count === 3, 'bob sees three notes');
        bob.transport.simulateDrop();
        const queued = bob.notes.send('add', { text: 'from bob, offline' });
        await alice.notes.send('add', { text: 'a4' });
        await quietFor(100, "alice's note reaching bob while he is offline", () => bob.notes.confirmed.count !== 3);
        expect(bob.notes.state.count).to.equal(4); // optimistic: bob's own note shows at once
        bob.transport.simulateRestore();
        expect((await queued).status).to.equal('applied');
        await waitFor(
          () => alice.notes.state.count === 5 && bob.notes.confirmed.count === 5 && bob.notes.pending.length === 0,
          'both at five',
        );
        expect(bob.notes.confirmed).to.deep.equal(alice.notes.confirmed);
        expect(alice.notes.cursor).to.equal(5);
        expect(bob.notes.cursor).to.equal(5);
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    });
  }
});

describe('SessionClient over a server with a small body cap', () => {
  for (const kind of ['http', 'ws'] as const) {
    it(`${kind}: queued posts that pass every per-op limit but not the body cap together are all delivered, in smaller batches`, async () => {
      const room = `body-${kind}-${uid()}`;
      const server = await extraServer('smallBody', EXTRA.smallBody);
      const base = server.url;
      const endpoint = kind === 'http' ? base : `${base}?transport=ws`;
      const transport = withFaults(networkTransportFor(endpoint) as AnyNet);
      const id = 'body-alice';
      const client = new SessionClient({
        room,
        transport,
        identity: { id, name: id, role: 'participant' },
        tokenProvider: () => token(room, { id, name: id, role: 'participant' }, { server: server.id }),
        outbox: new MemoryOutbox(),
      });
      void client.start();
      try {
        const notes = client.topic('note:body', noteModel);
        await waitFor(() => client.status === 'open' && notes.loaded, 'open');
        transport.simulateDrop();
        // Six notes of 450 characters: each about 600 bytes alone, about 3.5 KB together (cap 2 KB).
        const sent = Array.from({ length: 6 }, (_, i) => notes.send('add', { text: `${i}`.padEnd(450, '.') }));
        await waitFor(() => client.queued === 6, 'six notes queued');
        transport.simulateRestore();
        const statuses = await Promise.all(sent.map((p) => p.then((a) => (a.status === 'rejected' ? a.error.code : a.status))));
        expect(statuses).to.deep.equal(Array(6).fill('applied'));
        await waitFor(() => notes.confirmed.count === 6, 'six notes confirmed');
      } finally {
        await client.close();
      }
    });
  }
});

// ---- behaviour beyond the suite, for both transports ---------------------------------------------------

for (const kind of ['http', 'ws'] as const) {
  describe(`${kind === 'http' ? 'HttpTransport' : 'WebSocketTransport'} against the reference server`, () => {
    let room = '';
    const opened: Transport[] = [];
    beforeEach(() => {
      room = `net-${kind}-${uid()}`;
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((t) => t.close()));
    });

    async function join(identity: Actor, options: HttpTransportOptions & WebSocketTransportOptions = {}, base?: string): Promise<AnyNet> {
      const t = make(kind, base ?? (await url()), { tokenProvider: minted, ...options });
      opened.push(t);
      await t.connect({ room, identity });
      return t;
    }

    it('asks the token provider once more after a 401, and works with the fresh token', async () => {
      const good = await token(room, BEN);
      let calls = 0;
      const t = make(kind, await url());
      opened.push(t);
      await t.connect({ room, identity: BEN, tokenProvider: () => (++calls === 1 ? 'not-a-token' : good) });
      expect(t.status).to.equal('open');
      expect(calls).to.equal(2);
      const [ack] = await t.send([note(BEN, 'hello')]);
      expect(ack).to.deep.include({ status: 'applied', seq: 1 });
    });

    it('goes failed (not offline) when the fresh token is refused too', async () => {
      let calls = 0;
      const t = make(kind, await url());
      opened.push(t);
      const log: ConnectionStatus[] = [];
      t.onStatus((s) => log.push(s));
      const err = await t.connect({ room, identity: BEN, tokenProvider: () => `bad-${++calls}` }).then(
        () => null,
        (e: unknown) => e as { name: string; code: string; retryable: boolean },
      );
      expect(err).to.deep.include({ name: 'TransportError', code: 'unauthorized', retryable: false });
      expect(calls).to.equal(2);
      expect(t.status).to.equal('failed');
      expect(log).to.deep.equal(['connecting', 'failed']);
      await quietFor(300, 'retry from failed', () => t.status !== 'failed' && t.status);
      const refused = await t.send([note(BEN, 'x')]).then(
        () => null,
        (e: { code: string; retryable: boolean }) => e,
      );
      expect(refused).to.deep.include({ code: 'failed', retryable: false });
      // connect() again (the host fixed its token) works.
      await t.connect({ room, identity: BEN, tokenProvider: () => token(room, BEN) });
      expect(t.status).to.equal('open');
    });

    it('goes failed with wrong_room for a token of another room', async () => {
      const t = make(kind, await url());
      opened.push(t);
      const other = await token(`${room}-other`, BEN);
      const err = await t.connect({ room, identity: BEN, tokenProvider: () => other }).then(
        () => null,
        (e: { code: string; retryable: boolean }) => e,
      );
      expect(err?.retryable).to.equal(false);
      expect(['wrong_room', 'forbidden']).to.include(err?.code);
      expect(t.status).to.equal('failed');
    });

    it('renews an expired token through the provider when the server ends the link at expiry', async function () {
      this.timeout(60000);
      const extra = await extraServer('ttl', EXTRA.ttl);
      let calls = 0;
      const t = make(kind, extra.url);
      opened.push(t);
      await t.connect({ room, identity: BEN, tokenProvider: () => (++calls, token(room, BEN, { server: extra.id })) });
      expect(calls).to.equal(1);
      // The server ends the stream (`error` token_expired) or closes the socket (4001 token_expired)
      // when the token runs out; the transport asks for a fresh one and opens again by itself.
      await waitFor(() => calls === 2 && t.status === 'open', 'a fresh token and an open link again', 15000);
      const [ack] = await t.send([note(BEN, 'after expiry')]);
      expect(ack).to.deep.include({ status: 'applied' });
      expect(calls).to.equal(2);
    });

    it('drops malformed stream messages with a warning and keeps delivering', async () => {
      const link = tamper(kind);
      const reader = await join(ANA, link.options);
      const writer = await join(BEN);
      const events: EventEnvelope[] = [];
      const presence: Presence[] = [];
      reader.onPresence((p) => presence.push(p));
      reader.subscribe(TOPIC, 0, { onEvent: (e) => void events.push(e) });
      await writer.send([note(BEN, 'one')]);
      await waitFor(() => events.length === 1, 'first event');
      const good = { v: 1, topic: TOPIC, seq: 99, opId: 'x', type: 'add', data: {}, at: 1 };
      const junk =
        kind === 'http'
          ? [
              'event: event\ndata: {not json\n\n',
              `event: event\ndata: ${JSON.stringify({ ...good, v: 2 })}\n\n`,
              `event: event\ndata: ${JSON.stringify({ ...good, seq: -1 })}\n\n`,
              'event: mystery\ndata: {}\n\n',
              'event: presence\ndata: {"count":-3}\n\n',
              'event: presence\ndata: {"count":1,"participantCount":4}\n\n',
              'event: snapshot\ndata: {"topic":"not a topic"}\n\n',
              'data: no type\n\n',
            ]
          : [
              '{not json',
              '"just a string"',
              JSON.stringify({ t: 'event', cursor: 1, e: { ...good, v: 2 } }),
              JSON.stringify({ t: 'event', cursor: 1, e: { ...good, seq: -1 } }),
              JSON.stringify({ t: 'mystery' }),
              JSON.stringify({ t: 'presence', count: -3 }),
              JSON.stringify({ t: 'presence', count: 1, participantCount: 4 }),
              JSON.stringify({ t: 'snapshot', topic: 'not a topic' }),
              JSON.stringify({ t: 'acks', id: 987654, acks: [] }),
            ];
      const text = await warnings(async () => {
        for (const j of junk) link.inject(j);
        await sleep(50);
        await writer.send([note(BEN, 'two'), note(BEN, 'three')]);
        await waitFor(() => events.length === 3, 'events after the junk');
        await quietFor(100, 'event from the junk', () => events.length > 3);
      });
      expect(events.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
      expect(reader.status).to.equal('open');
      expect(presence.every((p) => p.count >= 0 && (p.participantCount ?? 0) <= p.count)).to.equal(true);
      expect(text).to.match(/not JSON|malformed WebSocket message/);
      expect(text).to.contain('unsupported protocol version 2');
      expect(text).to.contain('malformed presence');
      expect(text).to.contain('malformed snapshot');
      expect(text).to.match(/unknown (stream|WebSocket) message/);
      // The stream still works for sending and fetching too.
      expect((await reader.fetch(TOPIC, 0)).events.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
    });

    it('fetches the missing range when a frame is lost in transit (seq gap)', async () => {
      const link = tamper(kind);
      const reader = await join(ANA, link.options);
      const writer = await join(BEN);
      const events: number[] = [];
      reader.subscribe(TOPIC, 0, { onEvent: (e) => void events.push(e.seq) });
      await writer.send([note(BEN, '1')]);
      await waitFor(() => events.length === 1, 'first event');
      link.lose(/"seq":2[,}]/);
      await writer.send([note(BEN, '2')]);
      await quietFor(150, 'seq 2 (lost on the link)', () => events.length > 1);
      await writer.send([note(BEN, '3'), note(BEN, '4')]);
      await waitFor(() => events.length === 4, 'the gap filled');
      await quietFor(100, 'extra event', () => events.length > 4);
      expect(events).to.deep.equal([1, 2, 3, 4]);
    });

    it('gives every subscription onResync on a resync message and keeps delivering in order', async () => {
      const link = tamper(kind);
      const reader = await join(ANA, link.options);
      const writer = await join(BEN);
      const a: number[] = [];
      const b: number[] = [];
      const reasons: string[] = [];
      reader.subscribe(TOPIC, 0, { onEvent: (e) => void a.push(e.seq), onResync: (r) => void reasons.push(`a:${r}`) });
      reader.subscribe('note:other', 0, { onEvent: (e) => void b.push(e.seq), onResync: (r) => void reasons.push(`b:${r}`) });
      await writer.send([note(BEN, '1'), note(BEN, 'x', 'note:other')]);
      await waitFor(() => a.length === 1 && b.length === 1, 'first events');
      // The server fell behind and dropped what it had queued for us (seq 2 never comes), then says resync.
      link.lose(/"seq":2[,}]/);
      await writer.send([note(BEN, '2')]);
      await quietFor(100, 'seq 2 (lost on the link)', () => a.length > 1);
      link.inject(
        kind === 'http'
          ? 'event: resync\ndata: {"reason":"test: fell behind"}\n\n'
          : JSON.stringify({ t: 'resync', reason: 'test: fell behind' }),
      );
      await waitFor(() => reasons.length === 2, 'onResync for both subscriptions');
      expect(reasons.sort()).to.deep.equal(['a:test: fell behind', 'b:test: fell behind']);
      await waitFor(() => a.length === 2, 'seq 2 after the resync');
      await writer.send([note(BEN, '3'), note(BEN, 'y', 'note:other')]);
      await waitFor(() => a.length === 3 && b.length === 2, 'live again');
      await quietFor(100, 'extra event', () => a.length > 3 || b.length > 2);
      expect(a).to.deep.equal([1, 2, 3]);
      expect(b).to.deep.equal([1, 2]);
      if (reader instanceof HttpTransport) expect(reader.lastEventId).to.match(/^\d+$/); // resumes by room cursor
    });

    it('reports presence: the count to everyone, the list only to facilitators', async () => {
      const ana = await join(ANA);
      const atAna: Presence[] = [];
      ana.onPresence((p) => atAna.push(p));
      const ben = await join(BEN);
      const atBen: Presence[] = [];
      ben.onPresence((p) => atBen.push(p));
      await join(CAT);
      await waitFor(() => atAna.at(-1)?.count === 3 && atBen.at(-1)?.count === 3, 'three present');
      expect(
        atAna
          .at(-1)!
          .participants!.map((a) => a.id)
          .sort(),
      ).to.deep.equal([ANA.id, BEN.id, CAT.id].sort());
      expect(atBen.at(-1)!.participants).to.equal(undefined);
      // Ana facilitates: participants present are two, for every viewer (no list needed to know it).
      expect(presentParticipants(atBen.at(-1))).to.equal(2);
      expect(presentParticipants(atAna.at(-1))).to.equal(2);
      await opened[2]!.close();
      await waitFor(() => atAna.at(-1)?.count === 2, 'two present after a close');
    });

    it('follows the window offline/online events', async () => {
      const t = await join(BEN);
      const events: number[] = [];
      t.subscribe(TOPIC, 0, { onEvent: (e) => void events.push(e.seq) });
      await rawSend(await url(), room, CAT, [note(CAT, 'a')]);
      await waitFor(() => events.length === 1, 'first event');
      window.dispatchEvent(new Event('offline'));
      expect(t.status).to.equal('offline');
      const refused = await t.send([note(BEN, 'x')]).then(
        () => null,
        (e: { code: string; retryable: boolean }) => e,
      );
      expect(refused).to.deep.include({ code: 'offline', retryable: true });
      await rawSend(await url(), room, CAT, [note(CAT, 'b'), note(CAT, 'c')]);
      await quietFor(300, 'retry while the browser says offline', () => events.length > 1 || (t.status !== 'offline' && t.status));
      window.dispatchEvent(new Event('online'));
      await waitFor(() => t.status === 'open', 'open after online');
      await waitFor(() => events.length === 3, 'missed events after online');
      await quietFor(100, 'extra event', () => events.length > 3);
      expect(events).to.deep.equal([1, 2, 3]);
    });

    it('cancels a pending connect when its signal aborts, and frees everything', async () => {
      const t = make(kind, await url(), { tokenProvider: minted });
      const log: ConnectionStatus[] = [];
      t.onStatus((s) => log.push(s));
      const ctl = new AbortController();
      const pending = t.connect({ room, identity: BEN, signal: ctl.signal });
      ctl.abort();
      const err = await pending.then(
        () => null,
        (e: { code: string }) => e,
      );
      expect(err?.code).to.equal('aborted');
      expect(t.status).to.equal('closed');
      expect(log).to.deep.equal(['connecting', 'closed']);
      expect(t.debugCounts()).to.deep.equal({ subscriptions: 0, timers: 0, listeners: 0 });
    });

    it('reports offline while the server is unreachable, then connects by itself', async function () {
      this.timeout(60000);
      const extra = await extraServer('restartable', EXTRA.restartable);
      await executeServerCommand('server-pause', { id: extra.id });
      const t = make(kind, extra.url, { tokenProvider: mintedBy(extra.id), backoff: { baseMs: 50, capMs: 300 } });
      opened.push(t);
      const log: ConnectionStatus[] = [];
      t.onStatus((s) => log.push(s));
      const err = await t.connect({ room, identity: BEN }).then(
        () => null,
        (e: { code: string; retryable: boolean }) => e,
      );
      expect(err).to.deep.include({ code: 'offline', retryable: true });
      expect(t.status).to.be.oneOf(['offline', 'connecting']);
      await resumeServer(extra.id);
      await waitFor(() => t.status === 'open', 'open once the server is up', 15000);
      const [ack] = await t.send([note(BEN, 'made it')]);
      expect(ack).to.deep.include({ status: 'applied', seq: 1 });
      expect(log[0]).to.equal('connecting');
      expect(log).to.include('offline');
      expect(log.at(-1)).to.equal('open');
    });

    it('resumes without loss or duplicates across a real server restart', async function () {
      this.timeout(60000);
      const extra = await extraServer('restartable', EXTRA.restartable);
      await resumeServer(extra.id);
      const tp = mintedBy(extra.id);
      const reader = await join(ANA, { tokenProvider: tp, backoff: { baseMs: 50, capMs: 300 } }, extra.url);
      const events: number[] = [];
      const statuses: ConnectionStatus[] = [];
      reader.onStatus((s) => statuses.push(s));
      reader.subscribe(TOPIC, 0, { onEvent: (e) => void events.push(e.seq) });
      const writer = make(kind, extra.url, { tokenProvider: tp, backoff: { baseMs: 50, capMs: 300 } });
      opened.push(writer);
      await writer.connect({ room, identity: BEN });
      await writer.send([note(BEN, '1'), note(BEN, '2')]);
      await waitFor(() => events.length === 2, 'two events');
      await executeServerCommand('server-pause', { id: extra.id });
      await waitFor(() => statuses.includes('offline'), 'offline while the server is down');
      await resumeServer(extra.id);
      // The restarted dev server has a new secret: the old token gets a 401, a fresh one is fetched once.
      await waitFor(() => reader.status === 'open' && writer.status === 'open', 'both open again', 15000);
      await writer.send([note(BEN, '3'), note(BEN, '4')]);
      await waitFor(() => events.length === 4, 'events after the restart');
      await quietFor(100, 'extra event', () => events.length > 4);
      expect(events).to.deep.equal([1, 2, 3, 4]);
    });

    it('turns coalescing snapshots into a resync whose fetch returns the snapshot, and the state adds up', async function () {
      this.timeout(60000);
      const extra = await extraServer('snapshots', EXTRA.snapshots);
      const tp = mintedBy(extra.id);
      const reader = await join(ANA, { tokenProvider: tp }, extra.url);
      const writer = await join(BEN, { tokenProvider: tp }, extra.url);
      const POLL = 'poll:busy';
      // A minimal client (what SessionClient does): a cursor and the folded state, catching up by
      // fetch on resync and replacing its state with a snapshot above its cursor.
      let cursor = 0;
      let state = pollModel.initial();
      let resyncs = 0;
      let snapshots = 0;
      let catching = false;
      const fold = (e: EventEnvelope) => {
        if (e.seq !== cursor + 1) return false;
        cursor = e.seq;
        state = pollModel.evolve(state, e);
        return true;
      };
      const catchUp = async () => {
        if (catching) return;
        catching = true;
        try {
          for (;;) {
            const page = await reader.fetch(POLL, cursor);
            if (page.snapshot && page.snapshot.seq > cursor) {
              snapshots++;
              cursor = page.snapshot.seq;
              state = page.snapshot.state as typeof state;
            }
            for (const e of page.events) fold(e);
            if (!page.hasMore) break;
          }
        } finally {
          catching = false;
        }
      };
      reader.subscribe(POLL, 0, {
        onEvent: (e) => {
          if (!fold(e) && e.seq > cursor + 1) void catchUp();
        },
        onResync: () => {
          resyncs++;
          void catchUp();
        },
      });
      const vote = (i: number): Operation => ({
        opId: `vote-${uid()}-${i}`,
        clientId: BEN.id,
        topic: POLL,
        type: 'vote',
        data: { round: 1, choices: [['a', 'b', 'c'][i % 3]!], allowChange: true, anonymous: true, kind: 'single' },
        createdAt: Date.now(),
      });
      for (let b = 0; b < 6; b++) {
        const acks = await writer.send(Array.from({ length: 5 }, (_, j) => vote(b * 5 + j)));
        expect(acks.map((a) => a.status)).to.deep.equal(['applied', 'applied', 'applied', 'applied', 'applied']);
      }
      await waitFor(() => cursor === 30 && !catching, 'the reader caught up to 30', 10000);
      await quietFor(300, 'cursor moving past 30', () => cursor !== 30 && `cursor ${cursor}`);
      expect(resyncs).to.be.greaterThan(0); // the server coalesced, and the transport said so
      expect(snapshots).to.be.greaterThan(0); // and the fetch answered with the snapshot
      expect(cursor).to.equal(30);
      expect(state.responded).to.equal(1);
      expect(Object.entries(state.tally).filter(([, n]) => n > 0)).to.deep.equal([['c', 1]]); // vote 29 chose c
    });
  });
}

describe("WebSocketTransport with a cursor past the server's head", () => {
  it('gets one resync and follows the head, instead of resubscribing in a loop', async () => {
    const room = `ahead-${uid()}`;
    const t = make('ws', await url(), { tokenProvider: minted });
    await t.connect({ room, identity: BEN });
    let resyncs = 0;
    const seqs: number[] = [];
    // A transport user whose cursor (5) is past this server's head (0): a restored backup.
    const sub = t.subscribe(TOPIC, 5, { onEvent: (e) => void seqs.push(e.seq), onResync: () => void resyncs++ });
    await waitFor(() => resyncs > 0, 'a resync');
    await quietFor(500, 'second resync', () => resyncs > 1);
    await t.send([note(BEN, 'after')]);
    await waitFor(() => seqs.length === 1, 'the next event');
    expect(seqs).to.deep.equal([1]);
    sub.close();
    await t.close();
  });
});

const FAST_RECONNECT = { baseMs: 50, capMs: 300 };

describe('SessionClient when the server is restored from an older backup', () => {
  for (const kind of ['http', 'ws'] as const) {
    it(`${kind}: an open page drops what the server lost and follows the restored history`, async function () {
      this.timeout(90000);
      const room = `restore-${kind}-${uid()}`;
      const server = await extraServer('restorable', EXTRA.restorable);
      const endpoint = kind === 'http' ? server.url : `${server.url}?transport=ws`;
      const session = (who: Actor) =>
        new SessionClient({
          room,
          // Reconnects at most 300 ms apart: the default backoff (up to 30 s) can outlast the waits
          // below when the server was down a while (a backup copied under load).
          transport: networkTransportFor(endpoint, { http: { backoff: FAST_RECONNECT }, ws: { backoff: FAST_RECONNECT } }),
          identity: who,
          tokenProvider: () => token(room, who, { server: server.id }),
          outbox: new MemoryOutbox(),
          backoff: { baseMs: 50, capMs: 300 },
        });
      const reader = session(ANA);
      const writer = session(BEN);
      void reader.start();
      void writer.start();
      try {
        const seen = reader.topic('note:restore', noteModel);
        const notes = writer.topic('note:restore', noteModel);
        expect((await notes.send('add', { text: 'kept' })).status).to.equal('applied');
        await waitFor(() => seen.state.count === 1, 'the first note');
        await executeServerCommand('server-pause', { id: server.id });
        await executeServerCommand('server-backup', { id: server.id });
        await resumeServer(server.id);
        await waitFor(() => writer.status === 'open', 'the writer back');
        for (const text of ['lost 1', 'lost 2']) expect((await notes.send('add', { text })).status).to.equal('applied');
        await waitFor(() => seen.state.count === 3 && seen.state.last === 'lost 2', 'the notes the restore will lose');

        // The operator restores the backup: the server's history ends at seq 1, the page is at 3.
        await executeServerCommand('server-pause', { id: server.id });
        await executeServerCommand('server-resume', { id: server.id, restore: true });
        await urlOf('server-url', { id: server.id });
        await waitFor(() => writer.status === 'open', 'the writer back after the restore', 15000);
        expect((await notes.send('add', { text: 'after the restore' })).status).to.equal('applied');

        // Seq 2 on the restored server is "after the restore"; the page had already folded a seq 2.
        await waitFor(
          () => seen.state.count === 2 && seen.state.last === 'after the restore',
          'the restored history, then the new note',
          15000,
        );
        await quietFor(300, 'change after the restored history', () => seen.state.count !== 2 || seen.cursor !== 2);
        expect(seen.state).to.deep.include({ count: 2, last: 'after the restore' });
        expect(seen.cursor).to.equal(2);
        // Still live afterwards: a later note arrives once.
        expect((await notes.send('add', { text: 'later' })).status).to.equal('applied');
        await waitFor(() => seen.state.count === 3 && seen.state.last === 'later', 'a later note', 15000);
      } finally {
        await Promise.all([reader.close(), writer.close()]);
      }
    });
  }
});
