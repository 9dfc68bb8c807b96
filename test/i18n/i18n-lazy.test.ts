// A file of its own: what a page downloads is counted from its first request. An English
// participant's page downloads no other language; another language brings only its own catalogs,
// for the widgets on the page (the built files: `npm run size` lists each language as a lazy chunk).
import { expect, html, waitUntil } from '@open-wc/testing';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import { mount, pollOnHub, shadowText, uniqueRoom } from '../support.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';

/** Catalog modules this page requested, as `<folder>/<file>`: `pulse-poll/de.ts`, `core/ja.ts`. */
const catalogRequests = (): string[] =>
  performance
    .getEntriesByType('resource')
    .map((r) => new URL(r.name).pathname)
    .filter((p) => p.includes('/i18n/'))
    .map((p) => p.replace(/^.*\/(components\/)?([\w-]+)\/i18n\/([\w-]+\.ts)$/, '$2/$3'));
/** The catalogs of a language other than English among them (`de.ts`, `results-ja.ts`). */
const foreign = () => catalogRequests().filter((p) => /\/(results-)?[a-z]{2,3}\.ts$/.test(p) && !/\/(results-)?en\.ts$/.test(p));

const SURVEY = { title: 'Check', questions: [{ id: 'q', type: 'rating', title: 'How was it?' }] };

describe('catalogs load per widget and per language', () => {
  it('an English participant page with every widget downloads no other language; German brings German for the poll only', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('lazy');
    const page = await mount<HTMLElement>(html`<div lang="en">
      <pk-engagement-meter meter-id="m"></pk-engagement-meter>
      <pk-discussion-thread thread-id="t"></pk-discussion-thread>
      <pk-session-survey survey-id="s" .definition=${SURVEY}></pk-session-survey>
    </div>`);
    const { poll } = await pollOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-pulse-poll lang="en" poll-id="q" question="Pace?"><option value="a">OK</option></pk-pulse-poll>`,
    );
    await poll.vote(['a']);
    await waitUntil(() => /OK\s*1 vote/.test(shadowText(poll)), `results in: ${shadowText(poll)}`);
    const survey = page.querySelector('pk-session-survey') as PkSessionSurvey;
    await waitUntil(() => /How was it/.test(shadowText(survey)), 'the survey shows');
    expect(catalogRequests().length, 'the English catalogs came (the check sees requests)').to.be.greaterThan(0);
    expect(foreign(), `no other language: ${catalogRequests().join(', ')}`).to.deep.equal([]);

    const de = await mount<HTMLElement>(
      html`<div lang="de-AT"><pk-pulse-poll poll-id="d" question="Tempo?"><option value="a">OK</option></pk-pulse-poll></div>`,
    );
    const dePoll = de.querySelector('pk-pulse-poll') as PkPulsePoll;
    await waitUntil(() => /Abstimmen/.test(shadowText(dePoll)), `German in: ${shadowText(dePoll)}`);
    expect(foreign().sort(), 'the core’s and the poll’s German, nothing else').to.deep.equal(['core/de.ts', 'pulse-poll/de.ts']);
  });
});
