// The survey paints its form from the page's definition before IndexedDB answers (#18, decisions
// §49): a participant on a slow disk, or with a database held by another tab, can start at once,
// (the embedded authority and the drafts live in IndexedDB; the form needs neither to be shown),
// and a draft saved on this device fills in when it is read, keeping what they typed and their focus.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define-all.js';
import { DRAFTS_DB, saveDraft } from '../../src/components/session-survey/survey-drafts.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import { holdDatabase, shadowText, uniqueRoom } from '../support.js';
import { $, type } from './survey-support.js';

const DEF = {
  title: 'Day 1',
  questions: [
    { id: 'name', type: 'text', title: 'What should we call you?' },
    { id: 'why', type: 'longtext', title: 'What should we improve?' },
  ],
};

describe('<pk-session-survey> first paint (#18)', () => {
  it('shows its form while IndexedDB is blocked; the saved draft then fills in, keeping typing and focus', async () => {
    const room = uniqueRoom('first-paint');
    const key: [string, string, string] = [room, 'fp', 'pia'];
    expect(await saveDraft(key, { answers: { why: 'From the draft' }, page: 0, editing: false, savedAt: Date.now() })).to.equal(true);
    // The embedded authority (IndexedDB, a database of this test's own) and the drafts, both held.
    const dbName = `pk-first-paint-${room}`;
    const holds = await Promise.all([holdDatabase(dbName), holdDatabase(DRAFTS_DB)]);
    try {
      const session =
        await fixture<PkSession>(html`<pk-session room=${room} participant-id="pia" participant-name="Pia" .transport=${new LocalTransport({ dbName })}
        ><pk-session-survey survey-id="fp" .definition=${DEF}></pk-session-survey
      ></pk-session>`);
      const el = session.querySelector('pk-session-survey') as PkSessionSurvey;
      await waitUntil(() => $(el, '#i-name'), `the form, not: ${shadowText(el)}`, { timeout: 4000 });
      expect(el.ctl.handle?.loaded, 'IndexedDB has not answered yet').to.not.equal(true);
      const field = $<HTMLInputElement>(el, '#i-name')!;
      field.focus();
      await type(el, 'name', 'Pia B.');
      for (const h of holds) h.release();
      await waitUntil(() => $<HTMLTextAreaElement>(el, '#i-why')?.value === 'From the draft', 'the draft fills in', { timeout: 8000 });
      await waitUntil(() => el.ctl.handle?.loaded, 'the survey loads', { timeout: 8000 });
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#i-name')!.value, 'what was typed stays').to.equal('Pia B.');
      expect(el.shadowRoot!.activeElement, 'focus stays in the field').to.equal($(el, '#i-name'));
      expect(el.currentAnswers).to.deep.equal({ name: 'Pia B.', why: 'From the draft' });
    } finally {
      for (const h of holds) h.release();
      await new Promise((r) => setTimeout(r, 0));
      indexedDB.deleteDatabase(dbName);
    }
  });
});
