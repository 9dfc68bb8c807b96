// The quorum's stories rendered as whole pages (each loader builds its own hub), then axe on the
// whole page with the WCAG 2.0-2.2 A and AA rules: what participants are told, and the
// facilitator's controls with the quorum set.
import { waitUntil } from '@open-wc/testing';
import * as stories from '../../stories/pulse-poll.stories.js';
import { expectPageAccessible } from '../axe-page.js';
import { mountStory, shadowText, type LoadedStory } from '../support.js';

const cases: Array<[string, RegExp]> = [
  ['Quorum', /Closes once 12 people have answered/],
  ['FacilitatorQuorum', /Closes once 12 people have answered.*Remove quorum/],
];

describe('poll quorum stories: accessible as whole pages', () => {
  for (const [name, ready] of cases) {
    it(name, async () => {
      const host = await mountStory((stories as unknown as Record<string, LoadedStory>)[name]!);
      try {
        const poll = host.querySelector('pk-pulse-poll')!;
        await waitUntil(() => ready.test(shadowText(poll)), `${name}: ${ready} in ${shadowText(poll)}`, { timeout: 8000 });
        await expectPageAccessible();
      } finally {
        host.remove();
      }
    });
  }
});
