// Arabic is laid out right to left, checked on what Chromium really renders: every widget in Arabic
// beside the same widget in English, compared by bounding boxes (text starts at the right edge,
// the first item of a row sits rightmost) and, for result bars, by the screenshot's pixels (the fill
// grows from the right). Screenshots are kept as artifacts in a temp folder, never in the repository.
import { expect, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PkDiscussionThread } from '../src/components/discussion-thread/pk-discussion-thread.js';
import type { PkEngagementMeter } from '../src/components/engagement-meter/pk-engagement-meter.js';
import type { PkPulsePoll } from '../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkSessionSurvey } from '../src/components/session-survey/pk-session-survey.js';
import { MemoryHub } from '../src/core/transports/memory-transport.js';
import { pollOnHub, shadowText, uniqueRoom, widgetOnHub } from './support.js';
import { seed } from './discussion-thread/thread-support.js';

type Lang = 'ar' | 'en';
const LANGS: Lang[] = ['ar', 'en'];
const WIDTH = 'inline-size: 32em';

/** The box of an element's text itself (a block's own box spans the whole line). */
function textBox(el: Element): DOMRect {
  const range = document.createRange();
  range.selectNodeContents(el);
  return range.getBoundingClientRect();
}

/** Which edge of `outer` the box hugs: the one it is closer to. */
function edge(box: DOMRect, outer: DOMRect): 'left' | 'right' {
  return outer.right - box.right < box.left - outer.left ? 'right' : 'left';
}

/** The edge a language starts from. */
const startEdge = (lang: Lang) => (lang === 'ar' ? 'right' : 'left');

/** Screenshot of an element's box (saved under the temp folder), decoded into pixels. */
async function screenshot(el: Element, name: string): Promise<{ path: string; pixels: ImageData }> {
  el.scrollIntoView({ block: 'center' });
  // Bars grow with a transition: jump to its end (a page hidden behind another file's tab gets no
  // frames, so waiting for it could take forever).
  for (const a of (el.getRootNode() as ShadowRoot | Document).getAnimations()) a.finish();
  const r = el.getBoundingClientRect();
  // The clip is in document coordinates.
  const { path, png } = await executeServerCommand<{ path: string; png: string }, { name: string; rect: Record<string, number> }>(
    'screenshot',
    {
      name,
      rect: { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height },
    },
  );
  const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  return { path, pixels: ctx.getImageData(0, 0, bitmap.width, bitmap.height) };
}

/** Mean luminance (0 dark .. 255 light) of the middle row of an image between two fractions of its width. */
function luminance(img: ImageData, from: number, to: number): number {
  const y = Math.floor(img.height / 2);
  let sum = 0;
  let n = 0;
  for (let x = Math.floor(img.width * from); x < Math.floor(img.width * to); x++) {
    const i = (y * img.width + x) * 4;
    sum += 0.2126 * img.data[i]! + 0.7152 * img.data[i + 1]! + 0.0722 * img.data[i + 2]!;
    n++;
  }
  return sum / n;
}

/** The side of a half-filled bar that is filled, read from its pixels: the darker one. */
function filledSide(img: ImageData): 'left' | 'right' {
  return luminance(img, 0.6, 0.9) < luminance(img, 0.1, 0.4) ? 'right' : 'left';
}

const root = (el: Element) => el.shadowRoot!;
const base = (el: Element) => root(el).querySelector('[part~=base]')!.getBoundingClientRect();

describe('right-to-left layout in Arabic, checked on the rendering', () => {
  it('<pk-pulse-poll>: the question and labels start at the right, counts sit left of them, the bars fill from the right', async () => {
    for (const lang of LANGS) {
      const hub = new MemoryHub();
      const room = uniqueRoom(`rtl-poll-${lang}`);
      const tpl = html`<pk-pulse-poll lang=${lang} style=${WIDTH} poll-id="q" question=${lang === 'ar' ? 'كيف الإيقاع؟' : 'How is the pace?'}
        ><option value="a">${lang === 'ar' ? 'بطيء' : 'Slow'}</option><option value="b">${lang === 'ar' ? 'سريع' : 'Fast'}</option></pk-pulse-poll
      >`;
      const other = await pollOnHub(hub, room, { id: 'omar' }, tpl);
      await other.poll.vote(['b']);
      const { poll } = await pollOnHub(hub, room, { id: 'amal' }, tpl);
      await poll.localeReady;
      await poll.vote(['a']);
      const el = poll as PkPulsePoll;
      await waitUntil(
        () => root(el).querySelectorAll('[part~=bar]').length === 2 && /50/.test(shadowText(el)),
        `two half bars in: ${shadowText(el)}`,
      );
      await el.updateComplete;
      const box = base(el);
      expect(edge(textBox(root(el).querySelector('[part~=question]')!), box), `${lang} question`).to.equal(startEdge(lang));
      const row = root(el).querySelector('.row-label')!;
      const [label, count] = [row.firstElementChild!, row.querySelector('.count')!].map((x) => x.getBoundingClientRect());
      expect(label!.left > count!.left ? 'right' : 'left', `${lang}: the option label's side of its count`).to.equal(startEdge(lang));
      const bar = root(el).querySelector('[part~=bar]')!;
      const shot = await screenshot(bar, `poll-bar-${lang}`);
      expect(filledSide(shot.pixels), `${lang} bar fill, see ${shot.path}`).to.equal(startEdge(lang));
      await screenshot(el, `poll-${lang}`);
    }
  });

  it('<pk-engagement-meter>: the heading starts at the right and the first state button is rightmost', async () => {
    for (const lang of LANGS) {
      const { el } = await widgetOnHub<PkEngagementMeter>(
        new MemoryHub(),
        uniqueRoom(`rtl-meter-${lang}`),
        { id: 'pat' },
        html`<pk-engagement-meter lang=${lang} style=${WIDTH} meter-id="m"></pk-engagement-meter>`,
        'pk-engagement-meter',
      );
      await el.localeReady;
      await waitUntil(() => root(el).querySelector('[data-group=states] button'), 'state buttons');
      await el.updateComplete;
      expect(edge(textBox(root(el).querySelector('#signals-h')!), base(el)), `${lang} heading`).to.equal(startEdge(lang));
      const [first, second] = [...root(el).querySelectorAll('[data-group=states] button')].map((b) => b.getBoundingClientRect());
      expect(first!.left > second!.left ? 'right' : 'left', `${lang}: the first state's side`).to.equal(startEdge(lang));
      await screenshot(el, `meter-${lang}`);
    }
  });

  it('<pk-session-survey>: the title starts at the right and each radio sits right of its label', async () => {
    for (const lang of LANGS) {
      const definition = {
        title: lang === 'ar' ? 'تقييم الجلسة' : 'Session check',
        questions: [
          {
            id: 'q',
            type: 'single',
            title: lang === 'ar' ? 'هل كانت مفيدة؟' : 'Was it useful?',
            options: lang === 'ar' ? ['نعم', 'لا'] : ['Yes', 'No'],
          },
        ],
      };
      const { el } = await widgetOnHub<PkSessionSurvey>(
        new MemoryHub(),
        uniqueRoom(`rtl-survey-${lang}`),
        { id: 'pat' },
        html`<pk-session-survey lang=${lang} style=${WIDTH} survey-id="s" .definition=${definition}></pk-session-survey>`,
        'pk-session-survey',
      );
      await el.localeReady;
      await waitUntil(() => root(el).querySelector('.choice input'), `choices in: ${shadowText(el)}`);
      await el.updateComplete;
      expect(edge(textBox(root(el).querySelector('[part~=title]')!), base(el)), `${lang} title`).to.equal(startEdge(lang));
      const choice = root(el).querySelector('.choice')!;
      const [input, text] = [choice.querySelector('input')!, choice.querySelector('span')!].map((x) => x.getBoundingClientRect());
      expect(input!.left > text!.left ? 'right' : 'left', `${lang}: the radio's side of its label`).to.equal(startEdge(lang));
      await screenshot(el, `survey-${lang}`);
    }
  });

  it('<pk-discussion-thread>: the title starts at the right and a post’s avatar is right of the author’s name', async () => {
    for (const lang of LANGS) {
      const hub = new MemoryHub();
      const room = uniqueRoom(`rtl-thread-${lang}`);
      await seed(hub, room, { id: 'sam', name: lang === 'ar' ? 'سامي' : 'Sam', role: 'participant' }, [
        { type: 'post', data: { body: lang === 'ar' ? 'مرحبًا بالجميع' : 'Hello all' } },
      ]);
      const { el } = await widgetOnHub<PkDiscussionThread>(
        hub,
        room,
        { id: 'pat' },
        html`<pk-discussion-thread lang=${lang} style=${WIDTH} thread-id="t"></pk-discussion-thread>`,
        'pk-discussion-thread',
      );
      await el.localeReady;
      await waitUntil(() => root(el).querySelector('article .name'), `a post in: ${shadowText(el)}`);
      await el.updateComplete;
      expect(edge(textBox(root(el).querySelector('#title')!), base(el)), `${lang} title`).to.equal(startEdge(lang));
      const meta = root(el).querySelector('article [part~=post-meta]')!;
      const [avatar, name] = [meta.querySelector('[part~=avatar]')!, meta.querySelector('.name')!].map((x) => x.getBoundingClientRect());
      expect(avatar!.left > name!.left ? 'right' : 'left', `${lang}: the avatar's side of the name`).to.equal(startEdge(lang));
      await screenshot(el, `thread-${lang}`);
    }
  });
});
