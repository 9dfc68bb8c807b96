// Debian's Chromium through playwright-core, for everything that drives a browser outside
// web-test-runner: the outside-in tests, the end-to-end test and the browser benchmarks.
import { chromium } from 'playwright-core';

/** The Chromium binary (CHROME_PATH or CHROMIUM_PATH, else Debian's). */
export const CHROMIUM = process.env.CHROME_PATH || process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this machine needs (see TOOLCHAIN.md). */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}
