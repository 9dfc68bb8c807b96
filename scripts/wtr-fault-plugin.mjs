// Fault injection for browser tests, for a fault a test cannot otherwise produce on demand: a chunk
// that never arrives (hotel Wi-Fi dropping the one request that loads a lazy module), or one that
// arrives late. Scoped to the test's own page through Chromium's request interception, so test
// files running side by side are not affected.
//   requests-fail  {pattern}  → true   requests of this page whose URL contains `pattern` fail
//   requests-hold  {pattern}  → true   ...are held, unanswered, until `requests-pass`
//   requests-pass             → true   back to normal (held requests go on)
//   idb-force-delete {name}   → true   the browser deletes this origin's IndexedDB database `name`
//                                      (DevTools' "Delete database"): open connections to it are closed
const active = new Map();

export function faultPlugin() {
  return {
    name: 'pk-faults',
    async executeCommand({ command, payload, session }) {
      if (command === 'idb-force-delete') {
        const page = session.browser.getPage(session.id);
        const cdp = await page.createCDPSession();
        try {
          await cdp.send('IndexedDB.deleteDatabase', { securityOrigin: new URL(page.url()).origin, databaseName: String(payload.name) });
        } finally {
          await cdp.detach().catch(() => {});
        }
        return true;
      }
      if (command !== 'requests-fail' && command !== 'requests-hold' && command !== 'requests-pass') return undefined;
      const page = session.browser.getPage(session.id);
      const previous = active.get(session.id);
      if (previous) {
        // Held requests go on, then interception off: a request paused in between would otherwise
        // wait for a handler forever.
        for (const request of previous.held.splice(0)) await request.continue().catch(() => {});
        await page.setRequestInterception(false);
        page.off('request', previous.handler);
        active.delete(session.id);
      }
      if (command !== 'requests-pass') {
        const pattern = String(payload.pattern);
        const held = [];
        // A request event can still arrive after a later command turned interception off: then
        // continue/abort reject, and an unhandled rejection would stop the whole test run.
        const handler = (request) => {
          if (request.isInterceptResolutionHandled()) return;
          if (!request.url().includes(pattern)) void request.continue().catch(() => {});
          else if (command === 'requests-fail') void request.abort('internetdisconnected').catch(() => {});
          else held.push(request);
        };
        await page.setRequestInterception(true);
        page.on('request', handler);
        active.set(session.id, { handler, held });
      }
      return true;
    },
  };
}
