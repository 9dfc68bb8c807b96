// Every story of <pk-help-button> and <pk-producer-console> rendered as a page (its loader builds the
// story's own hub), then axe on the whole page with the WCAG 2.0-2.2 A and AA rules.
import { waitUntil } from '@open-wc/testing';
import * as buttonStories from '../../stories/help-button.stories.js';
import * as consoleStories from '../../stories/producer-console.stories.js';
import { expectPageAccessible } from '../axe-page.js';
import { mountStory, shadowText, type LoadedStory } from '../support.js';

const cases: Array<[Record<string, unknown>, string, string, RegExp]> = [
  [buttonStories, 'pk-help-button', 'Closed', /^Technical help/],
  [buttonStories, 'pk-help-button', 'Ask', /Connection type http|Connection type memory/],
  [buttonStories, 'pk-help-button', 'Waiting', /Sent\. Someone will look at it soon\./],
  [buttonStories, 'pk-help-button', 'Answered', /Reply from Pria.*Please reload the page/],
  [buttonStories, 'pk-help-button', 'Resolved', /Marked as resolved\..*You can ask again below\./],
  [buttonStories, 'pk-help-button', 'RTL', /رد من Pria/],
  [
    consoleStories,
    'pk-producer-console',
    'Queue',
    /My vote spins forever.*Handled by Fay.*Take over.*Ana Souza\s*Participant\s*Not connected/,
  ],
  [consoleStories, 'pk-producer-console', 'EmptyQueue', /No help requests to show\./],
  [consoleStories, 'pk-producer-console', 'ParticipantNotice', /This console is for facilitators and producers\./],
  [consoleStories, 'pk-producer-console', 'RTL', /طلبات المساعدة.*تولّي الطلب/],
  [
    consoleStories,
    'pk-producer-console',
    'Columns',
    /Ana Souza\s*Participant\s*pt-BR.*poll:warmup, thread:intro.*Ben Okafor\s*Participant\s*de/,
  ],
  [consoleStories, 'pk-producer-console', 'LargeClass', /2,001 people present.*Participant 0001\s*Participant\s*en/],
];

describe('help button and producer console stories: every state is accessible as a whole page', () => {
  for (const [module, tag, name, ready] of cases) {
    it(`${tag}: ${name}`, async () => {
      const story = module[name] as LoadedStory;
      const host = await mountStory(story);
      try {
        const el = host.querySelector(tag)!;
        await waitUntil(() => ready.test(shadowText(el)), `${name}: ${ready} in ${shadowText(el)}`, { timeout: 8000 });
        await expectPageAccessible();
      } finally {
        host.remove();
      }
    });
  }
});
