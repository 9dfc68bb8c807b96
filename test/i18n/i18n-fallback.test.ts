// Languages we do not ship: the closest one we do is shown, and the widget says which (its base
// part's `lang`), dates follow it, and the author's own text keeps the page's language. Then the
// host API that adds a language or overrides strings (registerStrings).
import { expect, html, waitUntil } from '@open-wc/testing';
import type { PkDiscussionThread } from '../../src/components/discussion-thread/pk-discussion-thread.js';
import { meterStrings } from '../../src/components/engagement-meter/i18n/index.js';
import type { PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import { pollStrings } from '../../src/components/pulse-poll/i18n/index.js';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import { loadCatalog } from '../../src/core/i18n/catalogs.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { registerStrings } from '../../src/index.js';
import { mount, pollOnHub, shadowText, uniqueRoom, widgetOnHub, withWarnings } from '../support.js';
import { seed, threadOnHub } from '../discussion-thread/thread-support.js';

let n = 0;
const pollIn = async (lang: string, attrs = ''): Promise<PkPulsePoll> => {
  const wrap = await mount<HTMLElement>(html`<div lang=${lang}>
    <pk-pulse-poll poll-id=${`fb-${n++}`} question="Hur går det?"><option value="a">Bra</option><option value="b">Sådär</option></pk-pulse-poll>
  </div>`);
  const poll = wrap.querySelector('pk-pulse-poll') as PkPulsePoll;
  if (attrs) poll.setAttribute('dir', attrs);
  await poll.localeReady;
  await poll.updateComplete;
  return poll;
};
const base = (el: Element): HTMLElement => el.shadowRoot!.querySelector('[part~=base]') as HTMLElement;
const submitText = (poll: PkPulsePoll) => poll.shadowRoot!.querySelector('button[type=submit]')?.textContent?.trim() ?? '';
const question = (poll: PkPulsePoll) => poll.shadowRoot!.querySelector('[part~=question]') as HTMLElement;
const optionLabel = (poll: PkPulsePoll) => poll.shadowRoot!.querySelector('.choice span') as HTMLElement;
async function expectVote(poll: PkPulsePoll, text: string): Promise<void> {
  await waitUntil(() => submitText(poll) === text, `expected "${text}", got "${submitText(poll)}"`, { timeout: 4000 });
}

describe('i18n fallback: the closest language we ship, and the language shown', () => {
  const htmlEl = document.documentElement;
  let saved: string | null;
  beforeEach(() => {
    saved = htmlEl.getAttribute('lang');
    htmlEl.setAttribute('lang', 'en');
  });
  afterEach(() => (saved === null ? htmlEl.removeAttribute('lang') : htmlEl.setAttribute('lang', saved)));

  it('pt-BR and pt-PT get the Portuguese strings; lang keeps the regional tag (it is Portuguese), author text needs no mark', async () => {
    for (const tag of ['pt-BR', 'pt-PT', 'pt']) {
      const poll = await pollIn(tag);
      await expectVote(poll, 'Votar');
      expect(base(poll).getAttribute('lang'), tag).to.equal(tag);
      expect(base(poll).getAttribute('dir')).to.equal('ltr');
      expect(question(poll).hasAttribute('lang'), 'the question is in the language shown').to.equal(false);
      // The results come with the poll's state (decisions §58).
      await waitUntil(() => shadowText(poll).includes('Pausar resultados ao vivo'), `the results in Portuguese, not: ${shadowText(poll)}`, {
        timeout: 4000,
      });
    }
  });

  it('an unshipped language (sv, sv-FI) shows English and says "en"; the question and options keep the page’s sv', async () => {
    for (const tag of ['sv', 'sv-FI']) {
      const poll = await pollIn(tag);
      await expectVote(poll, 'Vote');
      expect(base(poll).getAttribute('lang'), 'a screen reader reads our English as English').to.equal('en');
      expect(question(poll).getAttribute('lang'), 'the author’s question stays Swedish').to.equal(tag);
      expect(optionLabel(poll).getAttribute('lang')).to.equal(tag);
    }
  });

  it('dates and relative times follow the language shown: English for sv, Japanese for ja', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('fb-thread');
    await seed(hub, room, { id: 'sam', name: 'Sam Okafor', role: 'participant' }, [{ type: 'post', data: { body: 'Hej allihop' } }]);
    const now = (lang: string) => new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'long' }).format(0, 'second');
    for (const [lang, shown] of [
      ['sv', 'en'],
      ['ja', 'ja'],
    ] as const) {
      const { thread } = await threadOnHub(
        hub,
        room,
        { id: `reader-${lang}` },
        html`<pk-discussion-thread lang=${lang} thread-id="t"></pk-discussion-thread>`,
      );
      await thread.localeReady;
      const el = thread as PkDiscussionThread;
      await waitUntil(() => el.shadowRoot!.querySelector('article time'), 'the post shows');
      expect(el.shadowRoot!.querySelector('article time')!.textContent!.trim(), lang).to.equal(now(shown));
      expect(base(el).getAttribute('lang')).to.equal(shown);
      const body = el.shadowRoot!.querySelector('[part~=post-body]')!;
      // The post is the participants' text: in the page's language whatever we show.
      if (shown !== lang) expect(body.getAttribute('lang')).to.equal(lang);
      else expect(body.hasAttribute('lang')).to.equal(false);
    }
    expect(now('sv'), 'the check tells the languages apart').to.not.equal(now('en'));
  });

  it('a right-to-left language we do not ship does not turn the English widget right-to-left; a dir on the element still does', async () => {
    const wrap = await mount<HTMLElement>(
      html`<div lang="he" dir="rtl"><pk-pulse-poll poll-id=${`fb-${n++}`} question="מה שלומכם?"><option value="a">טוב</option></pk-pulse-poll></div>`,
    );
    const poll = wrap.querySelector('pk-pulse-poll') as PkPulsePoll;
    await expectVote(poll, 'Vote');
    expect(base(poll).getAttribute('lang')).to.equal('en');
    expect(base(poll).getAttribute('dir')).to.equal('ltr');
    expect(getComputedStyle(base(poll)).direction).to.equal('ltr');
    expect(question(poll).getAttribute('lang')).to.equal('he');
    poll.setAttribute('dir', 'rtl');
    await waitUntil(() => base(poll).getAttribute('dir') === 'rtl', 'the element’s own dir applies');
  });

  it('when only the browser asks for a language we lack, English shows and the author’s text is marked unknown', async () => {
    htmlEl.removeAttribute('lang');
    Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'sv-SE' });
    try {
      const wrap = await mount<HTMLElement>(
        html`<div><pk-pulse-poll poll-id=${`fb-${n++}`} question="Q?"><option value="a">A</option></pk-pulse-poll></div>`,
      );
      const poll = wrap.querySelector('pk-pulse-poll') as PkPulsePoll;
      await expectVote(poll, 'Vote');
      expect(base(poll).getAttribute('lang')).to.equal('en');
      expect(question(poll).getAttribute('lang'), 'the page never said which language it is').to.equal('');
    } finally {
      delete (navigator as unknown as Record<string, unknown>).language;
    }
  });

  it('a lang that is not a language tag is warned about once and shows English', async () => {
    const { value: poll, warned } = await withWarnings(async () => {
      const poll = await pollIn('en US');
      await pollIn('en US');
      return poll;
    });
    await expectVote(poll, 'Vote');
    expect(base(poll).getAttribute('lang')).to.equal('en');
    expect(warned.filter((w) => /lang="en US" is not a BCP 47 language tag/.test(w))).to.have.length(1);
  });
});

describe('registerStrings: hosts add a language or override strings', () => {
  it('adds a language: the widget on the page switches to it, lang says it, keys left out come from English', async () => {
    const poll = await pollIn('nb');
    await expectVote(poll, 'Vote');
    expect(base(poll).getAttribute('lang')).to.equal('en');
    registerStrings('pulse-poll', 'nb', {
      pollVote: 'Stem',
      pollResults: 'Resultater',
      pollVotes: (p, f) => f.plural(p.n, { one: '# stemme', other: '# stemmer' }),
    });
    await expectVote(poll, 'Stem');
    expect(base(poll).getAttribute('lang')).to.equal('nb');
    expect(question(poll).hasAttribute('lang'), 'the page’s language is shown now').to.equal(false);
    expect(shadowText(poll), 'a key the host left out').to.contain('Pause live results');
    const nbNO = await pollIn('nb-NO');
    await expectVote(nbNO, 'Stem');
    expect(base(nbNO).getAttribute('lang')).to.equal('nb-NO');
  });

  it('a loader keeps the strings lazy: it runs once, when the first element needs that language', async () => {
    let calls = 0;
    registerStrings('pulse-poll', 'fi', async () => {
      calls++;
      return { pollVote: 'Äänestä' };
    });
    await pollIn('en');
    await pollIn('nl');
    expect(calls, 'no Finnish element yet').to.equal(0);
    await expectVote(await pollIn('fi'), 'Äänestä');
    await expectVote(await pollIn('fi-FI'), 'Äänestä');
    expect(calls).to.equal(1);
  });

  it('layers over the languages we ship: pt-PT overrides sit on pt, which sits on English; pt-BR is untouched', async () => {
    registerStrings('pulse-poll', 'pt-PT', { pollVote: 'Votar já' });
    const ptPT = await pollIn('pt-PT');
    await expectVote(ptPT, 'Votar já');
    // The results come with the poll's state (decisions §58): the rest is the shipped Portuguese.
    await waitUntil(() => shadowText(ptPT).includes('Pausar resultados ao vivo'), `the shipped Portuguese, not: ${shadowText(ptPT)}`, {
      timeout: 4000,
    });
    expect(base(ptPT).getAttribute('lang')).to.equal('pt-PT');
    await expectVote(await pollIn('pt-BR'), 'Votar');
  });

  it('overrides one element through a private-use tag (lang="en-x-short"): English around it is untouched', async () => {
    registerStrings('pulse-poll', 'en-x-short', { pollVote: 'Go' });
    const short = await pollIn('en-x-short');
    await expectVote(short, 'Go');
    expect(base(short).getAttribute('lang')).to.equal('en-x-short');
    await expectVote(await pollIn('en'), 'Vote');
  });

  it('core strings apply in every widget, the widget’s own win over them, and they do not add a language alone', async () => {
    registerStrings('core', 'is', { dismiss: 'Loka', statusConnecting: 'Tengist…' });
    registerStrings('engagement-meter', 'is', { meterRaiseHand: 'Rétta upp hönd', dismiss: 'Loka glugga' });
    const meter = (await loadCatalog(meterStrings, 'is')) as unknown as Record<string, string>;
    expect(meter.meterRaiseHand).to.equal('Rétta upp hönd');
    expect(meter.statusConnecting).to.equal('Tengist…');
    expect(meter.dismiss, 'the widget’s registration wins').to.equal('Loka glugga');
    expect(meter.meterNoState, 'a key nobody gave').to.equal('You have not set a state.');
    const poll = (await loadCatalog(pollStrings, 'is')) as unknown as Record<string, string>;
    expect(poll.pollVote, 'no Icelandic poll strings: English').to.equal('Vote');
    expect(poll.dismiss, 'so the poll stays all English').to.equal('Dismiss');
  });

  it('the poll’s facilitator controls take the registered strings too', async () => {
    registerStrings('pulse-poll', 'da', { pollVote: 'Stem', pollOpen: 'Åbn afstemning', pollClose: 'Luk afstemning' });
    const { poll } = await pollOnHub(
      new MemoryHub(),
      uniqueRoom('fb-da'),
      { id: 'fay', role: 'facilitator' },
      html`<pk-pulse-poll lang="da" poll-id="q" draft question="Hvordan går det?"><option value="a">Godt</option></pk-pulse-poll>`,
    );
    await waitUntil(() => /Åbn afstemning/.test(shadowText(poll)), `Danish controls in: ${shadowText(poll)}`, { timeout: 5000 });
    expect(shadowText(poll), 'keys left out: English').to.contain('Reveal results');
  });

  it('the meter’s and the thread’s facilitator views take the registered strings too, a counted message included', async () => {
    registerStrings('engagement-meter', 'da', { meterPulse: 'Holdets puls', meterHands: (p, f) => `Rakte hænder: ${f.num(p.n)}` });
    registerStrings('discussion-thread', 'da', { threadModeration: 'Værktøjer', threadPin: 'Fastgør' });
    const hub = new MemoryHub();
    const room = uniqueRoom('fb-da-staff');
    const fay = { id: 'fay', role: 'facilitator' } as const;
    const { el: meter } = await widgetOnHub<PkEngagementMeter>(
      hub,
      room,
      fay,
      html`<pk-engagement-meter lang="da" meter-id="m"></pk-engagement-meter>`,
      'pk-engagement-meter',
    );
    await waitUntil(() => /Holdets puls/.test(shadowText(meter)), `Danish pulse in: ${shadowText(meter)}`, { timeout: 5000 });
    expect(shadowText(meter)).to.contain('Rakte hænder: 0');
    expect(shadowText(meter), 'keys left out: English').to.contain('Timeline');
    await seed(hub, room, { id: 'sam', name: 'Sam', role: 'participant' }, [{ type: 'post', data: { body: 'Hej' } }]);
    const { thread } = await threadOnHub(hub, room, fay, html`<pk-discussion-thread lang="da" thread-id="t"></pk-discussion-thread>`);
    const tools = () => shadowText(thread);
    await waitUntil(() => /Værktøjer/.test(tools()) && /Fastgør/.test(tools()), `Danish tools in: ${tools()}`, { timeout: 5000 });
    expect(tools(), 'keys left out: English').to.contain('Hide');
  });

  it('bad input: a tag that is not one throws; a message of the wrong kind or a failing loader is warned about and changes nothing', async () => {
    expect(() => registerStrings('pulse-poll', 'not a tag', {})).to.throw(TypeError, /"not a tag" is not a BCP 47 language tag/);
    expect(() => registerStrings('pulse-poll', 'cy', 'Pleidleisio' as never)).to.throw(TypeError, /give an object of strings/);
    const { value, warned } = await withWarnings(async () => {
      // A JavaScript host can pass anything: a counted message given as a plain string.
      registerStrings('pulse-poll', 'et', { pollVote: 'Hääleta', pollVotes: 'häält' as never });
      registerStrings('pulse-poll', 'lt', async () => {
        throw new Error('404');
      });
      const et = await pollIn('et');
      const lt = await pollIn('lt');
      return { et, lt };
    });
    await expectVote(value.et, 'Hääleta');
    const et = (await loadCatalog(pollStrings, 'et')) as unknown as Record<string, unknown>;
    expect(typeof et.pollVotes, 'the built-in counted message stays').to.equal('function');
    expect(warned.join('\n')).to.match(/registerStrings\('pulse-poll', 'et'\): "pollVotes" must be a function/);
    await expectVote(value.lt, 'Vote');
    expect(base(value.lt).getAttribute('lang'), 'the failed language is not claimed').to.equal('en');
    expect(warned.join('\n')).to.match(/registerStrings\('pulse-poll', 'lt'\): could not load the strings/);
  });
});

/** Never called: the type checker (npm test's tsc step) must reject the marked lines. */
export function registerStringsTypes(): void {
  // @ts-expect-error not a key of the poll's strings
  registerStrings('pulse-poll', 'sv', { pollVoet: 'Rösta' });
  // @ts-expect-error a counted message takes (params, fmt) and returns a string
  registerStrings('pulse-poll', 'sv', { pollVotes: 'röster' });
  // @ts-expect-error no such widget
  registerStrings('pulse-pol', 'sv', {});
  registerStrings('pulse-poll', 'sv', { pollVotes: (p, f) => f.plural(p.n, { one: '# röst', other: '# röster' }), pollOpen: 'Öppna' });
  registerStrings('session-survey', 'sv', async () => ({ surveyResults: 'Resultat' }));
}
