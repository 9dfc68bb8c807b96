// End-to-end: the reference server (child process) + real Chromium (playwright-core) + the CDN
// bundles (dist/cdn/pulsekit.js, network.js). Run with `node --test test/e2e/`.
// Each scenario runs over REST + SSE (HttpTransport, plain http endpoint) and over WebSocket
// (`?transport=ws` endpoint, see src/core/transports/network.ts, endpointChoice).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { launchChromium } from '../../scripts/chromium.mjs';
import { quietFor } from '../quiet.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TALLY_BUDGET_MS = 1000;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node --import tsx server/main.ts`; resolves when it printed its URL. */
function startServerProcess(port, dataDir) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PULSEKIT_DATA_DIR: dataDir, PULSEKIT_DEV: '1', PULSEKIT_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  child.stdout.on('data', (d) => logs.push(String(d)));
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${err}\n${logs.join('')}`)), 90_000);
    child.stderr.on('data', (d) => {
      err += d;
      if (/Pulsekit server: http/.test(err)) {
        clearTimeout(timer);
        resolve({ child, logs });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it was ready:\n${err}\n${logs.join('')}`));
    });
  });
}

function killHard(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function devToken(origin, room, role, participantId) {
  const res = await fetch(`${origin}/v1/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room, role, name: participantId, participantId }),
  });
  assert.equal(res.status, 200, `dev token: ${res.status}`);
  return (await res.json()).token;
}

async function serverEvents(origin, room, topic) {
  const token = await devToken(origin, room, 'facilitator', 'auditor');
  const events = [];
  let since = 0;
  const quietBy = Date.now() + 5000;
  for (;;) {
    const res = await fetch(
      `${origin}/v1/rooms/${encodeURIComponent(room)}/topics/${encodeURIComponent(topic)}/events?since=${since}&limit=500`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(res.status, 200, `events: ${res.status} ${await res.clone().text()}`);
    const page = await res.json();
    // While the hub coalesces a busy topic (up to 1 s after its last snapshot), the server may answer
    // a fetch with a snapshot instead of the history (docs/protocol.md); this audit wants the stored
    // events themselves, so it asks again once the topic is quiet.
    if (page.snapshot && page.events.length === 0 && Date.now() < quietBy) {
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    events.push(...page.events);
    if (!page.hasMore || page.events.length === 0) return { events, head: page.head };
    since = page.events[page.events.length - 1].seq;
  }
}

const POLL_IDS = ['a', 'b', 'c', 'c2'];

/** The in-page helpers; installed with page.evaluate after the bundles load. */
function pageSetup({ endpoint, room, role, participantId, pollIds }) {
  return (async () => {
    await import('/cdn/pulsekit.js');
    await import('/cdn/network.js');
    await customElements.whenDefined('pk-session');
    await customElements.whenDefined('pk-pulse-poll');
    const session = document.createElement('pk-session');
    session.setAttribute('endpoint', endpoint);
    session.setAttribute('room', room);
    session.setAttribute('user-role', role);
    session.setAttribute('participant-id', participantId);
    session.setAttribute('participant-name', participantId);
    window.__tokenCalls = 0;
    session.tokenProvider = async () => {
      window.__tokenCalls++;
      const res = await fetch('/v1/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ room, role, name: participantId, participantId }),
      });
      if (!res.ok) throw new Error(`dev token ${res.status}`);
      return (await res.json()).token;
    };
    for (const id of pollIds) {
      const p = document.createElement('pk-pulse-poll');
      p.setAttribute('poll-id', id);
      p.setAttribute('question', `Question ${id}?`);
      p.setAttribute('draft', '');
      p.setAttribute('results', 'live');
      for (const [value, label] of [
        ['x', 'Ex'],
        ['y', 'Why'],
        ['z', 'Zed'],
      ]) {
        const o = document.createElement('option');
        o.value = value;
        o.textContent = label;
        p.append(o);
      }
      session.append(p);
    }
    document.body.replaceChildren(session);
    const poll = (id) => document.querySelector(`pk-pulse-poll[poll-id="${id}"]`);
    const waitFor = (fn, ms = 15000, what = 'condition') =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        const tick = () => {
          let v;
          try {
            v = fn();
          } catch {
            v = undefined;
          }
          if (v) return resolve(v);
          if (performance.now() - t0 > ms) return reject(new Error(`timeout waiting for ${what}`));
          setTimeout(tick, 5);
        };
        tick();
      });
    const total = (s) => Object.values(s.tally ?? {}).reduce((a, b) => a + b, 0);
    window.__pk = {
      session: () => session.session,
      poll,
      waitFor,
      ready: (id) => waitFor(() => poll(id)?.ctl.handle?.loaded && session.session?.status === 'open', 15000, `poll ${id} loaded`),
      status: () => session.session?.status,
      queued: () => session.session?.queued ?? 0,
      state: (id) => JSON.parse(JSON.stringify(poll(id).pollState)),
      /** Resolves with Date.now() when this view's rendered results show `n` votes in total. */
      tallyAt: (id, n, ms = 15000) =>
        new Promise((resolve, reject) => {
          const p = poll(id);
          const check = () => {
            const s = p.pollState;
            if (s.status !== 'open' || total(s) < n) return false;
            // Rendered: the results list has the bars.
            const items = p.shadowRoot?.querySelectorAll('[part="results"] li').length ?? 0;
            return items > 0;
          };
          const t0 = performance.now();
          const tick = async () => {
            if (check()) {
              await p.updateComplete;
              if (check()) return resolve({ at: Date.now(), total: total(p.pollState) });
            }
            if (performance.now() - t0 > ms)
              return reject(new Error(`timeout: poll ${id} total ${total(p.pollState)} < ${n} (status ${session.session?.status})`));
            setTimeout(tick, 2);
          };
          tick();
        }),
      /** Votes through the UI: picks the radio and submits the form; returns the click time. */
      voteUi: async (id, value) => {
        const p = poll(id);
        await p.updateComplete;
        const input = p.shadowRoot.querySelector(`input[name="choice"][value="${value}"]`);
        if (!input) throw new Error(`no choice ${value} in poll ${id} (state ${p.pollState.status})`);
        input.click();
        await p.updateComplete;
        const at = Date.now();
        p.shadowRoot.querySelector('form button[type="submit"]').click();
        return at;
      },
      pending: (id) => (poll(id).ctl.handle?.pending ?? []).map((x) => ({ type: x.op.type, status: x.status, opId: x.op.opId })),
      errorText: (id) => poll(id).shadowRoot?.querySelector('[part="error"]')?.textContent?.trim() ?? null,
      statusText: (id) => poll(id).shadowRoot?.querySelector('[part="status"]')?.textContent?.trim() ?? null,
    };
    await window.__pk.ready(pollIds[0]);
    return true;
  })();
}

describe('pulse poll end to end (server child process + Chromium)', { timeout: 180_000 }, () => {
  let port;
  let origin;
  let dataDir;
  let server;
  let browser;
  const contexts = [];
  const started = Date.now();

  before(async () => {
    if (!existsSync(join(ROOT, 'dist/cdn/network.js')) || !existsSync(join(ROOT, 'dist/cdn/pulsekit.js'))) {
      const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
      assert.equal(r.status, 0, 'build failed');
    }
    port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'pk-e2e-'));
    server = await startServerProcess(port, dataDir);
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    await killHard(server?.child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    console.log(`# e2e total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  async function openView(kind, role, participantId) {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log(`# [${participantId}] pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') console.log(`# [${participantId}] console.${m.type()}: ${m.text()}`);
    });
    // A plain same-origin document served by the server itself (the demo page at / has a strict CSP
    // and its own script). Not a page.route() fulfilment: Chromium treats such a document as
    // public-address-space and its Local Network Access check then blocks the WebSocket to
    // 127.0.0.1 (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
    await page.goto(`${origin}/v1/health`);
    const endpoint = kind === 'ws' ? `${origin}/?transport=ws` : origin;
    await page.evaluate(pageSetup, { endpoint, room: `e2e-${kind}`, role, participantId, pollIds: POLL_IDS });
    return page;
  }

  for (const kind of ['sse', 'ws']) {
    describe(`over ${kind === 'ws' ? 'WebSocket' : 'REST + SSE'}`, () => {
      const room = `e2e-${kind}`;
      let fac;
      let p1;
      let p2;
      let views;

      before(async () => {
        [fac, p1, p2] = await Promise.all([
          openView(kind, 'facilitator', `fac-${kind}`),
          openView(kind, 'participant', `p1-${kind}`),
          openView(kind, 'participant', `p2-${kind}`),
        ]);
        views = [fac, p1, p2];
      });

      async function openPoll(id) {
        const ack = await fac.evaluate(async (id) => {
          const p = window.__pk.poll(id);
          await window.__pk.ready(id);
          return p.ctl.handle.send('open', { config: p.authoredConfig, seconds: null });
        }, id);
        assert.equal(ack.status, 'applied', `open ${id}: ${JSON.stringify(ack)}`);
        await Promise.all(
          views.map((v) =>
            v.evaluate((id) => window.__pk.waitFor(() => window.__pk.poll(id).pollState.status === 'open', 5000, `poll ${id} open`), id),
          ),
        );
      }

      test('(a) facilitator opens, two participants vote, every view shows the tally within 1 s', async () => {
        await openPoll('a');
        const latencies = [];
        let expected = 0;
        for (const [voter, value] of [
          [p1, 'x'],
          [p2, 'y'],
        ]) {
          expected++;
          const watchers = views.map((v) => v.evaluate(({ id, n }) => window.__pk.tallyAt(id, n), { id: 'a', n: expected }));
          const sentAt = await voter.evaluate(({ id, value }) => window.__pk.voteUi(id, value), { id: 'a', value });
          const seen = await Promise.all(watchers);
          const lat = seen.map((s) => Math.max(0, s.at - sentAt));
          latencies.push(...lat);
          console.log(`# [${kind}] vote ${expected}: fac ${lat[0]} ms, p1 ${lat[1]} ms, p2 ${lat[2]} ms`);
          for (const l of lat) assert.ok(l < TALLY_BUDGET_MS, `tally shown after ${l} ms (budget ${TALLY_BUDGET_MS})`);
        }
        // Confirmed by the server, not just optimistic.
        for (const v of views) {
          await v.evaluate(() => window.__pk.waitFor(() => window.__pk.pending('a').length === 0, 5000, 'no pending'));
          const s = await v.evaluate(() => window.__pk.state('a'));
          assert.deepEqual(s.tally, { x: 1, y: 1 });
        }
        const { events } = await serverEvents(origin, room, 'poll:a');
        assert.equal(events.filter((e) => e.type === 'vote').length, 2);
      });

      test('(b) a participant cannot close or reset the poll: the server rejects it, the widget shows an error, the poll stays open', async () => {
        await openPoll('b');
        const raw = await p1.evaluate(async () => {
          const s = window.__pk.session();
          const mk = (type) => ({
            opId: `raw-${type}-${crypto.randomUUID()}`,
            clientId: s.identity.id,
            topic: 'poll:b',
            type,
            data: {},
            createdAt: Date.now(),
          });
          return s.transport.send([mk('close'), mk('reset')]);
        });
        assert.equal(raw.length, 2);
        for (const ack of raw) {
          assert.equal(ack.status, 'rejected', `raw transport send: ${JSON.stringify(ack)}`);
          assert.equal(ack.error.code, 'forbidden');
        }
        const viaHandle = await p1.evaluate(async () => {
          const h = window.__pk.poll('b').ctl.handle;
          const close = await h.send('close', {});
          await window.__pk.poll('b').updateComplete;
          const afterClose = window.__pk.errorText('b');
          const reset = await h.send('reset', {});
          await window.__pk.poll('b').updateComplete;
          return { close, reset, afterClose, afterReset: window.__pk.errorText('b'), lastError: h.lastError };
        });
        assert.equal(viaHandle.close.status, 'rejected');
        assert.equal(viaHandle.close.error.code, 'forbidden');
        assert.equal(viaHandle.reset.status, 'rejected');
        assert.equal(viaHandle.reset.error.code, 'forbidden');
        assert.ok(viaHandle.afterClose, 'the widget shows an error after the refused close');
        assert.ok(viaHandle.afterReset, 'the widget shows an error after the refused reset');
        console.log(`# [${kind}] participant sees: "${viaHandle.afterReset}"`);
        await quietFor(300, 'refused close or reset reaching a view', async () => {
          for (const v of views) if ((await v.evaluate(() => window.__pk.state('b'))).status !== 'open') return true;
          return false;
        });
        const { events } = await serverEvents(origin, room, 'poll:b');
        assert.deepEqual(
          events.map((e) => e.type),
          ['open'],
          'no close/reset event stored',
        );
        // Still takes votes.
        await p2.evaluate(() => window.__pk.voteUi('b', 'z'));
        await fac.evaluate(() => window.__pk.tallyAt('b', 1));
      });

      test('(c) SIGKILL mid-session and restart: no acknowledged vote lost, clients reconnect, queued votes arrive exactly once', async () => {
        await openPoll('c');
        await openPoll('c2');
        // Acknowledged before the crash.
        await p1.evaluate(() => window.__pk.voteUi('c', 'x'));
        await p1.evaluate(() =>
          window.__pk.waitFor(() => window.__pk.pending('c').length === 0 && window.__pk.state('c').tally.x === 1, 5000, 'p1 vote acked'),
        );
        await fac.evaluate(() => window.__pk.tallyAt('c', 1));

        await killHard(server.child);
        const killedAt = Date.now();
        // Every view notices the outage.
        await Promise.all(
          views.map((v) => v.evaluate(() => window.__pk.waitFor(() => window.__pk.status() !== 'open', 20000, 'offline after kill'))),
        );
        // Votes during the outage: queued.
        await p2.evaluate(() => window.__pk.voteUi('c', 'y'));
        await p1.evaluate(() => window.__pk.voteUi('c2', 'z'));
        await p2.evaluate(() => window.__pk.voteUi('c2', 'z'));
        for (const [v, id] of [
          [p2, 'c'],
          [p1, 'c2'],
          [p2, 'c2'],
        ]) {
          const pend = await v.evaluate(
            (id) => window.__pk.waitFor(() => window.__pk.pending(id).length === 1 && window.__pk.pending(id), 3000, 'pending'),
            id,
          );
          assert.equal(pend[0].status, 'queued', `pending status during outage: ${JSON.stringify(pend)}`);
          const status = await v.evaluate((id) => window.__pk.statusText(id), id);
          assert.ok((await v.evaluate(() => window.__pk.queued())) >= 1, `session.queued during outage (status line "${status}")`);
        }
        const shadowBadge = await p2.evaluate(() => window.__pk.poll('c').shadowRoot.querySelector('.badge')?.textContent ?? null);
        assert.ok(shadowBadge, 'the queued vote shows a badge');
        await sleep(1500); // let the clients retry against a dead port for a while

        server = await startServerProcess(port, dataDir);
        const restartedAt = Date.now();
        console.log(`# [${kind}] server down ${restartedAt - killedAt} ms`);

        // Reconnect on their own; the queued votes are delivered and confirmed.
        const reconnect = await Promise.all(
          views.map((v) =>
            v.evaluate(async () => {
              await window.__pk.waitFor(() => window.__pk.status() === 'open', 30000, 'reconnected');
              return Date.now();
            }),
          ),
        );
        console.log(`# [${kind}] reconnected after ${reconnect.map((t) => t - restartedAt).join(' / ')} ms`);
        for (const v of views) {
          await v.evaluate(() =>
            window.__pk.waitFor(
              () => window.__pk.queued() === 0 && window.__pk.pending('c').length === 0 && window.__pk.pending('c2').length === 0,
              20000,
              'queue drained',
            ),
          );
          await v.evaluate(() => window.__pk.tallyAt('c', 2, 20000));
          await v.evaluate(() => window.__pk.tallyAt('c2', 2, 20000));
        }
        await quietFor(500, 'vote counted twice', async () => {
          for (const v of views) {
            const c = (await v.evaluate(() => window.__pk.state('c'))).tally;
            const c2 = (await v.evaluate(() => window.__pk.state('c2'))).tally;
            if (!isDeepStrictEqual(c, { x: 1, y: 1 }) || !isDeepStrictEqual(c2, { z: 2 })) return `tallies ${JSON.stringify([c, c2])}`;
          }
          return false;
        });
        for (const [topic, n] of [
          ['poll:c', 2],
          ['poll:c2', 2],
        ]) {
          const { events } = await serverEvents(origin, room, topic);
          const votes = events.filter((e) => e.type === 'vote');
          assert.equal(votes.length, n, `${topic}: ${votes.length} vote events, expected ${n}`);
          assert.equal(new Set(votes.map((e) => e.opId)).size, n, `${topic}: duplicate opIds`);
          const seqs = events.map((e) => e.seq);
          assert.deepEqual(
            seqs,
            seqs.map((_, i) => i + 1),
            `${topic}: seqs 1..n`,
          );
        }
        // Earlier polls survived too (acknowledged before the crash).
        const a = await serverEvents(origin, room, 'poll:a');
        assert.equal(a.events.filter((e) => e.type === 'vote').length, 2);
      });
    });
  }
});
