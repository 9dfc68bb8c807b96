// Every story of the notices rendered as a page (its loader builds the story's own hub), then axe on
// the whole page with the WCAG 2.0-2.2 A and AA rules: the strip in a widget, <pk-notices> placed by
// the host (the widget then shows no strip), the staff form, and Arabic right to left.
import { expect, waitUntil } from '@open-wc/testing';
import * as stories from '../../stories/notices.stories.js';
import { targetsTooSmall } from '../a11y-support.js';
import { expectPageAccessible } from '../axe-page.js';
import { mountStory, shadowText, type LoadedStory } from '../support.js';

const cases: Array<[string, string, RegExp]> = [
  ['InWidget', 'pk-pulse-poll', /^Audio restarts in one minute until \d.*Ready for the next part\?/],
  ['Placed', 'pk-notices', /Audio restarts in one minute until .*Break until 10:40 until /],
  ['Staff', 'pk-notices', /Break until 10:40 until .*Withdraw.*Post a notice to the class/],
  ['RTL', 'pk-pulse-poll', /^الصوت يعود بعد دقيقة حتى/],
];

describe('notices stories: every state is accessible as a whole page', () => {
  for (const [name, tag, ready] of cases) {
    it(`${name}`, async () => {
      const story = (stories as unknown as Record<string, LoadedStory>)[name]!;
      const host = await mountStory(story);
      try {
        const el = host.querySelector(tag)!;
        await waitUntil(() => ready.test(shadowText(el)), `${name}: ${ready} in ${shadowText(el)}`, { timeout: 8000 });
        if (name === 'Placed') {
          const poll = host.querySelector('pk-pulse-poll')!;
          await waitUntil(() => /Ready for the next part/.test(shadowText(poll)), 'the poll renders');
          expect(poll.shadowRoot!.querySelector('[part~="notices"]'), 'a placed <pk-notices> takes the strip away').to.equal(null);
        }
        await expectPageAccessible();
      } finally {
        host.remove();
      }
    });
  }

  it('the staff form keeps 24 px targets on a host page whose root font is 62.5 %', async () => {
    document.documentElement.style.fontSize = '62.5%';
    const host = await mountStory((stories as unknown as Record<string, LoadedStory>).Staff!);
    try {
      const notices = host.querySelector('pk-notices')!;
      await waitUntil(() => /Post a notice to the class/.test(shadowText(notices)), 'the staff form', { timeout: 8000 });
      expect(targetsTooSmall(notices)).to.deep.equal([]);
    } finally {
      host.remove();
      document.documentElement.style.fontSize = '';
    }
  });
});
