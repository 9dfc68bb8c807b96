// Fault injection for browser tests, for a fault a test cannot otherwise produce on demand: a chunk
// that never arrives (hotel Wi-Fi dropping the one request that loads a lazy module). Scoped to the
// test's own page through Chromium's request interception, so test files running side by side are
// not affected.
//   requests-fail  {pattern}  → true   requests of this page whose URL contains `pattern` fail
//   requests-pass             → true   back to normal
const blocked = new Map();

export function faultPlugin() {
  return {
    name: 'pk-faults',
    async executeCommand({ command, payload, session }) {
      if (command !== 'requests-fail' && command !== 'requests-pass') return undefined;
      const page = session.browser.getPage(session.id);
      const previous = blocked.get(session.id);
      if (previous) {
        // Interception off first: a request paused in between would otherwise wait for a handler forever.
        await page.setRequestInterception(false);
        page.off('request', previous);
        blocked.delete(session.id);
      }
      if (command === 'requests-fail') {
        const pattern = String(payload.pattern);
        const handler = (request) => {
          if (request.isInterceptResolutionHandled()) return;
          if (request.url().includes(pattern)) void request.abort('internetdisconnected');
          else void request.continue();
        };
        await page.setRequestInterception(true);
        page.on('request', handler);
        blocked.set(session.id, handler);
      }
      return true;
    },
  };
}
