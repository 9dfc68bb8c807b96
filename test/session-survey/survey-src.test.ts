// Issue #12 item 9: a `definition` set before or after the element upgrades wins, without a request
// for `src` (the docs' example fetched its src and logged a 404 before its definition landed).
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { defineAll } from '../../src/index.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import type { SurveyDefinitionInput } from '../../src/components/session-survey/survey-types.js';
import { shadowText, uniqueRoom } from '../support.js';

const DEF: SurveyDefinitionInput = { title: 'Set from script', questions: [{ id: 'r', type: 'rating', title: 'How was it?' }] };

/** Runs `during` while recording the URLs the page fetches (a pass-through wrapper: requests still go out). */
async function recordingFetches(during: (urls: string[]) => Promise<void>): Promise<string[]> {
  const urls: string[] = [];
  const real = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(String(input instanceof Request ? input.url : input));
    return real(input, init);
  };
  try {
    await during(urls);
  } finally {
    window.fetch = real;
  }
  return urls;
}

/** Waits a few tasks: long enough for a deferred fetch of `src` to have started, if it were coming. */
const someTasks = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
};

describe('<pk-session-survey>: definition versus src', () => {
  const mounted: Element[] = [];
  afterEach(() => mounted.splice(0).forEach((e) => e.remove()));

  /** Makes a survey with `src` (mounted, maybe not upgraded yet), then sets its definition after its first update; returns what was fetched. */
  async function definitionAfterFirstUpdate(src: string, make: () => PkSessionSurvey): Promise<string[]> {
    const urls = await recordingFetches(async () => {
      const el = make();
      await el.updateComplete;
      el.definition = DEF;
      await waitUntil(() => /Set from script/.test(shadowText(el)), `the definition shows: ${shadowText(el)}`);
      await someTasks();
    });
    return urls.filter((u) => u.includes(src));
  }

  it('created with src, its definition set right after the first update: the definition wins, src is never requested', async () => {
    const src = `/no/such/${uniqueRoom('src')}.json`;
    const fetched = await definitionAfterFirstUpdate(src, () => {
      const el = document.createElement('pk-session-survey') as PkSessionSurvey;
      el.setAttribute('survey-id', uniqueRoom('s'));
      el.setAttribute('src', src);
      document.body.append(el);
      mounted.push(el);
      return el;
    });
    expect(fetched).to.deep.equal([]);
  });

  it('in the markup before the element is defined, its definition set after the upgrade and its first update: no request', async () => {
    const src = `/no/such/${uniqueRoom('up')}.json`;
    const fetched = await definitionAfterFirstUpdate(src, () => {
      const host = document.createElement('div');
      host.innerHTML = `<up12-session-survey survey-id="${uniqueRoom('s')}" src="${src}"></up12-session-survey>`;
      document.body.append(host);
      mounted.push(host);
      defineAll({ prefix: 'up12' }); // the upgrade; the first update follows in a microtask
      return host.firstElementChild as PkSessionSurvey;
    });
    expect(fetched).to.deep.equal([]);
  });

  it('with a definition already set, src is never requested; with src alone, it is, once', async () => {
    const src = URL.createObjectURL(new Blob([JSON.stringify({ ...DEF, title: 'From src' })], { type: 'application/json' }));
    try {
      const urls = await recordingFetches(async () => {
        const both = document.createElement('pk-session-survey') as PkSessionSurvey;
        both.definition = DEF;
        both.setAttribute('survey-id', uniqueRoom('s'));
        both.setAttribute('src', src);
        const alone = document.createElement('pk-session-survey') as PkSessionSurvey;
        alone.setAttribute('survey-id', uniqueRoom('s'));
        alone.setAttribute('src', src);
        document.body.append(both, alone);
        mounted.push(both, alone);
        await waitUntil(() => /From src/.test(shadowText(alone)), `src loads: ${shadowText(alone)}`);
        await someTasks();
        expect(shadowText(both)).to.match(/Set from script/);
      });
      expect(urls.filter((u) => u === src)).to.have.length(1);
    } finally {
      URL.revokeObjectURL(src);
    }
  });

  it('the docs example as a page: the element in the markup with src, the next module script sets its definition: no request', async function () {
    this.timeout(30000);
    const tab = await executeServerCommand<number, { path: string }>('tab-open', { path: '/test/fixtures/survey-docs.html' });
    try {
      const shown = `document.querySelector('pk-session-survey')?.shadowRoot?.textContent?.includes('How was the pace?')`;
      await executeServerCommand('tab-wait', { id: tab, expression: shown, timeout: 15000 });
      // A few tasks more, for a deferred request that would still come.
      await executeServerCommand('tab-eval', { id: tab, expression: 'new Promise((r) => setTimeout(r, 200))' });
      const requested = await executeServerCommand<string[], { id: number; expression: string }>('tab-eval', {
        id: tab,
        expression: `JSON.stringify(performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/surveys/')))`,
      });
      expect(JSON.parse(String(requested))).to.deep.equal([]);
    } finally {
      await executeServerCommand('tab-close', { id: tab });
    }
  });
});
