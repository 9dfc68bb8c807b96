/// <reference types="node" />
/**
 * Shared helpers for the server tests: a real server on an ephemeral port over a real SQLite data
 * directory (or the PostgreSQL and Redis of test/server/services.ts), and small real clients
 * (fetch, an SSE reader on fetch streaming, a `ws` client).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { TopicModel } from '../../src/core/protocol/model.js';
import { reject, type Operation, type Role } from '../../src/core/protocol/wire.js';
import { startServer, type ServerOptions, type Storage } from '../../server/index.js';

const cleanups: (() => Promise<unknown>)[] = [];

/** Removes every temp directory made by this process (call from an `after` hook). */
export async function cleanupAll(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
}

/** Runs `fn` at `cleanupAll()` (in reverse order of registration). */
export function onCleanup(fn: () => Promise<unknown>): void {
  cleanups.push(fn);
}

/** A new, empty data directory (removed by `cleanupAll`). */
export async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pulsekit-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export type TestServer = Awaited<ReturnType<typeof start>>;

/** Starts a quiet server on port 0 over a fresh (or the given) data directory. */
export async function start(options: ServerOptions = {}) {
  const dataDir = options.dataDir ?? (options.databaseUrl || options.storage ? undefined : await freshDataDir());
  const server = await startServer({ port: 0, log: false, ...options, dataDir });
  cleanups.push(() => server.close());
  const api = `${server.url}/v1`;
  const token = (room: string, sub: string, role: Role = 'participant', extra: { name?: string; ttlS?: number } = {}) =>
    server.auth.sign({ room, sub, role, name: extra.name ?? sub, ttlS: extra.ttlS });
  const req = async (method: string, path: string, tok?: string | null, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...(tok ? { Authorization: `Bearer ${tok}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, headers: res.headers, text };
  };
  return {
    ...server,
    dataDir,
    api,
    token,
    req,
    /** POST ops; returns the response (acks in `json.acks`). */
    send: (room: string, tok: string, ops: unknown[]) => req('POST', `/rooms/${encodeURIComponent(room)}/ops`, tok, { ops }),
    fetchTopic: (room: string, tok: string, topic: string, since = 0, limit?: number) =>
      req(
        'GET',
        `/rooms/${encodeURIComponent(room)}/topics/${encodeURIComponent(topic)}/events?since=${since}${limit ? `&limit=${limit}` : ''}`,
        tok,
      ),
  };
}

/** A storage that hands every call to `st` (spread it and override what a test wraps). */
export const delegate = (st: Storage): Storage => ({
  kind: st.kind,
  shared: st.shared,
  write: (r, since, decide) => st.write(r, since, decide),
  append: (r, b) => st.append(r, b),
  findOps: (r, ids) => st.findOps(r, ids),
  checkpoint: (r, t) => st.checkpoint(r, t),
  roomCursor: (r) => st.roomCursor(r),
  readTopic: (...a) => st.readTopic(...a),
  readRoom: (...a) => st.readRoom(...a),
  readTail: (...a) => st.readTail(...a),
  roomTopics: (r) => st.roomTopics(r),
  forwardStatements: (limit, send) => st.forwardStatements(limit, send),
  queueFigures: () => st.queueFigures(),
  close: () => st.close(),
});

let n = 0;
/** A fresh room name. */
export const room = (prefix = 'room') => `${prefix}-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

/** Builds an operation. */
export function op(clientId: string, topic: string, type: string, data: unknown = {}, opId = crypto.randomUUID()): Operation {
  return { opId, clientId, topic, type, data, createdAt: Date.now() };
}

/** A note `add` (the conformance model, served in dev mode). */
export const note = (clientId: string, text: string, topic = 'note:t') => op(clientId, topic, 'add', { text });

/** A topic kind with large events and no snapshots, to fill buffers quickly (serve it with `models`). */
export const blobModel: TopicModel<{ n: number }> = {
  kind: 'blob',
  initial: () => ({ n: 0 }),
  decide: (_s, o) => {
    const text = (o.data as { text?: unknown })?.text;
    return typeof text === 'string' ? { ok: true, data: { text } } : { ok: false, error: reject('bad_data', 'blob needs {text}') };
  },
  evolve: (s) => ({ n: s.n + 1 }),
};

/** A self-serve poll vote. */
export const vote = (clientId: string, choice: string, topic = 'poll:p') =>
  op(clientId, topic, 'vote', { round: 1, choices: [choice], allowChange: true, anonymous: true, kind: 'single' });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` until true or throws after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// -------------------------------------------------------------------------------------------------
// SSE over fetch streaming

export interface SseFrame {
  id?: string;
  event: string;
  data?: any;
  comment?: string;
}

/** Opens the room stream with fetch and parses frames as they arrive. */
export async function openSse(url: string, tok: string, options: { lastEventId?: number; topics?: string; origin?: string } = {}) {
  const ac = new AbortController();
  const headers: Record<string, string> = { Authorization: `Bearer ${tok}`, Accept: 'text/event-stream' };
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = String(options.lastEventId);
  const res = await fetch(`${url}${options.topics ? `?topics=${options.topics}` : ''}`, { headers, signal: ac.signal });
  const frames: SseFrame[] = [];
  let ended = false;
  let lastId: string | undefined;
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const f: SseFrame = { event: 'message' };
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) f.comment = line.slice(1).trim();
              else if (line.startsWith('id:')) f.id = lastId = line.slice(3).trim();
              else if (line.startsWith('event:')) f.event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trim());
              else if (line.startsWith('retry:')) f.event = 'retry';
            }
            if (f.comment !== undefined && data.length === 0 && f.event === 'message') f.event = 'comment';
            if (data.length) f.data = JSON.parse(data.join('\n'));
            frames.push(f);
          }
        }
      } catch {
        // aborted
      }
      ended = true;
    })();
  }
  return {
    status: res.status,
    res,
    frames,
    get ended() {
      return ended;
    },
    get lastId() {
      return lastId;
    },
    events: (topic?: string) => frames.filter((f) => f.event === 'event' && (!topic || f.data.topic === topic)).map((f) => f.data),
    close: () => ac.abort(),
  };
}

// -------------------------------------------------------------------------------------------------
// WebSocket

/** Opens a WebSocket and records every JSON message (and the close code). */
export async function openWs(wsUrl: string, options: { origin?: string } = {}) {
  const ws = new WebSocket(wsUrl, options.origin ? { origin: options.origin } : {});
  const messages: any[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  ws.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    get closed() {
      return closed;
    },
    send: (msg: unknown) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    /** Resolves with the first message matching `pred` (already received or future). */
    next: async (pred: (m: any) => boolean, what = 'a message', ms = 5000) => {
      await until(() => messages.some(pred), what, ms);
      return messages.find(pred);
    },
    waitClose: async (ms = 5000) => {
      await until(() => closed !== null, 'close', ms);
      return closed!;
    },
    close: () => ws.close(),
  };
}

/** Opens a WebSocket, authenticates and waits for `ready`. */
export async function wsReady(server: TestServer, roomName: string, tok: string) {
  const c = await openWs(`${server.url.replace('http', 'ws')}/v1/rooms/${encodeURIComponent(roomName)}/ws`);
  c.send({ t: 'auth', token: tok });
  await c.next((m) => m.t === 'ready', 'ready');
  return c;
}
