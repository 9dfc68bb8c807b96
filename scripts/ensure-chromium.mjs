// Makes sure Debian's Chromium is there for the browser tests: installs it with apt when we are
// root and apt exists, otherwise stops with a message that says what to install.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (found) {
  if (!process.env.CHROME_PATH) process.env.CHROME_PATH = found;
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log("pulsekit: Chromium not found; installing Debian's chromium with apt-get (one time)...");
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } catch {
    console.error('pulsekit: apt-get could not install chromium. Install Chromium or Chrome and set CHROME_PATH to its binary.');
    process.exit(1);
  }
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}
console.error(
  'pulsekit: the tests need Chromium and none was found.\n' +
    '  Debian/Ubuntu: sudo apt-get install chromium\n' +
    '  Elsewhere: install Chrome or Chromium and set CHROME_PATH=/path/to/chrome',
);
process.exit(1);
