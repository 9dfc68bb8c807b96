// Small whole numbers in a Latin-digit language skip ICU (#18, decisions §63): the page's first
// Intl.NumberFormat costs about 15 ms. These tests hold that shortcut to ICU's own answers, in the
// browser that runs them, so a language wrongly listed (or a CLDR change) fails here and not on a
// participant's screen.
import { expect } from '@open-wc/testing';
import { fmtFor, LATIN_DIGIT_LANGUAGES } from '../../src/core/i18n/format.js';

/** Every two-letter region code, AA to ZZ: ICU answers for the ones it knows, the rest fall back to the language. */
const REGIONS = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));
/** Each digit, and the edges of the shortcut's range. */
const SMALL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 42, 99, 100, 305, 678, 999];

describe('small numbers in Latin-digit languages (#18)', () => {
  it('match Intl.NumberFormat for every listed language in every region', () => {
    const wrong: string[] = [];
    for (const lang of LATIN_DIGIT_LANGUAGES) {
      for (const locale of [lang, ...REGIONS.map((r) => `${lang}-${r}`)]) {
        const icu = new Intl.NumberFormat(locale);
        const f = fmtFor(locale);
        for (const n of SMALL) if (f.num(n) !== icu.format(n)) wrong.push(`${locale} ${n}: ${f.num(n)} ≠ ${icu.format(n)}`);
      }
    }
    expect(wrong, wrong.slice(0, 10).join('; ')).to.deep.equal([]);
  });

  it('leave everything else to ICU: other languages, a numbering system asked for, big, negative and fractional numbers', () => {
    const cases: [string, number][] = [
      ['ar-EG', 5],
      ['ar', 305],
      ['en-u-nu-arab', 5],
      ['en-US-u-nu-thai', 42],
      ['en', 1000],
      ['de', 12345],
      ['en', -3],
      ['en', -0],
      ['en', 2.5],
      ['fr', 0.75],
    ];
    for (const [locale, n] of cases) expect(fmtFor(locale).num(n), `${locale} ${n}`).to.equal(new Intl.NumberFormat(locale).format(n));
    // The cases above would pass with the shortcut everywhere if ICU printed ASCII for them: it does not.
    expect(fmtFor('ar-EG').num(5)).to.equal('٥');
    expect(fmtFor('en').num(1000)).to.equal('1,000');
  });

  it('plurals, durations and percents keep their language', () => {
    const en = fmtFor('en');
    expect(en.plural(1, { one: '# star', other: '# stars' })).to.equal('1 star');
    expect(en.plural(4, { one: '# star', other: '# stars' })).to.equal('4 stars');
    expect(en.duration(125)).to.equal('2:05');
    expect(fmtFor('ar-EG').duration(125)).to.equal('٢:٠٥');
    expect(fmtFor('fr').percent(0.5)).to.equal(new Intl.NumberFormat('fr', { style: 'percent' }).format(0.5));
  });
});
