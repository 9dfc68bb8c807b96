// Server commands that open real extra tabs in the test's own Chromium, so tests can prove
// cross-tab behaviour and real page reloads (not iframes, not mocks).
const tabs = new Map();
let next = 1;

export function tabsPlugin() {
  return {
    name: 'pk-tabs',
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('tab-')) return undefined;
      const page = session.browser.getPage(session.id);
      if (command === 'tab-open') {
        const origin = new URL(page.url()).origin;
        const tab = await page.browser().newPage();
        tab.on('console', (msg) => {
          if (msg.type() === 'error' || process.env.PK_TAB_LOGS) console.log(`[tab] ${msg.text()}`);
        });
        tab.on('pageerror', (err) => console.log(`[tab error] ${err.message}`));
        // A page with actions still being saved asks before it is left (beforeunload): the person
        // at the keyboard confirms, as a reload in a test means to.
        tab.on('dialog', (dialog) => void dialog.accept().catch(() => {}));
        await tab.goto(origin + payload.path, { waitUntil: 'load' });
        const id = next++;
        tabs.set(id, tab);
        return id;
      }
      const tab = tabs.get(payload.id);
      if (!tab) throw new Error(`No tab ${payload.id}`);
      if (command === 'tab-reload') {
        await tab.reload({ waitUntil: 'load' });
        return true;
      }
      if (command === 'tab-eval') {
        // The expression is test code from this repository, evaluated in the tab.
        // web-test-runner treats a null or undefined result as "command not handled", so an
        // expression without a value answers true.
        return (await tab.evaluate(payload.expression)) ?? true;
      }
      if (command === 'tab-wait') {
        await tab.waitForFunction(payload.expression, { timeout: payload.timeout ?? 10000, polling: 50 });
        return true;
      }
      if (command === 'tab-close') {
        await tab.close();
        tabs.delete(payload.id);
        return true;
      }
      throw new Error(`Unknown tab command ${command}`);
    },
  };
}
