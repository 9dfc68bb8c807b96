// The poll can be answered before the authority answers, and shows no results it does not have yet
// (#18, decisions §58). Until the topic's state is in, the tally is the model's empty one: "0
// responses" would be a guess (there may be thirty), and formatting it built the page's first
// Intl.NumberFormat (20-90 ms in Chromium) before the first paint of a form that needs none.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { LocalTransport } from '../../src/core/transports/local-transport.js';
import { PollHarness } from '../../src/testing/index.js';
import { holdDatabase, shadowText, uniqueRoom } from '../support.js';

/** Counts `new Intl.NumberFormat(locale)` for `locale` until `restore()`. */
function countNumberFormats(locale: string) {
  const Orig = Intl.NumberFormat;
  const counter = { built: 0, restore: () => void (Intl.NumberFormat = Orig) };
  // A subclass, so formatters keep working; only construction is counted.
  Intl.NumberFormat = class extends Orig {
    constructor(l?: string | string[], o?: Intl.NumberFormatOptions) {
      super(l, o);
      if (l === locale) counter.built++;
    }
  } as typeof Intl.NumberFormat;
  return counter;
}

describe('<pk-pulse-poll> first paint (#18)', () => {
  it('can be answered while the authority is held, shows no results until its state is in, and counts the vote once', async () => {
    const room = uniqueRoom('poll-first-paint');
    // The embedded authority (IndexedDB, a database of this test's own), held by another open's upgrade.
    const dbName = `pk-poll-first-paint-${room}`;
    const hold = await holdDatabase(dbName);
    // A language no other test of this page formats in, so its formatters are built here or not at all.
    const numbers = countNumberFormats('en-GB');
    try {
      const session =
        await fixture<PkSession>(html`<pk-session room=${room} participant-id="pia" .transport=${new LocalTransport({ dbName })}
        ><pk-pulse-poll lang="en-GB" poll-id="pace" question="How is the pace?"
          ><option value="slow">Too slow</option><option value="ok">Just right</option></pk-pulse-poll
        ></pk-session
      >`);
      const poll = session.querySelector('pk-pulse-poll') as PkPulsePoll;
      const user = new PollHarness(poll);
      await poll.updateComplete;
      expect(poll.handle?.loaded, 'the authority has not answered').to.not.equal(true);
      expect(user.choices()).to.deep.equal(['Too slow', 'Just right']);
      expect(user.choice('Just right').disabled, 'the form can be answered').to.equal(false);
      expect(user.resultsText(), 'no results before the authority says what they are').to.equal('');
      expect(shadowText(poll), 'no count that is a guess').to.not.match(/\d|response|vote ·/);
      expect(numbers.built, 'no number formatter for the first render').to.equal(0);

      // Answering does not wait for the authority, and the vote counts once when it answers.
      await user.choose('Just right');
      await user.vote();
      await waitUntil(() => /Your vote: Just right/.test(shadowText(poll)), `my vote shows, not: ${shadowText(poll)}`, { timeout: 4000 });
      hold.release();
      await waitUntil(() => poll.handle?.loaded, 'the poll loads', { timeout: 8000 });
      await waitUntil(() => /\b1 (response|of 1 responded)\b/.test(user.resultsText()), `the figures come, not: ${user.resultsText()}`, {
        timeout: 8000,
      });
      expect(user.results()).to.deep.equal([
        { label: 'Too slow', count: '0 votes · 0%' },
        { label: 'Just right', count: '1 vote · 100%' },
      ]);
      expect(poll.pollState.responded, 'counted once').to.equal(1);
    } finally {
      numbers.restore();
      hold.release();
      await new Promise((r) => setTimeout(r, 0));
      indexedDB.deleteDatabase(dbName);
    }
  });
});
