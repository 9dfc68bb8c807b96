// One worker thread of bench clients (client-threads.mjs starts them): it holds its share of the
// participants' connections, counts the frames they receive, and sends the votes it is told to
// send, so that thousands of clients do not share the event loop of the main thread, whose observer
// timestamps what arrives. Times are wall-clock milliseconds (`wall()`), comparable across threads.
import { parentPort } from 'node:worker_threads';
import WebSocket from 'ws';
import { getLimits, httpAgent, postOps, SseClient, WsClient } from './clients.mjs';
import { pool, sleep, wall } from './harness.mjs';

/** @type {{ c: any, agent: any, counter: { n: number, base: number, last: number }, origin?: string, room?: string, token?: string }[]} */
const clients = [];
/** The same clients by their spec index (votes name a participant by it). */
const byIndex = new Map();
/** When set, only frames whose text names this topic are counted. */
let countTopic = null;

function counting(counter) {
  return (text) => {
    if (countTopic !== null && !text.includes(countTopic)) return;
    counter.n++;
    counter.last = wall();
  };
}

async function connectOne(kind, spec) {
  const counter = { n: 0, base: 0, last: 0 };
  if (kind === 'relay') {
    const ws = new WebSocket(spec.url, { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.on('error', () => {});
    ws.on('message', () => {
      counter.n++;
      counter.last = wall();
    });
    return { c: { close: () => ws.terminate(), ws }, agent: null, counter };
  }
  if (kind === 'ws') {
    const c = new WsClient(spec.url, spec.token, spec.id, { quiet: true });
    await c.ready;
    c.count = counting(counter);
    for (const topic of spec.topics) c.sub(topic);
    return { c, agent: null, counter };
  }
  const c = new SseClient(spec.origin, spec.room, spec.token, spec.topics.join(','));
  await c.ready;
  c.count = counting(counter);
  const agent = httpAgent();
  await getLimits(spec.origin, agent); // as HttpTransport does when it connects: the connection stays open
  return { c, agent, counter, origin: spec.origin, room: spec.room, token: spec.token };
}

/** Resolves with the latest arrival once every counter got `delta` frames past its mark, or null after `ms`. */
async function reached(delta, ms) {
  const end = wall() + ms;
  while (wall() < end) {
    if (clients.every((x) => x.counter.n - x.counter.base >= delta)) return Math.max(0, ...clients.map((x) => x.counter.last));
    await sleep(2);
  }
  return null;
}

const handlers = {
  async connect({ kind, specs, concurrency }) {
    let failed = 0;
    const errors = [];
    await pool(specs, concurrency, async (spec) => {
      try {
        const x = await connectOne(kind, spec);
        clients.push(x);
        byIndex.set(spec.index, x);
      } catch (e) {
        failed++;
        if (errors.length < 3) errors.push(`${spec.id ?? spec.index}: ${e.message}`);
      }
    });
    return { connected: [...byIndex.keys()], failed, errors };
  },
  countTopic({ topic }) {
    countTopic = topic ?? null;
    return {};
  },
  mark() {
    for (const x of clients) x.counter.base = x.counter.n;
    return {};
  },
  reached({ delta, ms }) {
    return reached(delta, ms).then((last) => ({ last }));
  },
  frames() {
    return { frames: clients.reduce((s, x) => s + x.counter.n, 0) };
  },
  /** Sends one vote (ws: over the client's socket; sse: POSTed over its own keep-alive connection). */
  vote({ index, k, op }) {
    const x = byIndex.get(index);
    const sentAt = wall();
    const answer = x.agent ? postOps(x.origin, x.room, x.token, [op], x.agent) : x.c.sendOps([op]);
    answer.then(
      (m) =>
        parentPort.postMessage({
          t: 'ack',
          k,
          sentAt,
          ackAt: wall(),
          status: m.acks?.[0]?.status ?? `error:${m.code}`,
          seq: m.acks?.[0]?.seq,
        }),
      (e) => parentPort.postMessage({ t: 'ack', k, sentAt, ackAt: wall(), status: `error:${e.code ?? e.message}` }),
    );
    return null; // answered by the ack
  },
  close() {
    for (const x of clients) {
      x.c.close();
      x.agent?.destroy();
    }
    clients.length = 0;
    byIndex.clear();
    return {};
  },
};

parentPort.on('message', async (msg) => {
  try {
    const out = await handlers[msg.t](msg);
    if (out !== null) parentPort.postMessage({ t: 'done', id: msg.id, ...out });
  } catch (e) {
    parentPort.postMessage({ t: 'done', id: msg.id, error: e.stack ?? String(e) });
  }
});
