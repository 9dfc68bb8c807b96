// Static HTML pages as a course site writes them: elements in the markup before any script, then
// the built CDN files (dist/cdn) in <script type="module"> tags, in every order. Each widget must
// join the page's <pk-session> (room, role, identity), show that role's view, and what a participant
// does must reach a second browser context through the reference server.
import { after, before, describe, test } from 'node:test';
import { startSite, WIDGET_FILES } from './site.mjs';

/** Every order of `items`. */
function permutations(items) {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('static pages on the CDN files: every widget joins the page session', { timeout: 900_000 }, () => {
  let site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  test('the README example: pulsekit.js + network.js, every widget, as facilitator and as participant', async () => {
    const widgets = ['poll', 'meter', 'thread', 'survey'];
    for (const scripts of [
      ['pulsekit.js', 'network.js'],
      ['network.js', 'pulsekit.js'],
    ]) {
      await site.checkPage({ widgets, scripts, role: 'participant' });
      await site.checkPage({ widgets, scripts, role: 'facilitator' });
    }
  });

  for (const kind of Object.keys(WIDGET_FILES)) {
    test(`${WIDGET_FILES[kind]} alone with network.js, and beside session.js in every order`, async () => {
      await site.checkPage({ widgets: [kind], scripts: [WIDGET_FILES[kind], 'network.js'], role: 'participant' });
      await site.checkPage({ widgets: [kind], scripts: ['network.js', WIDGET_FILES[kind]], role: 'facilitator' });
      const orders = permutations(['session.js', WIDGET_FILES[kind], 'network.js']);
      for (const [i, scripts] of orders.entries())
        await site.checkPage({ widgets: [kind], scripts, role: i % 2 ? 'facilitator' : 'participant' });
    });
  }

  test('every per-widget file on one page, forwards and backwards', async () => {
    const widgets = Object.keys(WIDGET_FILES);
    const files = ['session.js', ...Object.values(WIDGET_FILES), 'network.js'];
    for (const scripts of [files, [...files].reverse()]) {
      await site.checkPage({ widgets, scripts, role: 'participant' });
      await site.checkPage({ widgets, scripts, role: 'facilitator' });
    }
  });
});
