// The vote-to-tally case of the server bench, for one deployment (one or several instances) and one
// transport. A facilitator opens a poll; N participants (in worker threads, client-threads.mjs)
// connect, spread round-robin over the instances, and subscribe to it; they vote at a controlled
// rate through their own instance (WebSocket `send`, or HTTP POST beside an SSE stream); an observer
// participant who never votes, alone with the facilitator in the main thread and connected last,
// timestamps every poll frame on instance 0. Vote-to-tally of a vote = first observer frame at or
// past the vote's seq (the ack tells the seq; a snapshot at seq S holds every vote up to S) − the
// time the vote was sent. The observer is the room's last subscriber, so this is the time until
// the whole room has the tally.
import { ClientThreads } from './client-threads.mjs';
import { SseClient, WsClient } from './clients.mjs';
import { devToken, fmt, line, onCleanup, op, pool, sleep, summary, usage, wall } from './harness.mjs';

export const ROOM = 'bench';
export const TOPIC = 'poll:bench';
const CONFIG = {
  question: 'Bench?',
  kind: 'single',
  options: ['a', 'b', 'c', 'd'].map((v) => ({ value: v, label: v.toUpperCase() })),
  allowChange: false,
  anonymous: true,
  results: 'live',
};

export const wsUrl = (origin) => `${origin.replace(/^http/, 'ws')}/v1/rooms/${ROOM}/ws`;

/** The facilitator (main thread), who opens the poll. */
export async function openPoll(origin) {
  const fac = new WsClient(wsUrl(origin), await devToken(origin, ROOM, 'facilitator', 'fac'), 'fac');
  onCleanup(() => fac.close());
  await fac.ready;
  const opened = await fac.sendOps([op('fac', TOPIC, 'open', { config: CONFIG, seconds: null })]);
  if (opened.acks?.[0]?.status !== 'applied') throw new Error(`open: ${JSON.stringify(opened)}`);
  return fac;
}

/** N participants `p<i>` in worker threads, participant i on instance i mod instances, following `topics`. */
export async function joinParticipants({ instances, kind, clients: n, topics = [TOPIC] }) {
  const origin = (i) => instances[i % instances.length].origin;
  const t0 = wall();
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const tokens = await pool(ids, 32, (id) => devToken(origin(0), ROOM, 'participant', id));
  const threads = new ClientThreads();
  onCleanup(() => threads.close());
  const specs = ids.map((id, i) => ({ id, token: tokens[i], url: wsUrl(origin(i)), origin: origin(i), room: ROOM, topics }));
  const { connected, failed } = await threads.connect(kind, specs);
  return { threads, connected, failed, seconds: (wall() - t0) / 1000 };
}

/**
 * The observer (main thread): `seen` holds [seq, wall time] of every poll frame that raised the seq.
 * Over WebSocket, `other(text, at)` gets the event frames of other topics it follows.
 */
export async function watchPoll(kind, origin, other = null) {
  const token = await devToken(origin, ROOM, 'participant', 'observer');
  const c = kind === 'ws' ? new WsClient(wsUrl(origin), token, 'observer') : new SseClient(origin, ROOM, token, TOPIC);
  onCleanup(() => c.close());
  await c.ready;
  const watch = { client: c, seen: [], frames: { event: 0, snapshot: 0, resync: 0 }, high: 0 };
  const onPoll = (type, seq) => {
    const at = wall();
    watch.frames[type]++;
    if (seq > watch.high) {
      watch.high = seq;
      watch.seen.push([seq, at]);
    }
  };
  if (kind === 'ws') {
    c.onFrame = (msg) => msg.t === 'resync' && watch.frames.resync++;
    c.count = (text) => {
      const msg = JSON.parse(text);
      if (msg.t === 'event' && msg.e.topic === TOPIC) onPoll('event', msg.e.seq);
      else if (msg.t === 'snapshot' && msg.topic === TOPIC) onPoll('snapshot', msg.seq);
      else other?.(msg, wall());
    };
    c.sub(TOPIC);
  } else {
    c.onFrame = (f) => f.event === 'resync' && watch.frames.resync++;
    c.count = (data, _at, event) => onPoll(event, JSON.parse(data).seq);
  }
  return watch;
}

/**
 * The first `min(connected, rate × durationS)` participants vote, one every 1/rate s; resolves
 * with the figures (vote → tally as the observer saw it, send → ack, server CPU during the votes).
 */
export async function castVotes({ threads, connected, watch, instances, rate, durationS }) {
  const votes = [];
  const acked = new Map();
  let ackCount = 0;
  threads.onAck = (a) => {
    acked.set(a.k, a);
    ackCount++;
  };
  const before = instances.map((s) => usage(s.child.pid));
  const cpu0 = process.cpuUsage();
  const maxVotes = Math.min(connected.length, Math.floor(rate * durationS));
  const interval = 1000 / rate;
  const tVotes = wall();
  for (let k = 0; k < maxVotes; k++) {
    const wait = tVotes + k * interval - wall();
    if (wait > 1) await sleep(wait);
    const i = connected[k];
    threads.vote(i, k, op(`p${i}`, TOPIC, 'vote', { round: 1, choices: [['a', 'b', 'c', 'd'][k % 4]] }));
    votes.push(k);
  }
  const ackUntil = wall() + 20_000;
  while (ackCount < votes.length && wall() < ackUntil) await sleep(10);
  const ackSpan = (wall() - tVotes) / 1000;
  const applied = votes.map((k) => acked.get(k)).filter((a) => a?.status === 'applied');
  const lastSeq = Math.max(0, ...applied.map((a) => a.seq));
  const giveUp = wall() + 10_000;
  while (watch.high < lastSeq && wall() < giveUp) await sleep(20);
  const after = instances.map((s) => usage(s.child.pid));
  const clientCpu = process.cpuUsage(cpu0);

  const lat = [];
  let missing = 0;
  for (const a of applied) {
    let lo = 0;
    let hi = watch.seen.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (watch.seen[mid][0] >= a.seq) hi = mid;
      else lo = mid + 1;
    }
    if (lo === watch.seen.length) missing++;
    else lat.push(Math.max(0, watch.seen[lo][1] - a.sentAt));
  }
  const notApplied = {};
  for (const k of votes) {
    const status = acked.get(k)?.status ?? 'no answer';
    if (status !== 'applied') notApplied[status] = (notApplied[status] ?? 0) + 1;
  }
  return {
    votes: votes.length,
    accepted: applied.length,
    acceptedPerS: applied.length / ackSpan,
    notApplied,
    missing,
    tally: summary(lat),
    // How often the observer saw the tally move while votes came in (the snapshot window, as delivered).
    gaps: summary(
      watch.seen
        .slice(1)
        .map(([, at], i) => at - watch.seen[i][1])
        .filter((_, i) => watch.seen[i][1] >= tVotes),
    ),
    ack: summary(applied.map((a) => a.ackAt - a.sentAt)),
    serverCpuS: instances.map((_, k) => (after[k] && before[k] ? after[k].cpuS - before[k].cpuS : NaN)),
    peaks: after.map((u) => u?.peakMiB),
    clientCpuS: (clientCpu.user + clientCpu.system) / 1e6,
  };
}

/** Runs the case; prints its figures and returns them. */
export async function voteCase({ label, instances, kind, clients: n, rate, durationS }) {
  const fac = await openPoll(instances[0].origin);
  const { threads, connected, failed, seconds } = await joinParticipants({ instances, kind, clients: n });
  const watch = await watchPoll(kind, instances[0].origin);
  await sleep(1000); // presence and subscriptions settle
  console.log(`  ${connected.length} participants + observer + facilitator connected (${failed} failed) in ${seconds.toFixed(1)} s`);
  const participantFrames0 = await threads.frames();
  const v = await castVotes({ threads, connected, watch, instances, rate, durationS });
  const participantFrames = (await threads.frames()) - participantFrames0;
  const { frames } = watch;
  console.log(
    `  ${label}: ${v.votes} votes at ${rate}/s; accepted ${v.accepted} (${v.acceptedPerS.toFixed(0)}/s)${Object.keys(v.notApplied).length ? `, not applied ${JSON.stringify(v.notApplied)}` : ''}`,
  );
  console.log(`    ${line('send → ack:          ', v.ack)}`);
  console.log(`    ${line('vote → tally (obs.): ', v.tally)}  (${v.tally.n} measured, ${v.missing} never seen)`);
  console.log(
    `    observer: ${frames.event} events, ${frames.snapshot} snapshots, ${frames.resync} resyncs; participants: ${(participantFrames / Math.max(1, connected.length)).toFixed(1)} frames each`,
  );
  instances.forEach((s, k) => {
    console.log(
      `    ${s.name}: peak RSS ${v.peaks[k] ? v.peaks[k].toFixed(0) : 'n/a'} MiB, ${Number.isNaN(v.serverCpuS[k]) ? 'gone' : `${v.serverCpuS[k].toFixed(1)} s CPU during the votes`}`,
    );
  });
  console.log(`    clients (bench process, every thread): ${v.clientCpuS.toFixed(1)} s CPU during the votes`);
  console.log(`    target p95 < 250 ms: ${v.tally.p95 < 250 ? 'met' : 'NOT met'} (${fmt(v.tally.p95)})`);
  await threads.close();
  watch.client.close();
  fac.close();
  return { tally: v.tally, ack: v.ack, accepted: v.accepted, peaks: v.peaks };
}
