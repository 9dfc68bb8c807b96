// The misbehaving participant of bench/server-hostile.mjs, in a worker thread of its own: its
// client-side work (thousands of sockets and messages) must not slow the measuring thread, or the
// bench would time itself instead of the server. `workerData`: { kind, origin, port, room, token,
// tokens? }. Posts `started` once the attack runs, stops on a `stop` message (or when it is done and
// answered), then posts its figures.
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { sleep } from './server-support.mjs';

const { kind, origin, port, room, token, tokens } = workerData;
let stopped = false;
parentPort.on('message', (m) => {
  if (m === 'stop') stopped = true;
});
const wsUrl = `ws://127.0.0.1:${port}/v1/rooms/${encodeURIComponent(room)}/ws`;

/** Stream requests dropped 0-4 ms after sending, from `workers` loops. */
async function zombies(workers = 20) {
  let dropped = 0;
  const once = () =>
    new Promise((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(
          `GET /v1/rooms/${encodeURIComponent(room)}/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n\r\n`,
        );
        dropped++;
        setTimeout(() => s.destroy(), Math.floor(Math.random() * 5));
      });
      s.on('error', () => {});
      s.on('close', resolve);
    });
  parentPort.postMessage('started');
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stopped) await once();
    }),
  );
  return { dropped };
}

const DEEP = `${'['.repeat(6000)}${']'.repeat(6000)}`;
const op = (fields) => JSON.stringify({ clientId: 'mal', topic: 'note:victim', type: 'add', data: { text: 'x' }, createdAt: 1, ...fields });
const POISONS = [
  '{"ops":[{"opId":"\\u0000"}]}',
  `{"ops":[${op({ opId: 'abcdefgh\u0000ijk' })}]}`,
  `{"ops":[${op({ opId: 'mal-deep-topic-1' }).replace('"topic":"note:victim"', `"topic":${DEEP}`)}]}`,
  `{"ops":[${op({ opId: 'mal-deep-data-1' }).replace('"data":{"text":"x"}', `"data":${DEEP}`)}]}`,
];

/** Poisoned batches posted by `workers` loops. */
async function poison(workers = 8) {
  let sent = 0;
  parentPort.postMessage('started');
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = w; !stopped; i++) {
        await fetch(`${origin}/v1/rooms/${encodeURIComponent(room)}/ops`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: POISONS[i % POISONS.length],
        }).catch(() => null);
        sent++;
      }
    }),
  );
  return { sent };
}

/** `n` messages from `make(i)` on one authenticated socket, as fast as it takes them; waits for the answers. */
async function flood(n, make) {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
  const codes = {};
  let answers = 0;
  await new Promise((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ t: 'auth', token })));
    ws.on('message', (raw) => {
      const m = JSON.parse(raw);
      if (m.t === 'ready') return resolve();
      if (m.t === 'error') codes[m.code] = (codes[m.code] ?? 0) + 1;
      if (m.t === 'error' || m.t === 'page' || (m.t === 'resync' && m.topic)) answers++;
    });
    ws.on('error', reject);
  });
  parentPort.postMessage('started');
  for (let i = 0; i < n && !stopped; i++) {
    ws.send(JSON.stringify(make(i)));
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  while (!stopped) await sleep(50);
  ws.terminate();
  return { answers, codes };
}

/** `tokens.length` WebSockets opened at once, each authenticating; how each attempt ended. */
async function storm() {
  const outcomes = {};
  const sockets = [];
  parentPort.postMessage('started');
  await Promise.all(
    tokens.map(
      (t) =>
        new Promise((resolve) => {
          const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
          sockets.push(ws);
          let settled = false;
          const done = (what) => {
            if (settled) return;
            settled = true;
            outcomes[what] = (outcomes[what] ?? 0) + 1;
            resolve();
          };
          ws.on('open', () => ws.send(JSON.stringify({ t: 'auth', token: t })));
          ws.on('message', (raw) => JSON.parse(raw).t === 'ready' && done('ready'));
          ws.on('unexpected-response', (_req, res) => done(`HTTP ${res.statusCode}`));
          ws.on('close', (code) => done(`closed ${code}`));
          ws.on('error', () => done('error'));
        }),
    ),
  );
  while (!stopped) await sleep(50);
  for (const s of sockets) s.terminate();
  return { outcomes };
}

const attacks = {
  zombies: () => zombies(),
  poison: () => poison(),
  subs: () => flood(20_000, (i) => ({ t: 'sub', topic: `note:made-up-${i}`, since: 0 })),
  fetches: () => flood(30_000, (i) => ({ t: 'fetch', id: i + 1, topic: `note:made-up-${i}`, since: 0 })),
  storm: () => storm(),
};
parentPort.postMessage({ result: await attacks[kind]() });
