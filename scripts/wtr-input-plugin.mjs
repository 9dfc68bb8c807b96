// Real input that @web/test-runner-commands does not offer: the mouse wheel. Dispatched through the
// DevTools protocol (Input.dispatchMouseEvent, type mouseWheel) on the test's own page, so Chromium
// scrolls the way it does for a person's wheel, with the same events and the same scroll machinery.
//   mouse-wheel {x, y, deltaY, deltaX?}  → true   one wheel notch at viewport point (x, y)
//   bring-to-front                       → true   shows the test's page, as a person switching to its tab:
//                                                 a hidden page gets no frames, so nothing scrolls or lays out
//                                                 (the page shown before becomes hidden; tab tests do the same)
//   forced-colors {value}                → true   emulates `forced-colors: active` (or `none`) on the test's page, as
//                                                 Windows High Contrast does (the stock emulate-media command ignores it)
export function inputPlugin() {
  const forced = new Map();
  return {
    name: 'pk-input',
    async executeCommand({ command, payload, session }) {
      if (command !== 'mouse-wheel' && command !== 'bring-to-front' && command !== 'forced-colors') return undefined;
      const page = session.browser.getPage(session.id);
      if (command === 'forced-colors') {
        // Puppeteer's emulateMediaFeatures refuses this feature; the protocol takes it. The override
        // lasts as long as its DevTools session, so that session stays open until `none`.
        const cdp = forced.get(session.id) ?? (await page.createCDPSession());
        forced.set(session.id, cdp);
        await cdp.send('Emulation.setEmulatedMedia', {
          features: [{ name: 'forced-colors', value: payload.value === 'active' ? 'active' : 'none' }],
        });
        if (payload.value !== 'active') {
          forced.delete(session.id);
          await cdp.detach().catch(() => {});
        }
        return true;
      }
      if (command === 'bring-to-front') {
        await page.bringToFront();
        return true;
      }
      const cdp = await page.createCDPSession();
      try {
        await cdp.send('Input.dispatchMouseEvent', {
          type: 'mouseWheel',
          x: Number(payload.x),
          y: Number(payload.y),
          deltaX: Number(payload.deltaX ?? 0),
          deltaY: Number(payload.deltaY),
        });
      } finally {
        await cdp.detach().catch(() => {});
      }
      return true;
    },
  };
}
