// Real input that @web/test-runner-commands does not offer: the mouse wheel. Dispatched through the
// DevTools protocol (Input.dispatchMouseEvent, type mouseWheel) on the test's own page, so Chromium
// scrolls the way it does for a person's wheel, with the same events and the same scroll machinery.
//   mouse-wheel {x, y, deltaY, deltaX?}  → true   one wheel notch at viewport point (x, y)
//   bring-to-front                       → true   shows the test's page, as a person switching to its tab:
//                                                 a hidden page gets no frames, so nothing scrolls or lays out
//                                                 (the page shown before becomes hidden; tab tests do the same)
export function inputPlugin() {
  return {
    name: 'pk-input',
    async executeCommand({ command, payload, session }) {
      if (command !== 'mouse-wheel' && command !== 'bring-to-front') return undefined;
      const page = session.browser.getPage(session.id);
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
