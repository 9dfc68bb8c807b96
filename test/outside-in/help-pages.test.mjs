// The help button and the producer console from the built CDN files on static pages, through the
// reference server: a participant's page (the poll's file plus help-button.js) asks for help with
// consent and never downloads the console; the producer's page (producer-console.js) sees the
// request with its diagnostics and the participant's reported connection, acknowledges and replies; the participant's dialog shows the reply.
// A participant who gets the console's page sees the notice only, and reads nothing of the request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROOM, startSite } from './site.mjs';
import { freshPage, launchChromium, until } from './support.mjs';

const page = ({ role, id, name, scripts, body }) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Help page</title>
${scripts.map((s) => `<script type="module" src="/cdn/${s}"></script>`).join('\n')}
<script type="module" src="/token.js"></script>
</head>
<body>
<main>
<pk-session room="${ROOM}" user-role="${role}" participant-id="${id}" participant-name="${name}" endpoint="ENDPOINT">
  ${body}
</pk-session>
</main>
</body>
</html>`;

const POLL = `<pk-pulse-poll poll-id="pace-help" question="How is the pace?"><option value="ok">Just right</option></pk-pulse-poll>`;

describe('the help button and the producer console on the CDN files', { timeout: 600_000 }, () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await launchChromium();
    const add = (path, html) => (site.routes[path] = { body: html.replace('ENDPOINT', site.serverUrl) });
    add(
      '/learn.html',
      page({
        role: 'participant',
        id: 'ana',
        name: 'Ana',
        scripts: ['pulse-poll.js', 'help-button.js', 'network.js'],
        body: `${POLL}\n<pk-help-button report-status></pk-help-button>`,
      }),
    );
    add(
      '/console.html',
      page({
        role: 'producer',
        id: 'pria',
        name: 'Pria',
        scripts: ['producer-console.js', 'network.js'],
        body: '<pk-producer-console></pk-producer-console>',
      }),
    );
    add(
      '/console-participant.html',
      page({
        role: 'participant',
        id: 'ben',
        name: 'Ben',
        scripts: ['producer-console.js', 'network.js'],
        body: '<pk-producer-console></pk-producer-console>',
      }),
    );
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('a participant asks with consent; the producer acknowledges and replies; the participant reads the reply', async () => {
    const { page: learner, requests, log: learnerLog } = await freshPage(browser);
    await learner.goto(`${site.web.url}/learn.html`);
    const help = learner.locator('pk-help-button');
    await help.locator('[part="button"]').click();
    await help.getByLabel("I can't hear").check();
    await help.getByLabel('In a few words').fill('No sound since the break');
    await help.getByLabel('Share these connection details with the facilitators and producers').check();
    await help.getByRole('button', { name: 'Send request' }).click();
    const learnerText = () => learner.evaluate(() => document.querySelector('pk-help-button').shadowRoot.textContent.replace(/\s+/g, ' '));
    await until(async () => /Sent\. Someone will look at it soon\./.test(await learnerText()), 'the request is sent');

    const { page: staff, log } = await freshPage(browser);
    await staff.goto(`${site.web.url}/console.html`);
    const consoleText = () =>
      staff.evaluate(() => document.querySelector('pk-producer-console').shadowRoot.textContent.replace(/\s+/g, ' '));
    await until(
      async () => /Ana: I can't hear.*No sound since the break.*Connection type\s*http/.test(await consoleText()),
      'the console shows the request with its diagnostics',
    ).catch(async (err) => {
      throw new Error(`${err.message}: ${await consoleText()}\n${log.messages.join('\n')}`);
    });
    // Ana's page reports its language and connection (report-status): the console lists them beside her name.
    await until(
      async () => /Ana\s*Participant\s*en(-[A-Z]+)?\s*open · http\s*0\s*Waiting/.test(await consoleText()),
      "Ana's connection in the console",
    ).catch(async (err) => {
      throw new Error(`${err.message}: ${await consoleText()}`);
    });
    const request = staff.locator('pk-producer-console [part="request"]').first();
    await request.getByRole('button', { name: 'Acknowledge' }).click();
    await request.getByLabel('Identify').check();
    await request.getByLabel('Private reply').fill('Reload the page, please.');
    await request.getByRole('button', { name: 'Send reply' }).click();

    await until(
      async () => /Pria is looking into it\..*Reply from Pria\s*Reload the page, please\./.test(await learnerText()),
      'the participant reads the reply',
    ).catch(async (err) => {
      throw new Error(`${err.message}: ${await learnerText()}`);
    });
    assert.deepEqual(
      requests.filter((u) => /producer-console/.test(u)),
      [],
      "the participant's page does not download the console",
    );
    assert.deepEqual(learnerLog.errors, []);
    assert.deepEqual(log.errors, []);
  });

  test('a participant on the console page sees the notice only and holds nothing of the queue', async () => {
    const { page: p, log } = await freshPage(browser);
    await p.goto(`${site.web.url}/console-participant.html`);
    const text = () => p.evaluate(() => document.querySelector('pk-producer-console')?.shadowRoot?.textContent.replace(/\s+/g, ' ') ?? '');
    await until(async () => (await text()).includes('This console is for facilitators and producers.'), 'the notice');
    await until(
      () => p.evaluate(() => document.querySelector('pk-producer-console').handle?.loaded === true),
      'the queue was read as Ben may read it',
    );
    assert.deepEqual(await p.evaluate(() => document.querySelector('pk-producer-console').requests.length), 0);
    assert.doesNotMatch(await text(), /No sound|Help requests/);
    assert.deepEqual(log.errors, []);
  });
});
