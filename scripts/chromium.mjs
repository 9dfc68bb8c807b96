// Debian's Chromium: the binary and flags web-test-runner launches it with, and launchChromium()
// (playwright-core) for everything that drives a browser outside web-test-runner: the outside-in
// tests, the end-to-end test and the browser benchmarks.
import { chromium } from 'playwright-core';

/** The Chromium binary (CHROME_PATH or CHROMIUM_PATH, else Debian's). */
export const CHROMIUM = process.env.CHROME_PATH || process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The flags this machine needs (see TOOLCHAIN.md), for every Chromium we launch. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium, headless, with those flags. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}
