// The README's examples work when pasted literally into a static page served over HTTP: each
// ```html block becomes a page as it stands (the CDN address pointed at our build, and pulsekit.js
// added where the block has no script of its own), and every element on it must render without an
// authoring error or a console error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, launchChromium, ROOT, serveStatic, until, watchConsole } from './support.mjs';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...README.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1]);
const CDN = 'https://your-cdn.example/pulsekit/dist/cdn/';

// What a reader's own files would hold where a snippet points at one (the survey's `src`).
const SURVEY = {
  title: 'Day 1',
  pages: [{ title: 'Today', questions: [{ id: 'overall', type: 'rating', title: 'Overall?', required: true }] }],
};

describe('README examples, pasted into a static page', { timeout: 300_000 }, () => {
  let web;
  let browser;
  const routes = {};
  before(async () => {
    ensureBuilt();
    web = await serveStatic({ routes, mounts: { '/cdn/': join(ROOT, 'dist/cdn'), '/dist/cdn/': join(ROOT, 'dist/cdn') } });
    routes['/surveys/day-1.json'] = { body: JSON.stringify(SURVEY), type: 'application/json' };
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await web?.close();
  });

  test('the README has examples to paste', () => assert.ok(blocks.length >= 4, `${blocks.length} html blocks`));

  for (const [i, block] of blocks.entries()) {
    const first = block.split('\n').find((l) => l.startsWith('<pk-')) ?? block.split('\n')[0];
    test(`example ${i + 1}: ${first.trim().slice(0, 70)}`, async () => {
      // A block that loads no Pulsekit file of its own gets pulsekit.js, as the README says.
      const body = /<script[^>]+src=/.test(block)
        ? block.replaceAll(CDN, '/cdn/')
        : `<script type="module" src="/cdn/pulsekit.js"></script>\n${block}`;
      routes[`/readme-${i}.html`] = {
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example ${i + 1}</title></head><body>\n${body}\n</body></html>`,
      };
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const log = watchConsole(page);
        await page.goto(`${web.url}/readme-${i}.html`);
        const tags = await page.evaluate(() => [
          ...new Set([...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.startsWith('pk-') && n !== 'pk-session')),
        ]);
        assert.ok(tags.length > 0, 'the example has a widget');
        for (const tag of tags) {
          // Rendered: upgraded, its shadow root shows content, and no authoring error.
          await until(
            () =>
              page.evaluate(
                (t) => customElements.get(t) && (document.querySelector(t).shadowRoot?.textContent ?? '').trim().length > 0,
                tag,
              ),
            `${tag} renders`,
          );
          await page.evaluate((t) => document.querySelector(t).updateComplete, tag);
          const error = await page.evaluate(
            (t) => document.querySelector(t).shadowRoot.querySelector('[part~="error"]')?.textContent?.trim() ?? null,
            tag,
          );
          assert.equal(error, null, `${tag} shows an error`);
        }
        if (block.includes('user-role="facilitator"')) {
          await page.locator('pk-pulse-poll [part~="controls"]').waitFor({ state: 'attached' });
        }
        assert.deepEqual(log.errors, [], 'console errors');
      } finally {
        await context.close();
      }
    });
  }
});
