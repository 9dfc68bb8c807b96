// Chromium's forced colours (Windows High Contrast and the like), which @web/test-runner-commands'
// emulateMedia does not pass on for puppeteer: set through the DevTools protocol on the test's page.
//   forced-colors {active: boolean}  → true
// The emulation lasts while its DevTools session is attached, so the session is kept until the test
// turns forced colours off again.
export function forcedColorsPlugin() {
  const sessions = new Map();
  return {
    name: 'pk-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'forced-colors') return undefined;
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(session.id);
      if (!cdp) {
        cdp = await page.createCDPSession();
        sessions.set(session.id, cdp);
      }
      await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: payload?.active ? 'active' : 'none' }] });
      if (!payload?.active) {
        sessions.delete(session.id);
        await cdp.detach().catch(() => {});
      }
      return true;
    },
  };
}
