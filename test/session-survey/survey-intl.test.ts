// A survey builds a number formatter only when its form shows a number that needs one (#18,
// decisions §59, §63): the page's first Intl.NumberFormat costs 15-30 ms here (ICU data), as much as
// the rest of the form's own rendering. A form of text and choice questions shows no number at all,
// and the stars' "1 star out of 5" in a Latin-digit language is ASCII digits; in Arabic the stars
// still ask ICU for the region's digits.
import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import type { SurveyDefinitionInput } from '../../src/components/session-survey/survey-types.js';
import { uniqueRoom } from '../support.js';
import { $$, surveyOnHub } from './survey-support.js';

const WORDS_ONLY: SurveyDefinitionInput = {
  title: 'Day 1',
  questions: [
    { id: 'name', type: 'text', title: 'What should we call you?' },
    { id: 'pace', type: 'single', title: 'The pace was', options: ['Too slow', 'Right', 'Too fast'] },
    { id: 'why', type: 'longtext', title: 'What should we improve?', required: true },
  ],
};

describe('<pk-session-survey> number formatting (#18)', () => {
  it('a one-page form without numbers builds no NumberFormat, nor do English stars; Arabic stars do', async () => {
    // Counts constructions only (a subclass, so formatters keep working). This file is its own
    // page: no formatter was built before this test.
    const Original = Intl.NumberFormat;
    let built = 0;
    Intl.NumberFormat = class extends Original {
      constructor(...args: ConstructorParameters<typeof Intl.NumberFormat>) {
        super(...args);
        built++;
      }
    } as typeof Intl.NumberFormat;
    try {
      const { el } = await surveyOnHub(
        new MemoryHub(),
        uniqueRoom('intl'),
        { id: 'pia' },
        html`<pk-session-survey survey-id="s" .definition=${WORDS_ONLY}></pk-session-survey>`,
      );
      expect($$(el, '[part~=question]')).to.have.length(3);
      expect(built, 'NumberFormats built for a form without numbers').to.equal(0);

      const withStars = { ...WORDS_ONLY, questions: [...WORDS_ONLY.questions, { id: 'overall', type: 'rating', title: 'Overall' }] };
      el.definition = withStars as SurveyDefinitionInput;
      await el.updateComplete;
      expect($$(el, '#q-overall .star .visually-hidden')[0]!.textContent).to.equal('1 star out of 5');
      expect(built, 'NumberFormats built for "1 star out of 5"').to.equal(0);

      // Egyptian Arabic writes Arabic-Indic digits (ICU's answer, not a table of ours).
      el.setAttribute('lang', 'ar-EG');
      await waitUntil(() => $$(el, '#q-overall .star .visually-hidden')[0]?.textContent?.includes('٥'), 'the stars speak Arabic', {
        timeout: 8000,
      });
      expect(built).to.be.above(0);
    } finally {
      Intl.NumberFormat = Original;
    }
  });
});
