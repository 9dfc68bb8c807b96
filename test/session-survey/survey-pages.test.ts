// Issue #12 item 6: the survey's button says what pressing it does. "Next" while another page
// follows, "Send answers" on the last one, decided from the current answers; a page whose
// condition waits for a required answer not given yet counts as one that may follow.
import { expect, html, waitUntil } from '@open-wc/testing';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import type { PkSurveyProgressDetail } from '../../src/components/session-survey/survey-events.js';
import { pendingPages } from '../../src/components/session-survey/survey-outlook.js';
import { parseDefinition, walk } from '../../src/components/session-survey/survey-schema.js';
import { own } from '../../src/components/session-survey/survey-expr.js';
import type { SurveyDefinition } from '../../src/components/session-survey/survey-types.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { shadowText, uniqueRoom, waitForText } from '../support.js';
import { $, next, pick, surveyOnHub } from './survey-support.js';

/** Page 1 asks how likely you are to recommend (required); page 2 asks why, only for 0-6. */
const BRANCHING = {
  title: 'After the session',
  pages: [
    { title: 'Overall', questions: [{ id: 'nps', type: 'nps', title: 'Would you recommend it?', required: true }] },
    { title: 'What went wrong', visibleIf: 'nps <= 6', questions: [{ id: 'why', type: 'longtext', title: 'What should change?' }] },
  ],
};

/** Page 1 has an optional question; page 2 comes only for those who pick "Remote". */
const OPTIONAL = {
  title: 'Setup',
  pages: [
    { questions: [{ id: 'where', type: 'single', title: 'Where did you follow it?', options: ['Room', 'Remote'] }] },
    { visibleIf: 'where = "Remote"', questions: [{ id: 'sound', type: 'rating', title: 'How was the sound?' }] },
  ],
};

const label = (el: PkSessionSurvey) => $<HTMLButtonElement>(el, 'button[type=submit]')!.textContent!.trim();
const def = (raw: unknown): SurveyDefinition => parseDefinition(raw).definition!;
const pending = (d: SurveyDefinition, answers: Record<string, unknown>) =>
  pendingPages(
    d,
    answers,
    walk(d, (q) => own(answers, q.id)),
  );

describe('<pk-session-survey>: the button says what it will do', () => {
  let hub: MemoryHub;
  let room: string;
  beforeEach(() => {
    hub = new MemoryHub();
    room = uniqueRoom('survey-pages');
  });

  it('a later page that waits for a required answer: "Next" (page 1 of 2), never "Send answers" that only shows errors', async () => {
    const { el } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="branch" .definition=${BRANCHING}></pk-session-survey>`,
    );
    expect(label(el)).to.equal('Next');
    expect(shadowText(el)).to.match(/Page 1 of 2/);
    await next(el);
    expect(shadowText(el), 'pressing asks for the answer; nothing is sent').to.match(/This question needs an answer/);
    expect(el.surveyState.count).to.equal(0);
    // A 9 hides page 2: the button now sends, and says so before it is pressed.
    await pick(el, 'nps', 9);
    expect(label(el)).to.equal('Send answers');
    expect(shadowText(el)).to.not.match(/Page 1 of/);
    // A 3 shows it again.
    await pick(el, 'nps', 3);
    expect(label(el)).to.equal('Next');
    await next(el);
    expect(shadowText(el)).to.match(/What should change\?/);
    expect(label(el)).to.equal('Send answers');
    await expect(el).to.be.accessible();
  });

  it('pk-survey-progress counts the undecided page like the progress bar does', async () => {
    const seen: PkSurveyProgressDetail[] = [];
    const listen = (e: Event) => seen.push((e as CustomEvent<PkSurveyProgressDetail>).detail);
    document.addEventListener('pk-survey-progress', listen);
    try {
      const { el } = await surveyOnHub(
        hub,
        room,
        { id: 'pat' },
        html`<pk-session-survey survey-id="progress" .definition=${BRANCHING}></pk-session-survey>`,
      );
      await waitUntil(() => seen.length > 0, 'progress on load');
      expect(seen[0], 'before the answer that decides page 2').to.include({ page: 1, pages: 2 });
      await pick(el, 'nps', 10);
      await waitUntil(() => seen.at(-1)!.pages === 1, 'a 10: one page');
      await pick(el, 'nps', 2);
      await waitUntil(() => seen.at(-1)!.pages === 2, 'a 2: two pages');
    } finally {
      document.removeEventListener('pk-survey-progress', listen);
    }
  });

  it('a later page that an optional question would reveal: "Send answers", and pressing sends (the blank decides)', async () => {
    const { el } = await surveyOnHub(
      hub,
      room,
      { id: 'pat' },
      html`<pk-session-survey survey-id="optional" .definition=${OPTIONAL}></pk-session-survey>`,
    );
    expect(label(el)).to.equal('Send answers');
    await pick(el, 'where', 1);
    expect(label(el)).to.equal('Next');
    await pick(el, 'where', 0);
    expect(label(el)).to.equal('Send answers');
    await next(el);
    await waitForText(el, /Thank you/);
  });

  it('pendingPages: undecided through a hidden question chain; decided once answered, or when the question is optional', () => {
    const chain = def({
      title: 'Chain',
      pages: [
        {
          questions: [
            { id: 'a', type: 'single', title: 'A?', options: ['yes', 'no'], required: true },
            { id: 'b', type: 'single', title: 'B?', options: ['yes', 'no'], visibleIf: 'a = "yes"', required: true },
          ],
        },
        { visibleIf: 'b = "yes"', questions: [{ id: 'c', type: 'text', title: 'C?' }] },
        { questions: [{ id: 'd', type: 'text', title: 'D?', visibleIf: 'answered(a) and a = "no"' }] },
      ],
    });
    expect(pending(chain, {}), 'page 2 reads b, hidden until a is answered; page 3 reads a').to.deep.equal([1, 2]);
    expect(pending(chain, { a: 'yes' }), 'b is shown and awaited; page 3 is decided (hidden)').to.deep.equal([1]);
    expect(pending(chain, { a: 'yes', b: 'no' })).to.deep.equal([]);
    expect(pending(chain, { a: 'no' }), 'b hidden for good; page 3 visible').to.deep.equal([]);
    expect(pending(def(OPTIONAL), {}), 'an optional blank decides').to.deep.equal([]);
  });
});
