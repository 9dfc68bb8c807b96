// Issue #12 item 9: every HTML example in the README works when pasted into a page. Each snippet runs
// in its own iframe (its own document, the widgets registered from the sources in place of the CDN
// file the snippet names), and must show no authoring error and request nothing that fails.
import { expect, waitUntil } from '@open-wc/testing';

const DEFINE = '<script type="module" src="/src/define-all.ts"></script>';

/** The README's ```html blocks. */
async function htmlSnippets(): Promise<string[]> {
  const readme = await (await fetch('/README.md')).text();
  return [...readme.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The Pulsekit elements of a document, those inside other elements' light DOM included. */
const widgets = (doc: Document) =>
  [...doc.querySelectorAll('*')].filter((e) => e.localName.startsWith('pk-')) as Array<HTMLElement & { updateComplete?: Promise<unknown> }>;

async function paste(snippet: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  // The CDN script the snippet names stands for the built bundle: the sources here.
  // The session report, help button and console are their own files, never in pulsekit.js: their
  // define modules stand for them.
  const page = snippet
    .replace(/<script type="module" src="[^"]*pulsekit\.js"><\/script>/, '')
    .replace(
      /<script type="module" src="[^"]*session-report\.js"><\/script>/,
      '<script type="module" src="/src/components/session-report/define.ts"></script>',
    )
    .replace(
      /<script type="module" src="[^"]*help-button\.js"><\/script>/,
      '<script type="module" src="/src/components/help-button/define.ts"></script>',
    )
    .replace(
      /<script type="module" src="[^"]*producer-console\.js"><\/script>/,
      '<script type="module" src="/src/components/producer-console/define.ts"></script>',
    );
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">${DEFINE}</head><body>${page}</body></html>`;
  frame.style.inlineSize = '800px';
  frame.style.blockSize = '600px';
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame;
}

describe('README: every HTML example works as pasted', () => {
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => frames.splice(0).forEach((f) => f.remove()));

  it('has HTML examples', async () => {
    expect((await htmlSnippets()).length).to.be.at.least(4);
  });

  it('each renders without an authoring error and without a failed request', async function () {
    this.timeout(60000);
    for (const snippet of await htmlSnippets()) {
      const frame = await paste(snippet);
      frames.push(frame);
      const doc = frame.contentDocument!;
      const win = frame.contentWindow as Window & typeof globalThis;
      await waitUntil(
        () => widgets(doc).length > 0 && widgets(doc).every((w) => win.customElements.get(w.localName)),
        `elements defined in:\n${snippet}`,
        { timeout: 15000 },
      );
      for (const w of widgets(doc)) await w.updateComplete;
      // Settled: nothing still loading (a survey fetching its definition, a thread its history).
      const text = (w: Element) => (w.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
      await waitUntil(() => widgets(doc).every((w) => !/Loading/.test(text(w))), `settled:\n${widgets(doc).map(text).join('\n')}`, {
        timeout: 15000,
      });
      const broken = widgets(doc)
        .filter((w) => /cannot be shown/.test(w.shadowRoot?.querySelector('[role=alert]')?.textContent ?? ''))
        .map((w) => `<${w.localName}>: ${text(w)}`);
      expect(broken, `authoring errors in:\n${snippet}`).to.deep.equal([]);
      const failed = (win.performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.responseStatus >= 400)
        .map((e) => e.name);
      expect(failed, `failed requests in:\n${snippet}`).to.deep.equal([]);
    }
  });
});
