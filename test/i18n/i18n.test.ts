// Catalog parity, language and direction resolution, Intl formatting, as users see them rendered.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import { meterStrings } from '../../src/components/engagement-meter/i18n/index.js';
import { staffStrings as meterStaffStrings } from '../../src/components/engagement-meter/i18n/staff.js';
import { controlsStrings } from '../../src/components/pulse-poll/i18n/controls.js';
import { pollStrings } from '../../src/components/pulse-poll/i18n/index.js';
import { surveyStrings } from '../../src/components/session-survey/i18n/index.js';
import { resultsStrings } from '../../src/components/session-survey/i18n/results.js';
import { threadStrings } from '../../src/components/discussion-thread/i18n/index.js';
import { staffStrings as threadStaffStrings } from '../../src/components/discussion-thread/i18n/staff.js';
import { reportStrings } from '../../src/components/session-report/i18n/index.js';
import { helpStrings } from '../../src/components/help-button/i18n/index.js';
import { consoleStrings } from '../../src/components/producer-console/i18n/index.js';
import { noticesStrings } from '../../src/components/notices/notices-strings.js';
import { loadCatalog, SHIPPED_LOCALES, type Strings } from '../../src/core/i18n/catalogs.js';
import { fmtFor, type Fmt } from '../../src/core/i18n/format.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { mount, pollOnHub, shadowText, uniqueRoom } from '../support.js';

type Msg = string | ((p: unknown, f: Fmt) => string);
type Catalog = Record<string, Msg>;
/** Every catalog each widget ships (each merged with the core's but the staff-only ones: the poll's controls, the meter's staff
 * strings, the thread's facilitator tools), as shipped. */
const WIDGETS: Record<string, Strings<object>> = {
  poll: pollStrings,
  'poll controls': controlsStrings,
  meter: meterStrings,
  'meter staff': meterStaffStrings,
  survey: surveyStrings,
  'survey results': resultsStrings,
  thread: threadStrings,
  'thread facilitator tools': threadStaffStrings,
  report: reportStrings,
  'help button': helpStrings,
  'producer console': consoleStrings,
  notices: noticesStrings,
};
/** Languages a catalog ships: bundled English, and the others (lazy, or bundled with it). */
const shippedBy = (s: Strings<object>) => ['en', ...s.shipped.keys()].sort();
/** Plural categories a language has (CLDR, through Chromium's Intl.PluralRules). */
const categories = (locale: string) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories.slice().sort();
/** Formatting for `locale` that records the forms each plural call offers. */
function spyFmt(locale: string, calls: string[][]): Fmt {
  const f = fmtFor(locale);
  return { ...f, plural: (n, forms) => (calls.push(Object.keys(forms).sort()), f.plural(n, forms)) };
}
// 1,000,000 reaches the `many` form of French, Spanish and Portuguese; 11 Arabic's.
const SAMPLES = [0, 1, 2, 3, 11, 100, 1_000_000];
/** Messages that take a count, and the param carrying it. */
const COUNTED: Record<string, 'n' | 'minutes'> = {
  queued: 'n',
  pollChooseUpTo: 'n',
  pollAnswerN: 'n',
  pollAnswerUpTo: 'n',
  pollResponded: 'n',
  pollRespondedOf: 'n',
  pollVotes: 'n',
  pollRound: 'n',
  pollStartTimer: 'minutes',
  // <pk-engagement-meter>
  meterExpiresIn: 'minutes',
  meterHandPosition: 'n',
  meterPresent: 'n',
  meterBase: 'n',
  meterIndex: 'n',
  meterHidden: 'n',
  meterCount: 'n',
  meterHands: 'n',
  meterHandAnon: 'n',
  meterHandsAnnounce: 'n',
  // <pk-session-survey>
  surveyPageOf: 'n',
  surveyFixErrors: 'n',
  surveyErrMinChoices: 'n',
  surveyErrMaxChoices: 'n',
  surveyErrMinLength: 'n',
  surveyErrMaxLength: 'n',
  surveyStars: 'n',
  surveyChooseUpTo: 'n',
  surveyRatePresent: 'n',
  surveyRateInvited: 'n',
  surveyAnswers: 'n',
  surveyPromoters: 'n',
  surveyPassives: 'n',
  surveyDetractors: 'n',
  // the survey's results view
  surveyResponses: 'n',
  // <pk-discussion-thread>
  threadCount: 'n',
  threadCharsLeft: 'n',
  threadCharsOver: 'n',
  threadUpvotes: 'n',
  threadReactionCount: 'n',
  threadNewPosts: 'n',
  threadNewPostsAnnounce: 'n',
  threadShownAnnounce: 'n',
  // <pk-session-report>
  reportPresentBase: 'n',
  reportAtLeast: 'n',
  reportRound: 'n',
  reportRoundNow: 'n',
  reportResponded: 'n',
  reportResponseRate: 'n',
  reportResponsesOnly: 'n',
  reportUpvotes: 'n',
  pollQuorumCount: 'n',
  // <pk-help-button>, <pk-producer-console>
  helpTextHint: 'n',
  consolePeopleCount: 'n',
  consoleMore: 'n',
};
/** Messages that take text params. */
const TEXTUAL = [
  'pollYourVote',
  'pollClosesIn',
  'pollStartTimerExact',
  'pollAnnounce',
  'pollScaleChoice',
  'errGeneric',
  'pollClosingSoon',
  'pollMoreTime',
  'pollMoreTimeGiven',
  'pollUnsent',
  'pollQuorumShare',
];
// <pk-engagement-meter>
TEXTUAL.push(
  'meterYourState',
  'meterReactionSent',
  'meterAlert',
  'meterAlertEnded',
  'meterSparkTitle',
  'meterSparkNow',
  'meterLegendShare',
  'meterWaiting',
  'meterLowerHand',
);
// <pk-session-survey>
// <pk-discussion-thread>
TEXTUAL.push('threadReplyLabel', 'threadInReplyTo', 'threadPostLabel', 'threadMention');
TEXTUAL.push('surveyMoveUp', 'surveyMoveDown', 'surveyMoved', 'surveyAverage', 'surveyNps');
// <pk-session-report>
TEXTUAL.push('reportAttendanceSince', 'reportIndexSummary', 'reportCsv', 'reportDownloaded');
// <pk-help-button>, <pk-producer-console>
TEXTUAL.push('helpStatusAcknowledged', 'helpReplyFrom', 'consoleAsked', 'consoleHandledBy', 'consoleGone');
// <pk-notices> and every widget's notice strip
TEXTUAL.push('noticeUntil', 'noticeSaid', 'noticeWithdrawNamed');
const REPORT_PARAMS = { table: 'TableX', file: 'FileX', rate: '40 %', min: 2, max: 9, last: 4 };
const METER_PARAMS = {
  name: 'NameX',
  state: 'StateX',
  reaction: 'ReactionX',
  percent: '40 %',
  threshold: '33 %',
  index: '58',
  share: '25 %',
  who: 'WhoX',
};

const params = (n: number) => ({
  n,
  m: n + 5,
  minutes: n,
  choice: 'ChoiceX',
  time: '1:05',
  summary: 'SummaryX',
  value: '4',
  message: 'MessageX',
  text: 'TextX',
  ...METER_PARAMS,
  ...REPORT_PARAMS,
});

const VOTE = { en: 'Vote', nl: 'Stemmen', ar: 'صوّت' } as const;
let pollN = 0;
const pollTpl = () =>
  html`<pk-pulse-poll poll-id=${`i18n-${Date.now().toString(36)}-${pollN++}`} question="Q?"><option value="a">A</option><option value="b">B</option></pk-pulse-poll>`;

/** The poll's submit button text, once rendered. */
const submitText = (poll: PkPulsePoll): string => poll.shadowRoot?.querySelector('button[type=submit]')?.textContent?.trim() ?? '';
const base = (poll: PkPulsePoll): HTMLElement => poll.shadowRoot!.querySelector('[part~=base]') as HTMLElement;

async function expectLanguage(poll: PkPulsePoll, lang: keyof typeof VOTE): Promise<void> {
  await waitUntil(() => submitText(poll) === VOTE[lang], `expected the ${lang} button "${VOTE[lang]}", got "${submitText(poll)}"`, {
    timeout: 4000,
  });
}

describe('i18n', () => {
  const htmlEl = document.documentElement;
  let savedLang: string | null;
  let savedDir: string | null;
  beforeEach(() => {
    savedLang = htmlEl.getAttribute('lang');
    savedDir = htmlEl.getAttribute('dir');
    htmlEl.setAttribute('lang', 'en');
    htmlEl.removeAttribute('dir');
  });
  afterEach(() => {
    if (savedLang === null) htmlEl.removeAttribute('lang');
    else htmlEl.setAttribute('lang', savedLang);
    if (savedDir === null) htmlEl.removeAttribute('dir');
    else htmlEl.setAttribute('dir', savedDir);
  });

  describe('catalogs', () => {
    /** A widget's catalog in a language, loaded as a page would load it. */
    const load = async (strings: Strings<object>, locale: string) => (await loadCatalog(strings, locale)) as Catalog;

    for (const [widget, strings] of Object.entries(WIDGETS)) {
      it(`${widget}: ships every locale (${SHIPPED_LOCALES.join(', ')})`, () => {
        expect(shippedBy(strings)).to.deep.equal([...SHIPPED_LOCALES].sort());
      });

      for (const locale of SHIPPED_LOCALES.filter((l) => l !== 'en')) {
        it(`${widget}: ${locale} has every English key, with the same kind, and nothing extra`, async () => {
          const en = strings.en as Catalog;
          const catalog = await load(strings, locale);
          expect(catalog, `${locale} fell back to English`).to.not.equal(en);
          for (const key of Object.keys(en)) {
            expect(catalog, `${locale} misses ${key}`).to.have.own.property(key);
            expect(typeof catalog[key], `${locale}.${key} kind`).to.equal(typeof en[key]);
            if (typeof catalog[key] === 'string') expect((catalog[key] as string).trim(), `${locale}.${key} is empty`).to.not.equal('');
          }
          expect(
            Object.keys(catalog).filter((k) => !(k in en)),
            `${locale} keys English does not have`,
          ).to.deep.equal([]);
        });
      }

      it(`${widget}: every function message is covered by this test (a new one needs sample params here)`, () => {
        const en = strings.en as Catalog;
        const fns = Object.keys(en).filter((k) => typeof en[k] === 'function');
        expect(fns.filter((k) => !(k in COUNTED) && !TEXTUAL.includes(k))).to.deep.equal([]);
      });

      for (const locale of SHIPPED_LOCALES) {
        it(`${widget}: ${locale}: every function message gives a complete sentence for n = ${SAMPLES.join(', ')}`, async () => {
          const f = fmtFor(locale);
          const catalog = await load(strings, locale);
          for (const key of Object.keys(catalog)) {
            const msg = catalog[key];
            if (typeof msg !== 'function') continue;
            for (const n of SAMPLES) {
              const out = msg(params(n), f);
              const where = `${locale}.${key}(n=${n}) = "${out}"`;
              expect(out, where).to.be.a('string');
              expect(out.trim(), where).to.not.equal('');
              expect(out, where).to.not.match(/undefined|NaN|\[object|#/);
              const countParam = COUNTED[key];
              // Plural categories without a number word (Arabic zero/one/two) may spell the count out;
              // for the others the count must appear, formatted in the locale's digits.
              if (countParam && ![0, 1, 2].includes(n)) expect(out, where).to.contain(f.num(n));
              if (TEXTUAL.includes(key))
                expect(out, where).to.match(/ChoiceX|1:05|SummaryX|4|MessageX|StateX|ReactionX|WhoX|NameX|TableX|FileX|TextX/);
            }
          }
        });
      }

      for (const locale of SHIPPED_LOCALES) {
        it(`${widget}: ${locale}: every plural gives exactly the forms ${locale} has (${categories(locale).join(', ')})`, async () => {
          const want = categories(locale);
          const catalog = await load(strings, locale);
          for (const [key, msg] of Object.entries(catalog)) {
            if (typeof msg !== 'function') continue;
            for (const n of SAMPLES) {
              const calls: string[][] = [];
              msg(params(n), spyFmt(locale, calls));
              // A missing form falls back to `other` (wrong words: Arabic 11 takes "many"); an extra
              // one is never chosen, so it is a translation that silently does nothing.
              for (const forms of calls) expect(forms, `${locale}.${key}(n=${n}) plural forms`).to.deep.equal(want);
            }
          }
        });
      }
    }
  });

  describe('language resolution on <pk-pulse-poll>', () => {
    it('the element’s own lang wins over ancestors and the document', async () => {
      htmlEl.setAttribute('lang', 'ar');
      const wrap = await mount(html`<div lang="ar"><section lang="ar">${pollTpl()}</section></div>`);
      const poll = wrap.querySelector('pk-pulse-poll') as PkPulsePoll;
      await expectLanguage(poll, 'ar');

      const own = await mount(
        html`<div lang="ar"><pk-pulse-poll lang="nl" poll-id=${`own-${pollN++}`} question="Q?"><option value="a">A</option></pk-pulse-poll></div>`,
      );
      const ownPoll = own.querySelector('pk-pulse-poll') as PkPulsePoll;
      await expectLanguage(ownPoll, 'nl');
      expect(base(ownPoll).getAttribute('lang')).to.equal('nl');
      expect(base(ownPoll).getAttribute('dir')).to.equal('ltr');
    });

    it('then the closest [lang] ancestor, over the document', async () => {
      htmlEl.setAttribute('lang', 'ar');
      const wrap = await mount(html`<div lang="ar"><section lang="nl"><p>${pollTpl()}</p></section></div>`);
      await expectLanguage(wrap.querySelector('pk-pulse-poll') as PkPulsePoll, 'nl');
    });

    it('the closest [lang] is found across a shadow root (the host’s lang applies inside it)', async () => {
      htmlEl.setAttribute('lang', 'ar');
      const outer = await mount<HTMLElement>(html`<div lang="ar"><div class="host" lang="nl"></div></div>`);
      const host = outer.querySelector('.host') as HTMLElement;
      const root = host.attachShadow({ mode: 'open' });
      const inner = document.createElement('div');
      root.append(inner);
      const poll = document.createElement('pk-pulse-poll') as PkPulsePoll;
      poll.pollId = `shadow-${pollN++}`;
      poll.question = 'Q?';
      poll.innerHTML = '<option value="a">A</option>';
      inner.append(poll);
      await expectLanguage(poll, 'nl');

      // With no lang on the host itself, the search continues to the host's own ancestors.
      const outer2 = await mount<HTMLElement>(html`<div lang="nl"><div class="host"></div></div>`);
      const root2 = (outer2.querySelector('.host') as HTMLElement).attachShadow({ mode: 'open' });
      const poll2 = document.createElement('pk-pulse-poll') as PkPulsePoll;
      poll2.pollId = `shadow-${pollN++}`;
      poll2.question = 'Q?';
      poll2.innerHTML = '<option value="a">A</option>';
      root2.append(poll2);
      await expectLanguage(poll2, 'nl');
    });

    it('then the document’s <html lang>', async () => {
      htmlEl.setAttribute('lang', 'nl');
      const poll = await fixture<PkPulsePoll>(pollTpl());
      await expectLanguage(poll, 'nl');
      htmlEl.setAttribute('lang', 'ar');
      const poll2 = await fixture<PkPulsePoll>(pollTpl());
      await expectLanguage(poll2, 'ar');
    });

    it('then navigator.language when nothing on the page says', async () => {
      htmlEl.removeAttribute('lang');
      // The browser's language is an input of the page; set it for this test, then restore it.
      Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'nl-NL' });
      try {
        const poll = await fixture<PkPulsePoll>(pollTpl());
        await expectLanguage(poll, 'nl');
        expect(base(poll).getAttribute('lang')).to.equal('nl-NL');
      } finally {
        delete (navigator as unknown as Record<string, unknown>).language;
      }
      expect(navigator.language).to.not.equal('nl-NL');
    });

    it('a regional tag uses its base language (nl-BE → Dutch)', async () => {
      const poll = await mount<PkPulsePoll>(html`<div lang="nl-BE">${pollTpl()}</div>`).then(
        (d) => d.querySelector('pk-pulse-poll') as PkPulsePoll,
      );
      await expectLanguage(poll, 'nl');
    });

    it('an unknown language falls back to English, without errors', async () => {
      const errors: unknown[] = [];
      const orig = console.warn;
      console.warn = (...a: unknown[]) => void errors.push(a);
      try {
        htmlEl.setAttribute('lang', 'xx');
        const poll = await fixture<PkPulsePoll>(pollTpl());
        await poll.localeReady;
        await poll.updateComplete;
        await expectLanguage(poll, 'en');
        expect(shadowText(poll)).to.not.match(/undefined/);
        expect(base(poll).getAttribute('dir')).to.equal('ltr');
      } finally {
        console.warn = orig;
      }
      expect(errors).to.deep.equal([]);
    });

    it('changing <html lang> at runtime re-renders in the new language and direction', async () => {
      const poll = await fixture<PkPulsePoll>(pollTpl());
      await expectLanguage(poll, 'en');
      expect(base(poll).getAttribute('dir')).to.equal('ltr');
      htmlEl.setAttribute('lang', 'nl');
      await expectLanguage(poll, 'nl');
      htmlEl.setAttribute('lang', 'ar');
      await expectLanguage(poll, 'ar');
      await waitUntil(() => base(poll).getAttribute('dir') === 'rtl', 'the poll turns right-to-left');
      htmlEl.setAttribute('lang', 'en');
      await expectLanguage(poll, 'en');
      expect(base(poll).getAttribute('dir')).to.equal('ltr');
    });

    // Language switchers and framework bindings set `lang` on the element or a wrapper at runtime.
    it('changing the element’s own lang, or an ancestor’s, at runtime re-renders in that language', async () => {
      const wrap = await mount<HTMLElement>(html`<div>${pollTpl()}</div>`);
      const poll = wrap.querySelector('pk-pulse-poll') as PkPulsePoll;
      await expectLanguage(poll, 'en');
      poll.setAttribute('lang', 'nl');
      await expectLanguage(poll, 'nl');
      poll.removeAttribute('lang');
      wrap.setAttribute('lang', 'ar');
      await expectLanguage(poll, 'ar');
      await waitUntil(() => base(poll).getAttribute('dir') === 'rtl', 'the poll turns right-to-left');
    });
  });

  describe('direction', () => {
    it('Arabic renders right-to-left', async () => {
      const poll = await mount<PkPulsePoll>(html`<div lang="ar">${pollTpl()}</div>`).then(
        (d) => d.querySelector('pk-pulse-poll') as PkPulsePoll,
      );
      await expectLanguage(poll, 'ar');
      expect(base(poll).getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(base(poll)).direction).to.equal('rtl');
    });

    it('an explicit ancestor dir="ltr" wins over the language’s direction', async () => {
      const poll = await mount<PkPulsePoll>(html`<div lang="ar" dir="ltr">${pollTpl()}</div>`).then(
        (d) => d.querySelector('pk-pulse-poll') as PkPulsePoll,
      );
      await expectLanguage(poll, 'ar');
      expect(base(poll).getAttribute('dir')).to.equal('ltr');
      expect(getComputedStyle(base(poll)).direction).to.equal('ltr');
    });

    it('an explicit dir="rtl" applies to a left-to-right language too', async () => {
      const poll = await mount<PkPulsePoll>(html`<div lang="en" dir="rtl">${pollTpl()}</div>`).then(
        (d) => d.querySelector('pk-pulse-poll') as PkPulsePoll,
      );
      await expectLanguage(poll, 'en');
      expect(base(poll).getAttribute('dir')).to.equal('rtl');
    });
  });

  describe('numbers use Intl for the language', () => {
    it('Arabic scale points and result figures use the digits Intl gives for the tag ("ar", "ar-EG")', async () => {
      const arPct = new Intl.NumberFormat('ar', { style: 'percent', maximumFractionDigits: 0 });
      // What Chromium's ICU gives decides the expectation, not an assumption here (plain "ar" has
      // Latin digits in current CLDR; "ar-EG" keeps Arabic-Indic ones).
      for (const lang of ['ar', 'ar-EG']) {
        const digits = [1, 2, 3, 4, 5].map((n) => new Intl.NumberFormat(lang).format(n));
        const usesArabicIndic = digits[0] !== '1';
        const scale = await mount<PkPulsePoll>(
          html`<div lang=${lang}><pk-pulse-poll poll-id=${`scale-${pollN++}`} question="كيف؟" kind="scale" min="1" max="5"></pk-pulse-poll></div>`,
        ).then((d) => d.querySelector('pk-pulse-poll') as PkPulsePoll);
        await expectLanguage(scale, 'ar');
        const labels = [...scale.shadowRoot!.querySelectorAll('.scale label span')].map((s) => s.textContent!.trim());
        expect(labels, lang).to.deep.equal(digits);
        if (usesArabicIndic) expect(labels.join(''), lang).to.not.match(/[0-9]/);
        const aria = [...scale.shadowRoot!.querySelectorAll('.scale input')].map((i) => i.getAttribute('aria-label'));
        expect(aria[2], lang).to.equal(`التقييم ${digits[2]}`);
      }

      // Results after a vote: the percentage comes from Intl's Arabic percent format.
      const hub = new MemoryHub();
      const { poll } = await pollOnHub(
        hub,
        uniqueRoom('ar'),
        { id: 'amal' },
        html`<pk-pulse-poll lang="ar" poll-id="q" question="سؤال"><option value="a">ألف</option><option value="b">باء</option></pk-pulse-poll>`,
      );
      await expectLanguage(poll, 'ar');
      await poll.vote(['a']);
      await waitUntil(() => shadowText(poll).includes('صوت واحد'), `Arabic vote count in: ${shadowText(poll)}`);
      expect(shadowText(poll)).to.contain(arPct.format(1));
      expect(shadowText(poll)).to.contain(arPct.format(0));
    });

    it('Dutch and English keep Latin digits and their own plural words', async () => {
      const hub = new MemoryHub();
      const room = uniqueRoom('nl');
      const { poll } = await pollOnHub(
        hub,
        room,
        { id: 'noor' },
        html`<pk-pulse-poll lang="nl" poll-id="q" question="Vraag"><option value="a">A</option><option value="b">B</option></pk-pulse-poll>`,
      );
      await expectLanguage(poll, 'nl');
      await poll.vote(['a']);
      await waitUntil(() => /1 reactie/.test(shadowText(poll)), `Dutch count in: ${shadowText(poll)}`);
      expect(shadowText(poll)).to.match(/A\s*1 stem · 100\s?%/);
      expect(shadowText(poll)).to.match(/B\s*0 stemmen · 0\s?%/);
    });
  });
});
