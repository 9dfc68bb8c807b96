// axe-core on the whole page (host light DOM and every open shadow root) with the WCAG rule sets
// Pulsekit answers to. @open-wc's `to.be.accessible()` runs every rule on one element; this one runs
// the WCAG 2.0/2.1/2.2 A and AA tags on the document, as a page's audit would.
import 'axe-core/axe.min.js';
import type { AxeResults, RunOptions } from 'axe-core';
import { expect } from '@open-wc/testing';

/** The WCAG tags checked. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

/** Fails with every violation (rule, impact, targets) when axe finds any on the page. */
export async function expectPageAccessible(): Promise<void> {
  // The test runner's page has neither; a real host page has both.
  document.title ||= 'Pulsekit test page';
  if (!document.documentElement.lang) document.documentElement.lang = 'en';
  const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe;
  const results = await axe.run(document, { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] });
  // Every rule counts: <pk-session> takes the role as user-role, no ARIA role (decisions §33).
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(found, found.join('\n')).to.deep.equal([]);
}
