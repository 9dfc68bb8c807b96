// xAPI delivery (issue #15, item 2), for `npm run bench:server` (case `xapi`): one instance on the
// embedded store takes BENCH_XAPI_OPS votes (requests of 100, four at a time) first without an
// LRS, then with one (the conforming receiver of test/server/lrs-receiver.ts, which validates
// every statement), so the cost of building and queuing statements in the write transaction shows
// as a ratio in the same run. With the LRS it then prints statements forwarded per second and the
// queue depth over the run, sampled from /v1/health. Figures only; it never fails on them.
import { LrsReceiver } from '../../test/server/lrs-receiver.ts';
import { devToken, now, num, op, pool, sleep, startServerProcess } from './harness.mjs';

const PER_REQUEST = 100;

/** Sends `total` votes to `origin` in requests of 100, four at a time; resolves with the seconds it took. */
async function sendVotes(origin, room, total) {
  // One voter per request, each voting once in each of 100 polls: every vote is a new event.
  const requests = Array.from({ length: Math.ceil(total / PER_REQUEST) }, (_, i) => i);
  const tokens = await pool(requests, 8, (i) => devToken(origin, room, 'participant', `v${i}`));
  const t0 = now();
  await pool(requests, 4, async (i) => {
    const ops = Array.from({ length: PER_REQUEST }, (_, k) =>
      op(`v${i}`, `poll:q${k}`, 'vote', { round: 1, choices: [k % 2 ? 'a' : 'b'], allowChange: true, anonymous: true, kind: 'single' }),
    );
    const res = await fetch(`${origin}/v1/rooms/${room}/ops`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens[i]}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ops }),
    });
    if (!res.ok) throw new Error(`ops: ${res.status} ${await res.text()}`);
  });
  return (now() - t0) / 1000;
}

const health = async (origin) => (await (await fetch(`${origin}/v1/health`)).json()).lrs;

export async function xapiCase({ stopServers }) {
  const total = Math.floor(num('BENCH_XAPI_OPS', 20_000));
  const batch = Math.floor(num('BENCH_XAPI_BATCH', 50));
  const lrs = await new LrsReceiver().start();
  try {
    const plain = await startServerProcess('server');
    const withoutS = await sendVotes(plain.origin, 'bench-xapi', total);
    await stopServers();

    // The LRS is down while the votes arrive (the forwarder backs off), so the accept rate shows
    // the cost of building and queuing statements alone; then it comes back and the queue drains.
    await lrs.stop();
    const s = await startServerProcess('server', {
      PULSEKIT_LRS_URL: lrs.endpoint,
      PULSEKIT_XAPI_BASE: 'https://lms.example/pulsekit',
      PULSEKIT_LRS_BATCH: String(batch),
      PULSEKIT_LRS_RETRY: '100/500',
    });
    const samples = [];
    const t0 = now();
    let done = false;
    const sampler = (async () => {
      while (!done) {
        const h = await health(s.origin);
        samples.push({ s: (now() - t0) / 1000, queued: h.queued, forwarded: h.forwarded });
        await sleep(250);
      }
    })();
    const withS = await sendVotes(s.origin, 'bench-xapi', total);
    await lrs.start();
    const restarted = now();
    for (let waited = 0; (await health(s.origin)).queued > 0 && waited < 300; waited++) await sleep(200);
    const drainS = (now() - restarted) / 1000;
    done = true;
    await sampler;
    const perS = (n, x) => Math.round(n / x);
    console.log(
      `  votes accepted: ${perS(total, withoutS)}/s without an LRS, ${perS(total, withS)}/s with statements built and queued in the write transaction: ${(withS / withoutS).toFixed(2)}× the time per vote`,
    );
    console.log(
      `  statements forwarded once the LRS is back: ${lrs.stored.size} in ${drainS.toFixed(1)} s, ${perS(lrs.stored.size, drainS)}/s (batches of ${batch}; the receiver, validating each, shares the CPU)`,
    );
    const peak = samples.reduce((m, x) => Math.max(m, x.queued), 0);
    const every = Math.max(1, Math.round(samples.length / 14));
    const series = samples.filter((_, i) => i % every === 0 || i === samples.length - 1).map((x) => `${x.s.toFixed(1)}s:${x.queued}`);
    console.log(`  queue depth (s:queued, the LRS back at ${((restarted - t0) / 1000).toFixed(1)} s): peak ${peak}; ${series.join(' ')}`);
    return { acceptCost: withS / withoutS, forwardedPerS: lrs.stored.size / drainS, peakQueue: peak };
  } finally {
    await lrs.stop();
  }
}
