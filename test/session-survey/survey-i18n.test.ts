// The results view's strings (a catalog of their own, loaded with that view): every locale has every
// English key with the same kind, and counted messages give complete sentences.
import { expect } from '@open-wc/testing';
import { resultsStrings } from '../../src/components/session-survey/i18n/results.js';
import { loadCatalog, SHIPPED_LOCALES } from '../../src/core/i18n/catalogs.js';
import { fmtFor } from '../../src/core/i18n/format.js';

type Catalog = Record<string, string | ((p: unknown, f: ReturnType<typeof fmtFor>) => string)>;
const COUNTED = [
  'surveyResponses',
  'surveyRatePresent',
  'surveyRateInvited',
  'surveyAnswers',
  'surveyPromoters',
  'surveyPassives',
  'surveyDetractors',
  'queued',
];
const TEXTUAL = ['surveyAverage', 'surveyNps', 'errGeneric'];

describe('survey results strings', () => {
  const en = resultsStrings.en as unknown as Catalog;

  it('ships every locale', () => {
    expect(['en', ...resultsStrings.shipped.keys()].sort()).to.deep.equal([...SHIPPED_LOCALES].sort());
  });

  it('every function message is covered by this test', () => {
    expect(Object.keys(en).filter((k) => typeof en[k] === 'function' && !COUNTED.includes(k) && !TEXTUAL.includes(k))).to.deep.equal([]);
  });

  for (const locale of SHIPPED_LOCALES) {
    it(`${locale}: every English key, same kind, nothing extra; counted messages show the count`, async () => {
      const catalog = (await loadCatalog(resultsStrings, locale)) as unknown as Catalog;
      if (locale !== 'en') expect(catalog, `${locale} fell back to English`).to.not.equal(en);
      expect(Object.keys(catalog).sort()).to.deep.equal(Object.keys(en).sort());
      const f = fmtFor(locale);
      for (const [key, msg] of Object.entries(catalog)) {
        expect(typeof msg, `${locale}.${key} kind`).to.equal(typeof en[key]);
        for (const n of [0, 1, 2, 3, 11, 100]) {
          const out = typeof msg === 'function' ? msg({ n, m: n + 5, value: '4', message: 'MessageX' }, f) : msg;
          const where = `${locale}.${key}(n=${n}) = "${out}"`;
          expect(out.trim(), where).to.not.equal('');
          expect(out, where).to.not.match(/undefined|NaN|\[object|#/);
          if (COUNTED.includes(key) && n > 2) expect(out, where).to.contain(f.num(n));
          if (TEXTUAL.includes(key)) expect(out, where).to.match(/4|MessageX/);
        }
      }
    });
  }
});
