// A survey builds a number formatter only when its form shows a number (#18, decisions §59): the
// page's first Intl.NumberFormat costs 15-30 ms here (ICU data), as much as the rest of the form's
// own rendering, and a form of text and choice questions on one page shows no number at all.
import { expect, html } from '@open-wc/testing';
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
  it('a one-page form without numbers builds no NumberFormat; stars build one when shown', async () => {
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

      el.definition = { ...WORDS_ONLY, questions: [...WORDS_ONLY.questions, { id: 'overall', type: 'rating', title: 'Overall' }] };
      await el.updateComplete;
      expect($$(el, '#q-overall .star .visually-hidden')[0]!.textContent).to.equal('1 star out of 5');
      expect(built).to.be.above(0);
    } finally {
      Intl.NumberFormat = Original;
    }
  });
});
