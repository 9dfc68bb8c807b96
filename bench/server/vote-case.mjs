// The vote-to-tally case of the server bench, for one deployment (one or several instances) and one
// transport. A facilitator opens a poll; N participants connect (spread round-robin over the
// instances) and subscribe to it; they vote at a controlled rate through their own instance
// (WebSocket `send`, or HTTP POST beside an SSE stream); an observer participant who never votes
// timestamps every poll frame on instance 0. Vote-to-tally of a vote = first observer frame at or
// past the vote's seq (the ack tells the seq; a snapshot at seq S holds every vote up to S) − the
// time the vote was sent.
import { getLimits, httpAgent, postOps, SseClient, WsClient } from './clients.mjs';
import { devToken, fmt, line, now, onCleanup, op, pool, sleep, summary, usage } from './harness.mjs';

const ROOM = 'bench';
const TOPIC = 'poll:bench';
const CONFIG = {
  question: 'Bench?',
  kind: 'single',
  options: ['a', 'b', 'c', 'd'].map((v) => ({ value: v, label: v.toUpperCase() })),
  allowChange: false,
  anonymous: true,
  results: 'live',
};

const wsUrl = (origin) => `${origin.replace(/^http/, 'ws')}/v1/rooms/${ROOM}/ws`;

async function connect(kind, origin, token, id) {
  const c = kind === 'ws' ? new WsClient(wsUrl(origin), token, id) : new SseClient(origin, ROOM, token, TOPIC);
  onCleanup(() => c.close());
  await c.ready;
  if (kind === 'ws') c.sub(TOPIC);
  return c;
}

/** Runs the case; prints its figures and returns them. */
export async function voteCase({ label, instances, kind, clients: n, rate, durationS }) {
  const origin = (i) => instances[i % instances.length].origin;
  const fac = new WsClient(wsUrl(origin(0)), await devToken(origin(0), ROOM, 'facilitator', 'fac'), 'fac');
  onCleanup(() => fac.close());
  await fac.ready;
  const opened = await fac.sendOps([op('fac', TOPIC, 'open', { config: CONFIG, seconds: null })]);
  if (opened.acks?.[0]?.status !== 'applied') throw new Error(`open: ${JSON.stringify(opened)}`);

  const tConn = now();
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const tokens = await pool(ids, 32, (id) => devToken(origin(0), ROOM, 'participant', id));
  const clients = [];
  let failed = 0;
  let participantFrames = 0;
  await pool(ids, 100, async (id, i) => {
    try {
      const c = await connect(kind, origin(i), tokens[i], id);
      c.count = () => participantFrames++;
      const agent = kind === 'sse' ? httpAgent() : null;
      if (agent) {
        onCleanup(() => agent.destroy());
        await getLimits(origin(i), agent); // as HttpTransport does when it connects: the connection stays open
      }
      clients.push({ c, i, id, token: tokens[i], agent });
    } catch (e) {
      if (++failed <= 3) console.log(`  connect ${id}: ${e.message}`);
    }
  });
  const observer = await connect(kind, origin(0), await devToken(origin(0), ROOM, 'participant', 'observer'), 'observer');
  const seen = []; // [seq, time], seq increasing
  const frames = { event: 0, snapshot: 0, resync: 0 };
  let high = 0;
  const onPoll = (type, seq, at) => {
    frames[type]++;
    if (seq > high) {
      high = seq;
      seen.push([seq, at]);
    }
  };
  if (kind === 'ws') {
    observer.onFrame = (msg) => msg.t === 'resync' && frames.resync++;
    observer.count = (text, at) => {
      const msg = JSON.parse(text);
      if (msg.t === 'event' && msg.e.topic === TOPIC) onPoll('event', msg.e.seq, at);
      else if (msg.t === 'snapshot' && msg.topic === TOPIC) onPoll('snapshot', msg.seq, at);
    };
  } else {
    observer.onFrame = (f) => f.event === 'resync' && frames.resync++;
    observer.count = (data, at, event) => onPoll(event, JSON.parse(data).seq, at);
  }
  await sleep(1000); // presence and subscriptions settle
  const before = instances.map((s) => usage(s.child.pid));
  console.log(
    `  ${clients.length} participants + observer + facilitator connected (${failed} failed) in ${((now() - tConn) / 1000).toFixed(1)} s`,
  );

  const votes = [];
  const acks = [];
  const maxVotes = Math.min(clients.length, Math.floor(rate * durationS));
  const interval = 1000 / rate;
  const tVotes = now();
  for (let k = 0; k < maxVotes; k++) {
    const wait = tVotes + k * interval - now();
    if (wait > 1) await sleep(wait);
    const { c, i, id, token, agent } = clients[k];
    const vote = op(id, TOPIC, 'vote', { round: 1, choices: [CONFIG.options[k % 4].value] });
    const v = { sentAt: now(), seq: undefined, status: undefined, ackAt: undefined };
    votes.push(v);
    const answer = kind === 'ws' ? c.sendOps([vote]) : postOps(origin(i), ROOM, token, [vote], agent);
    acks.push(
      answer.then(
        (m) => {
          v.ackAt = now();
          v.status = m.acks?.[0]?.status ?? `error:${m.code}`;
          v.seq = m.acks?.[0]?.seq;
        },
        (e) => (v.status = `error:${e.code ?? e.message}`),
      ),
    );
  }
  await Promise.race([Promise.all(acks), sleep(20_000)]);
  const ackSpan = (now() - tVotes) / 1000;
  const lastSeq = Math.max(0, ...votes.filter((v) => v.seq !== undefined).map((v) => v.seq));
  const giveUp = now() + 10_000;
  while (high < lastSeq && now() < giveUp) await sleep(20);
  const after = instances.map((s) => usage(s.child.pid));

  const applied = votes.filter((v) => v.status === 'applied');
  const lat = [];
  let missing = 0;
  for (const v of applied) {
    let lo = 0;
    let hi = seen.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seen[mid][0] >= v.seq) hi = mid;
      else lo = mid + 1;
    }
    if (lo === seen.length) missing++;
    else lat.push(Math.max(0, seen[lo][1] - v.sentAt));
  }
  const notApplied = {};
  for (const v of votes) if (v.status !== 'applied') notApplied[v.status] = (notApplied[v.status] ?? 0) + 1;
  const tally = summary(lat);
  const ack = summary(applied.map((v) => v.ackAt - v.sentAt));
  console.log(
    `  ${label}: ${votes.length} votes at ${rate}/s; accepted ${applied.length} (${(applied.length / ackSpan).toFixed(0)}/s)${Object.keys(notApplied).length ? `, not applied ${JSON.stringify(notApplied)}` : ''}`,
  );
  console.log(`    ${line('send → ack:          ', ack)}`);
  console.log(`    ${line('vote → tally (obs.): ', tally)}  (${tally.n} measured, ${missing} never seen)`);
  console.log(
    `    observer: ${frames.event} events, ${frames.snapshot} snapshots, ${frames.resync} resyncs; participants: ${(participantFrames / Math.max(1, clients.length)).toFixed(1)} frames each`,
  );
  instances.forEach((s, k) => {
    const cpu = after[k] && before[k] ? `${(after[k].cpuS - before[k].cpuS).toFixed(1)} s CPU during the votes` : 'gone';
    console.log(`    ${s.name}: peak RSS ${after[k] ? after[k].peakMiB.toFixed(0) : 'n/a'} MiB, ${cpu}`);
  });
  console.log(`    target p95 < 250 ms: ${tally.p95 < 250 ? 'met' : 'NOT met'} (${fmt(tally.p95)})`);
  for (const { c } of clients) c.close();
  observer.close();
  fac.close();
  return { tally, ack, accepted: applied.length, peaks: after.map((u) => u?.peakMiB) };
}
