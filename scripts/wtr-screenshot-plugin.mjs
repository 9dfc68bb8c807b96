// Screenshots from browser tests, taken by Chromium itself (the compositor's pixels, not a DOM
// re-rendering), for checks a layout test makes on what is really painted.
//   screenshot {name, rect: {x, y, width, height}}  → {path, png}
// `rect` is in CSS pixels of the test's document; the PNG is written to a temp folder as a test
// artifact (never into the repository) and returned base64-encoded for the test to read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where screenshots go: one folder per test run, under the system's temp directory. */
export const SCREENSHOT_DIR = join(tmpdir(), `pulsekit-screenshots-${process.pid}`);

const within = (ms, promise) => Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
const visibility = (page) =>
  within(
    2000,
    page.evaluate(() => document.visibilityState).catch(() => null),
  );

export function screenshotPlugin() {
  return {
    name: 'pk-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'screenshot') return undefined;
      const { name, rect } = payload;
      if (!/^[\w-]+$/.test(String(name))) throw new Error(`screenshot: name "${name}" must be letters, digits, "-" or "_"`);
      const page = session.browser.getPage(session.id);
      // The runner shows one of the two files it runs at once, and tab tests bring their tabs to
      // the front. A hidden page gets no new frames, and the capture would wait for one forever:
      // show this page for the capture, then give the front back to the page that had it.
      let previous = null;
      if ((await visibility(page)) !== 'visible') {
        for (const other of await page.browser().pages()) if (other !== page && (await visibility(other)) === 'visible') previous = other;
        await page.bringToFront();
      }
      try {
        const clip = { x: rect.x, y: rect.y, width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
        const png = await page.screenshot({ clip, encoding: 'base64' });
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        writeFileSync(path, Buffer.from(png, 'base64'));
        return { path, png };
      } finally {
        if (previous) await previous.bringToFront().catch(() => {});
      }
    },
  };
}
