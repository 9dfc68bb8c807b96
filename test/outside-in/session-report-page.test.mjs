// <pk-session-report> from the built CDN file on static pages, through the reference server: a
// participant's page (the poll's own file) votes and never downloads the report; the facilitator's
// page loads session-report.js, shows the vote and downloads a real CSV; a participant who gets
// the report's page sees the notice only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { participantActs, ROOM, startSite } from './site.mjs';
import { freshPage, launchChromium, until, watchConsole } from './support.mjs';

const page = ({ role, id, scripts, body, extra = '' }) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Session report page</title>
${scripts.map((s) => `<script type="module" src="/cdn/${s}"></script>`).join('\n')}
<script type="module" src="/token.js"></script>
</head>
<body>
<pk-session room="${ROOM}" user-role="${role}" participant-id="${id}" participant-name="${id}" endpoint="ENDPOINT" ${extra}>
  ${body}
</pk-session>
</body>
</html>`;

const POLL = `<pk-pulse-poll poll-id="pace-report" question="How is the pace so far?">
    <option value="slow">Too slow</option>
    <option value="ok">Just right</option>
    <option value="fast">Too fast</option>
  </pk-pulse-poll>`;
const REPORT = '<pk-session-report topics="poll:pace-report"></pk-session-report>';

describe('the session report on the CDN file', { timeout: 600_000 }, () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await launchChromium();
    const add = (path, html) => (site.routes[path] = { body: html.replace('ENDPOINT', site.serverUrl) });
    add('/vote.html', page({ role: 'participant', id: 'ana', scripts: ['pulse-poll.js', 'network.js'], body: POLL }));
    add(
      '/report.html',
      page({
        role: 'facilitator',
        id: 'fay',
        scripts: ['session-report.js', 'network.js'],
        body: REPORT,
        extra: 'xapi-base="https://lms.example/pulsekit"',
      }),
    );
    add('/report-participant.html', page({ role: 'participant', id: 'ben', scripts: ['session-report.js', 'network.js'], body: REPORT }));
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test("a participant votes on the poll's page, which never loads the report; the facilitator's report shows it and downloads a CSV", async () => {
    const { page: voter, requests, log: voterLog } = await freshPage(browser);
    await voter.goto(`${site.web.url}/vote.html`);
    await participantActs(voter, 'poll');
    await until(
      () =>
        voter.evaluate(
          () =>
            document.querySelector('pk-pulse-poll').handle?.pending.length === 0 &&
            document.querySelector('pk-pulse-poll').pollState.responded === 1,
        ),
      'the vote is accepted',
    );
    assert.deepEqual(
      requests.filter((u) => /session-report/.test(u)),
      [],
      "the participant's page does not download the report",
    );
    assert.deepEqual(voterLog.errors, []);

    const context = await browser.newContext({ acceptDownloads: true });
    const staff = await context.newPage();
    const log = watchConsole(staff);
    await staff.goto(`${site.web.url}/report.html`);
    const text = () => staff.evaluate(() => document.querySelector('pk-session-report').shadowRoot.textContent.replace(/\s+/g, ' '));
    // Nobody opened the poll: a self-serve poll keeps its question in the page, not in the room, so the
    // report says so and shows the vote by its value.
    await until(
      async () => /Self-serve poll \(no question published\) · poll:pace-report · Round 1 \(current\) · 1 response/.test(await text()),
      'the report shows the vote',
    ).catch(async (err) => {
      throw new Error(`${err.message}: ${await text()}\n${log.messages.join('\n')}`);
    });
    assert.match(await text(), /xAPI statements \(JSON\)/);
    const download = staff.waitForEvent('download');
    await staff.locator('pk-session-report [data-export="csv-polls"]').press('Enter');
    const file = await download;
    assert.match(file.suggestedFilename(), /^session-report-course-42-\d{4}-\d\d-\d\d-polls\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8');
    assert.match(csv, /^\ufefftopic,round,question,kind,responded,answer,count,percent\r\npoll:pace-report,1,,single,1,ok,1,100\r\n$/);
    // Focus stays on the button used.
    assert.equal(
      await staff.evaluate(() => document.querySelector('pk-session-report').shadowRoot.activeElement?.dataset.export),
      'csv-polls',
    );
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('a participant on the report page sees the notice only', async () => {
    const { page: p, log } = await freshPage(browser);
    await p.goto(`${site.web.url}/report-participant.html`);
    const text = () => p.evaluate(() => document.querySelector('pk-session-report')?.shadowRoot?.textContent.replace(/\s+/g, ' ') ?? '');
    await until(async () => (await text()).includes('This report is for facilitators and producers.'), 'the notice');
    assert.doesNotMatch(await text(), /How is the pace|Downloads/);
    assert.deepEqual(log.errors, []);
  });
});
