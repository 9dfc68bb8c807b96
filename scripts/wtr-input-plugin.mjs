// Real input that @web/test-runner-commands does not offer: the mouse wheel. Dispatched through the
// DevTools protocol (Input.dispatchMouseEvent, type mouseWheel) on the test's own page, so Chromium
// scrolls the way it does for a person's wheel, with the same events and the same scroll machinery.
//   mouse-wheel {x, y, deltaY, deltaX?}  → true   one wheel notch at viewport point (x, y)
export function inputPlugin() {
  return {
    name: 'pk-input',
    async executeCommand({ command, payload, session }) {
      if (command !== 'mouse-wheel') return undefined;
      const page = session.browser.getPage(session.id);
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
