// Notices to the class as people meet them, in real tabs of one Chromium on the local transport
// (IndexedDB authority, BroadcastChannel): a facilitator posts from <pk-notices>; a participant's
// poll, meter, thread and survey all show it at their top, the page announces it once, focus stays
// where the participant was; it ends when withdrawn or when its time is up on the authority's clock;
// a participant's forged post or withdrawal is refused by the local authority; hostile text stays text;
// an Arabic page shows it right to left.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { quietFor } from '../quiet.mjs';
import { uniqueRoom } from '../support.js';

const open = (room: string, pid: string, role = 'participant', extra = '') =>
  executeServerCommand<number, { path: string }>('tab-open', {
    path: `/test/fixtures/notices-tab.html?room=${room}&pid=${pid}&role=${role}${extra}`,
  });
const evalIn = <T>(id: number, expression: string) =>
  executeServerCommand<T, { id: number; expression: string }>('tab-eval', { id, expression });
const waitIn = (id: number, expression: string, timeout = 15000) => executeServerCommand('tab-wait', { id, expression, timeout });
const closeTab = (id: number) => executeServerCommand('tab-close', { id });

/**
 * Opens a staff tab (<pk-notices>, as `staffRole`) and a participant's tab (the four widgets, with
 * `patExtra` in its query) on one room, waits until both are connected, runs `body`, closes both.
 */
async function withTabs(staffRole: string, patExtra: string, body: (fac: number, pat: number) => Promise<void>): Promise<void> {
  const room = uniqueRoom('notices');
  const fac = await open(room, 'fay', staffRole, '&staff=1');
  const pat = await open(room, 'pat', 'participant', patExtra);
  try {
    await waitIn(fac, `window.pk.status() === 'open'`);
    await waitIn(pat, `window.pk.status() === 'open'`);
    await body(fac, pat);
  } finally {
    await closeTab(fac);
    await closeTab(pat);
  }
}

const TAGS = ['pk-pulse-poll', 'pk-engagement-meter', 'pk-discussion-thread', 'pk-session-survey'];
/** An expression true when every widget's strip matches `re` (a regex literal's source). */
const everyStrip = (re: string) => `Object.values(window.pk.strips()).every((t) => /${re}/.test(t))`;
const noStrip = `Object.values(window.pk.strips()).every((t) => t === '')`;

describe('notices to the class across real tabs (local transport)', function () {
  this.timeout(90000);

  it('a facilitator posts; every widget of a participant shows it, the page announces it once, focus stays; then it is withdrawn', async () => {
    await withTabs('facilitator', '', async (fac, pat) => {
      expect(await evalIn<boolean>(pat, noStrip), 'no strip before any notice').to.equal(true);
      await evalIn(pat, `window.pk.focusComposer()`);
      const focusBefore = await evalIn<string>(pat, `window.pk.focus()`);
      expect(focusBefore).to.match(/textarea/);

      await evalIn(fac, `window.pk.post('Audio restarts in one minute', 1)`);
      await waitIn(pat, everyStrip('Audio restarts in one minute until \\d'));
      const strips = await evalIn<Record<string, string>>(pat, `window.pk.strips()`);
      expect(Object.keys(strips)).to.deep.equal(TAGS);

      // One announcement for the page, not one per widget.
      await waitIn(pat, `Object.values(window.pk.live()).some((t) => t.includes('Notice: Audio restarts in one minute'))`);
      // Watched for half a second: another widget's announcer would speak within its throttle.
      await quietFor(500, 'second announcement of the notice', async () => {
        const live = await evalIn<Record<string, string>>(pat, `window.pk.live()`);
        const saying = Object.values(live).filter((t) => t.includes('Notice: Audio restarts')).length;
        return saying > 1 && JSON.stringify(live);
      });
      expect(await evalIn<string>(pat, `window.pk.focus()`), 'focus untouched by the notice').to.equal(focusBefore);

      // The facilitator's own <pk-notices> lists it with a withdraw button; withdrawing clears every strip.
      await waitIn(fac, `/Audio restarts in one minute/.test(window.pk.noticesText())`);
      await evalIn(fac, `window.pk.withdraw()`);
      await waitIn(pat, noStrip);
      await waitIn(fac, `/No notices right now/.test(window.pk.noticesText())`);
    });
  });

  it('a notice ends by itself when its time is up', async () => {
    await withTabs('producer', '', async (fac, pat) => {
      expect(await evalIn<string>(fac, `window.pk.rawSend('post', { text: 'Break until 10:40', seconds: 10 })`)).to.equal('applied');
      await waitIn(pat, everyStrip('Break until 10:40'));
      await waitIn(pat, noStrip, 30000);
    });
  });

  it("a participant's forged post or withdrawal is refused by the local authority; hostile text shows as text", async () => {
    await withTabs('facilitator', '', async (fac, pat) => {
      expect(await evalIn<string>(pat, `window.pk.rawSend('post', { text: 'Class cancelled', seconds: 600 })`)).to.equal(
        'forbidden: Only a facilitator or producer can post a notice.',
      );
      const hostile = `<img src=x onerror="window.pwned=1"> <b>bold</b>`;
      await evalIn(fac, `window.pk.post(${JSON.stringify(hostile)}, 5)`);
      await waitIn(pat, everyStrip('<img src=x onerror="window.pwned=1"> <b>bold<\\/b>'));
      expect(
        await evalIn<boolean>(
          pat,
          `[...document.querySelectorAll('pk-session > *')].some((el) => el.shadowRoot.querySelector('[part~="notices"] img, [part~="notices"] b'))`,
        ),
      ).to.equal(false);
      expect(await evalIn<boolean>(pat, `window.pwned === undefined`)).to.equal(true);
      const id = await evalIn<string>(fac, `document.querySelector('pk-notices').notices[0].id`);
      expect(await evalIn<string>(pat, `window.pk.rawSend('withdraw', { id: ${JSON.stringify(id)} })`)).to.match(/^forbidden: /);
      expect(await evalIn<boolean>(pat, everyStrip('bold')), 'the forged withdrawal took nothing away').to.equal(true);
    });
  });

  it('an Arabic page shows the notice right to left, in Arabic', async () => {
    await withTabs('facilitator', '&lang=ar', async (fac, pat) => {
      await evalIn(fac, `window.pk.post('الصوت يعود بعد دقيقة', 5)`);
      await waitIn(pat, everyStrip('الصوت يعود بعد دقيقة حتى'));
      expect(await evalIn(pat, `window.pk.stripDir()`)).to.deep.equal({ dir: 'rtl', lang: 'ar' });
      await waitIn(pat, `Object.values(window.pk.live()).some((t) => t.includes('تنبيه: الصوت يعود بعد دقيقة'))`);
    });
  });
});
