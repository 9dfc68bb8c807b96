// A site as users build one, for the outside-in tests: static pages written by hand (elements in
// the markup before any script), the built CDN files under /cdn/, the host's own token script, the
// reference server, and an observing facilitator in a second browser context.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, launchChromium, ROOT, serveStatic, startReferenceServer, until, watchConsole } from './support.mjs';

export const ROOM = 'course-42';
export const TAGS = { poll: 'pk-pulse-poll', meter: 'pk-engagement-meter', thread: 'pk-discussion-thread', survey: 'pk-session-survey' };
export const WIDGET_FILES = {
  poll: 'pulse-poll.js',
  meter: 'engagement-meter.js',
  thread: 'discussion-thread.js',
  survey: 'session-survey.js',
};
export const SURVEY = {
  title: 'After the session',
  pages: [{ title: 'Today', questions: [{ id: 'overall', type: 'rating', title: 'Overall, how was it?', required: true }] }],
};

/** The markup of one widget, with ids unique to page `n`. */
function widgetMarkup(kind, n) {
  switch (kind) {
    case 'poll':
      return `<pk-pulse-poll poll-id="pace-${n}" question="How is the pace so far?">
    <option value="slow">Too slow</option>
    <option value="ok">Just right</option>
    <option value="fast">Too fast</option>
  </pk-pulse-poll>`;
    case 'meter':
      return `<pk-engagement-meter meter-id="class-${n}" min-group="1"></pk-engagement-meter>`;
    case 'thread':
      return `<pk-discussion-thread thread-id="qa-${n}" label="Questions"></pk-discussion-thread>`;
    case 'survey':
      return `<pk-session-survey survey-id="after-${n}" src="/survey.json"></pk-session-survey>`;
  }
}

/**
 * A page as a user writes it: the session and widgets in the markup, then the scripts. `/token.js`
 * (the host's own code) gives every <pk-session> a token provider for the server's dev tokens.
 */
function pageHtml({ n, role, widgets, scripts, endpoint, lang = 'en', head = '' }) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>Page ${n}</title>
${head}
${scripts.map((s) => `<script type="module" src="/cdn/${s}"></script>`).join('\n')}
<script type="module" src="/token.js"></script>
</head>
<body>
<pk-session room="${ROOM}" user-role="${role}" participant-id="${role}-${n}" participant-name="Person ${n}" endpoint="${endpoint}">
  ${widgets.map((w) => widgetMarkup(w, n)).join('\n  ')}
</pk-session>
</body>
</html>`;
}

const TOKEN_JS = (endpoint) => `
for (const s of document.querySelectorAll('pk-session')) {
  s.tokenProvider = async () => {
    const res = await fetch(${JSON.stringify(endpoint)} + '/v1/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room: s.getAttribute('room'), role: s.getAttribute('user-role'), name: s.getAttribute('participant-name'), participantId: s.getAttribute('participant-id') }),
    });
    return (await res.json()).token;
  };
}`;

/**
 * The observing facilitator in the second browser context: its widgets are built from script after
 * registration (the way the rest of the suite builds them), so it is a reference, not under test.
 */
const OBSERVER_JS = (endpoint) => `
await import('/cdn/pulsekit.js');
await import('/cdn/network.js');
const session = document.createElement('pk-session');
Object.assign(session, { room: ${JSON.stringify(ROOM)}, userRole: 'facilitator', participantId: 'observer', participantName: 'Observer', endpoint: ${JSON.stringify(endpoint)} });
session.tokenProvider = async () => {
  const res = await fetch(${JSON.stringify(endpoint)} + '/v1/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room: ${JSON.stringify(ROOM)}, role: 'facilitator', name: 'Observer', participantId: 'observer' }) });
  return (await res.json()).token;
};
document.body.append(session);
const tags = { poll: ['pk-pulse-poll', 'poll-id'], meter: ['pk-engagement-meter', 'meter-id'], thread: ['pk-discussion-thread', 'thread-id'], survey: ['pk-session-survey', 'survey-id'] };
window.observe = (kind, id) => {
  const [tag, attr] = tags[kind];
  let el = session.querySelector(tag + '[' + attr + '="' + id + '"]');
  if (!el) {
    el = document.createElement(tag);
    el.setAttribute(attr, id);
    if (kind === 'poll') {
      el.setAttribute('question', 'How is the pace so far?');
      el.options = [{ value: 'slow', label: 'Too slow' }, { value: 'ok', label: 'Just right' }, { value: 'fast', label: 'Too fast' }];
    }
    if (kind === 'meter') el.setAttribute('min-group', '1');
    if (kind === 'survey') el.setAttribute('src', '/survey.json');
    session.append(el);
  }
  return el;
};
window.seen = (kind, id) => {
  const el = window.observe(kind, id);
  switch (kind) {
    case 'poll': return Object.values(el.pollState.tally ?? {}).reduce((a, b) => a + b, 0);
    case 'meter': return Object.values(el.meterState.entries ?? {}).filter((e) => e.state === 'got-it').length;
    case 'thread': return el.threadState.buckets.flatMap((b) => Object.values(b)).filter((p) => p.author?.name === 'Person ' + id.split('-').pop()).length;
    case 'survey': return el.surveyState.count;
  }
};
window.observerReady = true;
`;

/**
 * Does in the page what a participant does in `kind`, through the UI, by keyboard: a widget above
 * may grow as its results arrive, and a mouse click aimed before that lands beside its target.
 */
export async function participantActs(page, kind) {
  const press = (selector, key, options) => page.locator(selector, options).first().press(key);
  switch (kind) {
    case 'poll':
      await press('pk-pulse-poll input[value="ok"]', 'Space');
      await press('pk-pulse-poll form button[type="submit"]', 'Enter');
      return;
    case 'meter':
      await press('pk-engagement-meter [part~="signals"] button', 'Enter', { hasText: 'Got it' });
      return;
    case 'thread':
      await page.locator('pk-discussion-thread #compose-root').fill('Hello from the page under test');
      await press('pk-discussion-thread [part~="composer"] button[type="submit"]', 'Enter');
      return;
    case 'survey':
      await press('pk-session-survey [part~="question"] input >> nth=3', 'Space');
      await press('pk-session-survey button[type="submit"]', 'Enter');
      return;
  }
}

/** What only facilitators see in `kind`, present in the page (with a clear failure otherwise). */
export async function facilitatorViewShown(page, kind) {
  const selector = {
    poll: 'pk-pulse-poll [part~="controls"]',
    meter: 'pk-engagement-meter [part~="summary"]',
    thread: 'pk-discussion-thread [part~="moderation"]',
    survey: 'pk-session-survey [part~="results"]',
  }[kind];
  await page.locator(selector).first().waitFor({ state: 'attached', timeout: 20_000 });
}

export const idOf = (kind, n) => ({ poll: `pace-${n}`, meter: `class-${n}`, thread: `qa-${n}`, survey: `after-${n}` })[kind];

/**
 * Starts the site: the static server (extra `routes`, response `headers(path)`), the reference
 * server allowing its origin, Chromium and the observer. `checkPage()` opens a page as a user
 * would and checks each widget on it; `close()` stops everything.
 */
export async function startSite({ headers } = {}) {
  ensureBuilt();
  const routes = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'pk-outside-in-'));
  const web = await serveStatic({ routes, headers, mounts: { '/cdn/': join(ROOT, 'dist/cdn') } });
  const server = await startReferenceServer({ dataDir, env: { PULSEKIT_CORS: web.url } });
  routes['/survey.json'] = { body: JSON.stringify(SURVEY), type: 'application/json' };
  routes['/token.js'] = { body: TOKEN_JS(server.url), type: 'text/javascript' };
  routes['/observer.js'] = { body: OBSERVER_JS(server.url), type: 'text/javascript' };
  routes['/observer.html'] = {
    body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Observer</title><script type="module" src="/observer.js"></script></head><body></body></html>',
  };
  const browser = await launchChromium();
  const observer = await (await browser.newContext()).newPage();
  await observer.goto(`${web.url}/observer.html`);
  await observer.waitForFunction(() => window.observerReady === true);
  let pageCount = 0;

  /**
   * Opens a page with `widgets` and `scripts` in its own browser context as `role`, then checks
   * each widget: a participant's action reaches the observer; a facilitator sees the controls.
   * `inspect(page, n, requests)` runs last, for checks of the caller's own (`requests`: every URL the
   * page asked for, in order).
   */
  async function checkPage({ widgets, scripts, role, lang, head, inspect }) {
    const n = ++pageCount;
    routes[`/page-${n}.html`] = { body: pageHtml({ n, role, widgets, scripts, endpoint: server.url, lang, head }) };
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const log = watchConsole(page);
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${web.url}/page-${n}.html`);
      for (const kind of widgets) {
        if (role === 'facilitator') {
          await facilitatorViewShown(page, kind).catch((err) => {
            throw new Error(
              `${kind} on page ${n} (${scripts.join(' + ')}) does not show the facilitator's view: ${err.message}\n${log.messages.join('\n')}`,
            );
          });
          continue;
        }
        await observer.evaluate(([k, id]) => void window.observe(k, id), [kind, idOf(kind, n)]);
        await participantActs(page, kind);
        await until(
          () => observer.evaluate(([k, id]) => window.seen(k, id), [kind, idOf(kind, n)]),
          `${kind} on page ${n} (${scripts.join(' + ')}) reaching the second context through the server`,
        ).catch(async (err) => {
          const state = await page.evaluate((tag) => {
            const el = document.querySelector(tag);
            const h = el?.ctl?.handle;
            return JSON.stringify({
              room: el?.ctl?.session?.room,
              role: el?.ctl?.session?.identity?.role,
              status: el?.ctl?.session?.status,
              pending: h?.pending?.map((p) => [p.op.type, p.status]),
              error: h?.lastError,
              text: el?.shadowRoot?.textContent?.replace(/\s+/g, ' ').slice(0, 400),
            });
          }, TAGS[kind]);
          throw new Error(`${err.message}\npage state: ${state}\n${log.messages.join('\n')}`);
        });
      }
      await inspect?.(page, n, requests);
      assert.deepEqual(log.errors, [], `console errors on page ${n} (${scripts.join(' + ')})`);
    } finally {
      await context.close();
    }
  }

  return {
    web,
    routes,
    serverUrl: server.url,
    checkPage,
    async close() {
      await browser.close().catch(() => {});
      await server.stop();
      await web.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
