// The pages our users' hosts really are: an intranet with a strict Content-Security-Policy and
// Trusted Types required, a course site whose own CSS (Bootstrap, Tailwind's preflight, a 62.5 %
// root font size, `button{all:unset}`) is hostile to anything embedded, and a page with one widget,
// counted request by request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSite, TAGS } from './site.mjs';
import { ROOT } from './support.mjs';

const ALL = ['poll', 'meter', 'thread', 'survey'];

describe('a strict CSP with Trusted Types required', { timeout: 600_000 }, () => {
  let site;
  let connect = '';
  before(async () => {
    // The policy an intranet team would set: nothing inline, no eval, Trusted Types for every sink
    // (Lit's own policy is named lit-html; docs/frameworks.md).
    const csp = () =>
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${connect}; ` +
      `object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html`;
    // The pages under test carry the policy; the observer (the reference in the other context) does not.
    site = await startSite({ headers: (path) => (path.startsWith('/page-') ? { 'content-security-policy': csp() } : {}) });
    connect = `${site.serverUrl} ${site.serverUrl.replace(/^http/, 'ws')}`;
    site.routes['/csp-watch.js'] = {
      type: 'text/javascript',
      body: `window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));`,
    };
  });
  after(() => site?.close());

  const head = '<script src="/csp-watch.js"></script>';
  const noViolations = async (page, n) =>
    assert.deepEqual(await page.evaluate(() => window.__violations), [], `CSP violations on page ${n}`);

  test('every widget renders and works, in English, Dutch and Arabic, for participants and facilitators', async () => {
    await site.checkPage({ widgets: ALL, scripts: ['pulsekit.js', 'network.js'], role: 'participant', head, inspect: noViolations });
    // Facilitators load the lazy chunks too (controls, results view), here with the Dutch strings.
    await site.checkPage({
      widgets: ALL,
      scripts: ['pulsekit.js', 'network.js'],
      role: 'facilitator',
      lang: 'nl',
      head,
      inspect: noViolations,
    });
    await site.checkPage({
      widgets: ALL,
      scripts: ['network.js', 'pulsekit.js'],
      role: 'facilitator',
      lang: 'ar',
      head,
      inspect: noViolations,
    });
  });
});

describe('a hostile host page: Bootstrap, Tailwind preflight, html{font-size:62.5%}, button{all:unset}', { timeout: 600_000 }, () => {
  let site;
  before(async () => {
    site = await startSite();
    site.routes['/bootstrap.css'] = {
      type: 'text/css',
      body: readFileSync(join(ROOT, 'node_modules/bootstrap/dist/css/bootstrap.min.css')),
    };
    // Tailwind's preflight as its build writes it: the theme() fallbacks in place of the function.
    const preflight = readFileSync(join(ROOT, 'node_modules/tailwindcss/preflight.css'), 'utf8').replace(
      /--theme\(\s*--[\w-]+,\s*([^;]*?)\s*\)(?=\s*;)/g,
      '$1',
    );
    site.routes['/preflight.css'] = { type: 'text/css', body: preflight };
    site.routes['/hostile.css'] = {
      type: 'text/css',
      body: 'html { font-size: 62.5%; } button { all: unset; } * { line-height: 1; letter-spacing: 0.05em; } body { text-align: center; }',
    };
  });
  after(() => site?.close());

  const head = ['bootstrap', 'preflight', 'hostile'].map((f) => `<link rel="stylesheet" href="/${f}.css">`).join('\n');

  /** Every widget keeps 24 px targets and its layout: nothing overflows or collapses. */
  async function keepsLayout(page, n) {
    const problems = await page.evaluate((tags) => {
      const out = [];
      for (const tag of tags) {
        const el = document.querySelector(tag);
        if (!el) continue;
        const root = el.shadowRoot;
        const box = el.getBoundingClientRect();
        if (box.height < 40) out.push(`${tag}: collapsed to ${box.height}px`);
        for (const target of root.querySelectorAll('button, input, select, textarea, a[href], [tabindex="0"]')) {
          if (target.closest('[hidden]') || target.getClientRects().length === 0) continue;
          // A radio or checkbox is reached through its label: that is the target a finger hits.
          const hit = (target.type === 'radio' || target.type === 'checkbox') && target.closest('label') ? target.closest('label') : target;
          const r = hit.getBoundingClientRect();
          // Links inside running text are exempt from the target size (WCAG 2.5.8, inline).
          if (target.localName === 'a' && target.closest('p, li')) continue;
          if (r.width < 24 || r.height < 24)
            out.push(
              `${tag}: <${target.localName}> "${(target.textContent || target.value || '').trim().slice(0, 30)}" is ${r.width.toFixed(1)}x${r.height.toFixed(1)} px`,
            );
        }
        for (const node of root.querySelectorAll('*')) {
          if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX === 'visible' && node.clientWidth > 0) {
            out.push(
              `${tag}: <${node.localName} part="${node.getAttribute('part') ?? ''}"> overflows (${node.scrollWidth} > ${node.clientWidth})`,
            );
          }
        }
      }
      return out;
    }, Object.values(TAGS));
    assert.deepEqual(problems, [], `layout on the hostile page ${n}`);
  }

  test('the widgets keep their layout and 24 px targets, and still work', async () => {
    await site.checkPage({ widgets: ALL, scripts: ['pulsekit.js', 'network.js'], role: 'participant', head, inspect: keepsLayout });
    await site.checkPage({ widgets: ALL, scripts: ['pulsekit.js', 'network.js'], role: 'facilitator', head, inspect: keepsLayout });
  });
});

describe('what a page with one widget downloads', { timeout: 300_000 }, () => {
  let site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  for (const [kind, file] of [
    ['poll', 'pulse-poll.js'],
    ['meter', 'engagement-meter.js'],
    ['thread', 'discussion-thread.js'],
    ['survey', 'session-survey.js'],
  ]) {
    test(`${file}: at most 3 requests for the library up front, 2 with network.js`, async () => {
      await site.checkPage({
        widgets: [kind],
        scripts: [file, 'network.js'],
        role: 'participant',
        inspect: (page, n, requests) => {
          const library = requests.filter((u) => new URL(u).pathname.startsWith('/cdn/'));
          assert.ok(library.length <= 3, `page ${n} loaded ${library.length} library files: ${library.join(', ')}`);
          assert.deepEqual(
            library.map((u) => new URL(u).pathname),
            [`/cdn/${file}`, '/cdn/network.js'],
            'an English participant page loads its file and network.js, nothing more',
          );
        },
      });
    });
  }

  // Rolldown 1.2 put modules the entry loads anyway into chunks of their own (decisions §12).
  test('pulsekit.js: all four widgets in one request for the library, 2 with network.js', async () => {
    await site.checkPage({
      widgets: ['poll', 'meter', 'thread', 'survey'],
      scripts: ['pulsekit.js', 'network.js'],
      role: 'participant',
      inspect: (page, n, requests) => {
        const library = requests.filter((u) => new URL(u).pathname.startsWith('/cdn/'));
        assert.deepEqual(
          library.map((u) => new URL(u).pathname),
          ['/cdn/pulsekit.js', '/cdn/network.js'],
          `page ${n}: an English participant page loads pulsekit.js and network.js, nothing more`,
        );
      },
    });
  });
});
