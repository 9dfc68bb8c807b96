// Shared by the framework tests: the packed tarball (`npm pack`, as published), a framework app from
// test/outside-in/apps/<name> installed with `npm ci` into a temp copy plus that tarball, and the
// user's path through every app (vote in the poll, answer the survey).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before } from 'node:test';
import { ROOT, launchChromium, serveStatic, until, watchConsole } from './support.mjs';

const ENV = { ...process.env, NO_UPDATE_NOTIFIER: '1', NG_CLI_ANALYTICS: 'false' };

/**
 * Runs a command in `cwd` without blocking (so an install and the package build overlap); rejects
 * with its output when it fails, unless `allowFailure`. Resolves with { code, stdout, stderr }.
 */
export function sh(cmd, args, cwd, { allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0 && !allowFailure) reject(new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

/** What goes into the package: the tarball is rebuilt only when one of these changed. */
const PACKAGE_INPUTS =
  /^(src\/|scripts\/|docs\/|package\.json$|package-lock\.json$|tsconfig[\w.]*\.json$|custom-elements\.json$|web-types\.json$|vscode\.html-custom-data\.json$|README\.md$|LICENSE$)/;

/**
 * The path of `npm pack`'s tarball of the current sources. Built (`npm run build`) and packed once,
 * then kept in .cache/ under a hash of everything that goes into it, so each test file does not
 * pay for the build again.
 */
export async function packedTarball() {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => PACKAGE_INPUTS.test(f) && existsSync(join(ROOT, f)))
    .sort();
  const hash = createHash('sha256');
  for (const f of files)
    hash
      .update(`${f}\0`)
      .update(readFileSync(join(ROOT, f)))
      .update('\0');
  const dir = join(ROOT, '.cache', 'outside-in');
  const tarball = join(dir, `pulsekit-${hash.digest('hex').slice(0, 16)}.tgz`);
  if (existsSync(tarball)) return tarball;
  await sh(process.execPath, ['scripts/build.mjs'], ROOT);
  mkdirSync(dir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'pk-pack-'));
  const { stdout } = await sh('npm', ['pack', '--pack-destination', scratch, '--silent'], ROOT);
  // Older tarballs (of sources since changed) are of no further use.
  for (const f of readdirSync(dir)) if (f.endsWith('.tgz')) rmSync(join(dir, f));
  renameSync(join(scratch, stdout.trim().split('\n').pop()), tarball);
  rmSync(scratch, { recursive: true, force: true });
  return tarball;
}

/**
 * Copies test/outside-in/apps/<name> into a temp folder and installs it as its lockfile says
 * (`npm ci`, while the package builds), then the packed tarball (not saved: the app's lockfile cannot
 * pin a file that changes with every build). Returns the folder; remove it with `removeApp`.
 */
export async function installApp(name) {
  const source = join(ROOT, 'test', 'outside-in', 'apps', name);
  const dir = mkdtempSync(join(tmpdir(), `pk-${name}-app-`));
  cpSync(source, dir, {
    recursive: true,
    filter: (p) =>
      !relative(source, p)
        .split(sep)
        .some((part) => part === 'node_modules' || part === 'dist' || part === '.angular'),
  });
  cpSync(join(source, '..', 'lunch.ts'), join(dir, 'src', 'lunch.ts'));
  const [tarball] = await Promise.all([packedTarball(), sh('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], dir)]);
  await sh('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', tarball], dir);
  return dir;
}

export const removeApp = (dir) => dir && rmSync(dir, { recursive: true, force: true });

/**
 * Type errors tsc or vue-tsc printed (`--pretty false`), as "file:line TScode" (file relative to the
 * app), for comparing with the `// error: TSxxxx` markers.
 */
export function typeErrors(output) {
  const found = new Set();
  for (const m of output.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+)/gm)) found.add(`${m[1]}:${m[2]} ${m[3]}`);
  return [...found].sort();
}

/** The `// error: TSxxxx` markers in `files` (relative to the app folder `base`), in typeErrors' form. */
export function expectedTypeErrors(base, files) {
  const expected = [];
  for (const f of files) {
    readFileSync(join(base, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /(?:\/\/|<!--) error: (TS\d+)/.exec(line);
        if (m) expected.push(`${f}:${i + 1} ${m[1]}`);
      });
  }
  return expected.sort();
}

/**
 * The user's path through every app: the poll shows the options it got as a property, a vote
 * reaches the app's `pk-vote` handler (the app prints it), the survey shows the definition it got
 * as a property and sending reaches the `pk-survey-submit` handler. Returns what the page saw.
 */
export async function voteAndAnswer(page, url) {
  const { errors } = watchConsole(page);
  await page.goto(url);
  // The options exist only if the array arrived as a property (an attribute would carry "[object Object]").
  await page.getByRole('radio', { name: 'Salad' }).check({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Vote' }).click();
  await until(
    async () => (await page.locator('#vote').textContent()) === 'Voted: salad',
    'the app printed the vote from its pk-vote handler',
  );
  await page.getByRole('heading', { name: 'Lunch feedback' }).waitFor({ timeout: 20_000 });
  await page.getByRole('radio', { name: 'Good' }).check();
  await page.getByRole('button', { name: 'Send answers' }).click();
  await until(
    async () => (await page.locator('#sent').textContent()) === 'Sent: Good',
    'the app printed the answer from its pk-survey-submit handler',
  );
  const seen = await page.evaluate(() => {
    const poll = document.querySelector('pk-pulse-poll');
    const survey = document.querySelector('pk-session-survey');
    return {
      room: poll.ctl.session.room,
      surveyRoom: survey.ctl.session.room,
      optionsAttribute: poll.getAttribute('options'),
      definitionAttribute: survey.getAttribute('definition'),
      registeredAtFirstRender: document.body.dataset.registeredAtFirstRender ?? null,
    };
  });
  return { ...seen, errors: [...errors] };
}

/** A strict CSP with Trusted Types required, allowing only the named policies (docs/frameworks.md). */
export const strictCsp = (policies) => `default-src 'self'; require-trusted-types-for 'script'; trusted-types ${policies}`;

/**
 * Registers before/after hooks in the calling describe(): installs and builds the app
 * (`npm run build`, into dist/), serves dist/ like a static host (twice: as is at `url`, and with
 * the `csp` header at `strictUrl`) and starts Chromium. The returned object gets
 * { dir, url, strictUrl, browser } once the hooks ran.
 */
export function appFixture(name, { csp }) {
  const app = {};
  before(async () => {
    app.dir = await installApp(name);
    await sh('npm', ['run', 'build'], app.dir);
    // A static host has a favicon; without one the browser logs a 404 the tests would take for an error.
    const site = { routes: { '/favicon.ico': { body: '', type: 'image/x-icon' } }, mounts: { '/': join(app.dir, 'dist') } };
    app.servers = [await serveStatic(site), await serveStatic({ ...site, headers: () => ({ 'content-security-policy': csp }) })];
    [app.url, app.strictUrl] = app.servers.map((s) => s.url);
    app.browser = await launchChromium();
  });
  after(async () => {
    await app.browser?.close();
    for (const s of app.servers ?? []) await s.close();
    removeApp(app.dir);
  });
  return app;
}

/**
 * Opens `page` of the app in a fresh browser context, walks the user's path (voteAndAnswer) and
 * checks what every variant must show: both widgets joined the app's `<pk-session room>`, the data
 * arrived as properties (never as an attribute), no console errors (a CSP or Trusted Types
 * violation is one). `late` pages must also have rendered before the elements were registered;
 * `strict` loads the page with the fixture's CSP. Returns what the page saw.
 */
export async function expectBound(app, page, { room, late = false, strict = false }) {
  const context = await app.browser.newContext();
  const tab = await context.newPage();
  const seen = await voteAndAnswer(tab, `${strict ? app.strictUrl : app.url}/${page}`);
  // The policy really applied: the page may not write HTML from a string.
  if (strict)
    assert.ok(
      await tab.evaluate(() => {
        try {
          document.createElement('div').innerHTML = '<b>x</b>';
          return false;
        } catch {
          return true;
        }
      }),
      'Trusted Types are enforced',
    );
  await context.close();
  if (late) assert.equal(seen.registeredAtFirstRender, 'false', 'the app rendered before the elements were registered');
  assert.equal(seen.room, room, 'the poll joined the session of the page');
  assert.equal(seen.surveyRoom, room, 'the survey joined the session of the page');
  assert.equal(seen.optionsAttribute, null, 'options arrived as a property, not as an attribute');
  assert.equal(seen.definitionAttribute, null, 'definition arrived as a property, not as an attribute');
  assert.deepEqual(seen.errors, []);
  return seen;
}

/**
 * Type-checks the app as its users would (tsc or vue-tsc, strict settings) together with its folder
 * of deliberate mistakes (tsconfig.check.json): each line marked `// error: TSxxxx` must fail with
 * that code, and no other line of the app may fail. One compile proves both sides.
 */
export async function expectTypeErrors(app, compiler, files) {
  const r = await sh('npx', [compiler, '-p', 'tsconfig.check.json', '--pretty', 'false'], app.dir, { allowFailure: true });
  assert.notEqual(r.code, 0, 'the mistakes must not compile');
  assert.deepEqual(typeErrors(r.stdout), expectedTypeErrors(app.dir, files), r.stdout + r.stderr);
}
