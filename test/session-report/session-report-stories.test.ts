// Every story of <pk-session-report> rendered as a page (its loader builds the story's own hub),
// then axe on the whole page with the WCAG 2.0-2.2 A and AA rules.
import { waitUntil } from '@open-wc/testing';
import type { PkSessionReport } from '../../src/components/session-report/pk-session-report.js';
import * as stories from '../../stories/session-report.stories.js';
import { expectPageAccessible } from '../axe-page.js';
import { mountStory, shadowText, type LoadedStory } from '../support.js';

const cases: Array<[string, RegExp]> = [
  ['Facilitator', /Downloads/],
  ['ParticipantNotice', /This report is for facilitators and producers\./],
  ['EmptyRoom', /Nothing has happened in these widgets yet\./],
  ['RTL', /التنزيلات/],
];

describe('<pk-session-report> stories: every state is accessible as a whole page', () => {
  for (const [name, ready] of cases) {
    it(name, async () => {
      const story = (stories as unknown as Record<string, LoadedStory>)[name]!;
      const host = await mountStory(story);
      try {
        const report = host.querySelector('pk-session-report') as PkSessionReport;
        await waitUntil(() => ready.test(shadowText(report)), `${name}: ${ready}`, { timeout: 8000 });
        await expectPageAccessible();
      } finally {
        host.remove();
      }
    });
  }
});
