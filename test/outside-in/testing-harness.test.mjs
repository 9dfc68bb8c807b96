// A host's own test, as a host writes it: a static page that loads the packed tarball's CDN file for
// the widget and drives it with the tarball's `pulsekit/testing` harnesses (no bundler: an import
// map names the package). What it reads back is what a person sees.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packedTarball } from './apps.mjs';
import { launchChromium, serveStatic, watchConsole } from './support.mjs';

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Course page</title>
    <script type="importmap">{ "imports": { "pulsekit/testing": "/node_modules/pulsekit/dist/testing/index.js" } }</script>
    <script type="module" src="/node_modules/pulsekit/dist/cdn/pulsekit.js"></script>
  </head>
  <body>
    <pk-session room="course-7" participant-id="pat" participant-name="Pat">
      <pk-pulse-poll poll-id="pace" question="How is the pace?">
        <option value="slow">Too slow</option><option value="ok">Just right</option><option value="fast">Too fast</option>
      </pk-pulse-poll>
      <pk-discussion-thread thread-id="qa"></pk-discussion-thread>
    </pk-session>
    <script type="module">
      import { PollHarness, ThreadHarness, waitFor } from 'pulsekit/testing';
      window.hostTest = (async () => {
        await Promise.all(['pk-pulse-poll', 'pk-discussion-thread'].map((t) => customElements.whenDefined(t)));
        const poll = new PollHarness(document.querySelector('pk-pulse-poll'));
        await waitFor(() => poll.choices().length, () => 'the poll shows its choices', 20000);
        const choices = poll.choices();
        await poll.choose('Just right');
        await poll.vote();
        await poll.waitForText(/Your vote: Just right/, 20000);
        await waitFor(() => poll.results().length, () => 'results shown', 20000);
        const thread = new ThreadHarness(document.querySelector('pk-discussion-thread'));
        await waitFor(() => thread.find('textarea'), () => 'the thread composer', 20000);
        await thread.write('Could we see the slides again?');
        await thread.send();
        await waitFor(() => thread.bodies().includes('Could we see the slides again?'), () => 'my post', 20000);
        return { choices, results: poll.results(), bodies: thread.bodies(), box: thread.box().value };
      })();
    </script>
  </body>
</html>`;

describe('a host page tests our widgets with the harnesses from the packed tarball', { timeout: 600_000 }, () => {
  let dir;
  let web;
  let browser;
  before(async () => {
    const tarball = await packedTarball();
    dir = mkdtempSync(join(tmpdir(), 'pk-harness-host-'));
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    web = await serveStatic({ routes: { '/': { body: PAGE } }, mounts: { '/node_modules/pulsekit/': join(dir, 'package') } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await web?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the tarball ships the harnesses built; a poll and a thread are driven as a person does', async () => {
    for (const f of ['index', 'harness', 'poll', 'meter', 'thread', 'survey'])
      assert.ok(existsSync(join(dir, 'package', 'dist', 'testing', 'harness', `${f}.js`)), `dist/testing/harness/${f}.js is packed`);
    const page = await browser.newPage();
    const log = watchConsole(page);
    await page.goto(web.url);
    const seen = await page.evaluate(() => window.hostTest);
    assert.deepEqual(seen.choices, ['Too slow', 'Just right', 'Too fast']);
    const row = seen.results.find((r) => r.label === 'Just right');
    assert.match(row?.count ?? '', /^1 vote · 100\s?%$/, `the tally shows my vote: ${JSON.stringify(seen.results)}`);
    assert.deepEqual(seen.bodies, ['Could we see the slides again?']);
    assert.equal(seen.box, '', 'the composer is cleared once sent');
    assert.deepEqual(log.errors, [], 'no console errors');
  });
});
