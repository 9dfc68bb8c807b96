// Survey definitions (good ones, and a table of bad ones with the exact messages an author sees),
// answer checks, visibility, summaries and the CSV export.
import { expect } from '@open-wc/testing';
import { toCsv, csvCell } from '../../src/components/session-survey/survey-csv.js';
import {
  checkAnswer,
  checkAnswers,
  checkContext,
  checkLooseAnswers,
  parseDefinition,
  walk,
} from '../../src/components/session-survey/survey-schema.js';
import { summarize } from '../../src/components/session-survey/survey-stats.js';
import type { SurveyDefinition, SurveyQuestion, SurveyResponse } from '../../src/components/session-survey/survey-types.js';
import { FULL } from '../fixtures/survey-defs.js';

const def = (): SurveyDefinition => {
  const { definition, errors } = parseDefinition(FULL);
  expect(errors).to.deep.equal([]);
  return definition!;
};
const q = (id: string): SurveyQuestion =>
  def()
    .pages.flatMap((p) => p.questions)
    .find((x) => x.id === id)!;

/** The first error message for a definition. */
const firstError = (raw: unknown): string => parseDefinition(raw).errors[0]?.message ?? '(no error)';
const one = (question: Record<string, unknown>) => ({ title: 'T', questions: [question] });

/** One test per case: the definition is refused, and its first error is the message an author sees. */
function itRefuses(cases: Array<[name: string, raw: unknown, message: string]>): void {
  for (const [name, raw, message] of cases) {
    it(name, () => {
      const result = parseDefinition(raw);
      expect(result.definition, 'no definition is returned').to.equal(null);
      expect(result.errors[0].message).to.equal(message);
    });
  }
}

describe('survey definitions', () => {
  it('a definition with every question type is valid and normalized', () => {
    const d = def();
    expect(d.pages).to.have.length(2);
    expect(q('role').options).to.deep.equal([
      { value: 'Trainer', label: 'Trainer' },
      { value: 'lead', label: 'Team lead' },
    ]);
    expect(q('overall')).to.include({ min: 1, max: 5, style: 'stars' });
    expect(q('word').maxLength).to.equal(20);
    expect(q('why').maxLength).to.equal(2000);
    // Normalizing twice gives the same thing (published definitions are validated again).
    expect(parseDefinition(d).definition).to.deep.equal(d);
  });

  it('the questions shorthand makes one page', () => {
    const { definition } = parseDefinition({ title: 'Quick', questions: [{ id: 'a', type: 'nps', title: 'NPS?' }] });
    expect(definition!.pages).to.deep.equal([{ questions: [{ id: 'a', type: 'nps', title: 'NPS?' }] }]);
  });

  describe('bad definitions: each error names the question and field', () => {
    const cases: Array<[string, unknown, string]> = [
      ['not an object', [1, 2], 'Survey field "(definition)": must be a JSON object'],
      ['no title', { questions: [{ id: 'a', type: 'nps', title: 'Q' }] }, 'Survey field "title": must be a non-empty text'],
      ['no pages or questions', { title: 'T' }, 'Survey field "pages": is missing: give "pages" or "questions"'],
      ['both pages and questions', { title: 'T', pages: [], questions: [] }, 'Survey field "pages": give "pages" or "questions", not both'],
      [
        'unknown survey field',
        { title: 'T', questions: [{ id: 'a', type: 'nps', title: 'Q' }], alowEdit: true },
        'Survey field "alowEdit": is not a survey field; use title, description, pages, questions, allowEdit, anonymous, hidden, thankYou',
      ],
      [
        'allowEdit not boolean',
        { title: 'T', allowEdit: 'yes', questions: [{ id: 'a', type: 'nps', title: 'Q' }] },
        'Survey field "allowEdit": must be true or false',
      ],
      [
        'bad hidden field name',
        { title: 'T', hidden: { 'my field': 'x' }, questions: [{ id: 'a', type: 'nps', title: 'Q' }] },
        'Survey field "hidden.my field": must be 1-64 letters, digits, "_" or "-", starting with a letter',
      ],
      ['empty page', { title: 'T', pages: [{ questions: [] }] }, 'Page 1 field "questions": needs a list of 1 to 50 questions'],
      [
        'question not an object',
        one('nps' as unknown as Record<string, unknown>),
        'Question #1 field "(question)": must be an object with id, type and title',
      ],
      [
        'missing id',
        one({ type: 'nps', title: 'Q' }),
        'Question #1 field "id": must be 1-64 letters, digits, "_" or "-", starting with a letter',
      ],
      [
        'id with a space',
        one({ id: 'my q', type: 'nps', title: 'Q' }),
        'Question #1 field "id": must be 1-64 letters, digits, "_" or "-", starting with a letter',
      ],
      [
        'keyword id',
        one({ id: 'answered', type: 'nps', title: 'Q' }),
        'Question "answered" field "id": "answered" is a visibleIf keyword; choose another id',
      ],
      [
        'duplicate id',
        {
          title: 'T',
          questions: [
            { id: 'a', type: 'nps', title: 'Q' },
            { id: 'a', type: 'text', title: 'Q2' },
          ],
        },
        'Question "a" field "id": "a" is used twice',
      ],
      [
        'unknown type',
        one({ id: 'q1', type: 'stars', title: 'Q' }),
        'Question "q1" field "type": unknown type "stars"; use rating, nps, matrix, single, multiple, text, longtext, ranking',
      ],
      ['no title', one({ id: 'q1', type: 'nps' }), 'Question "q1" field "title": must be a non-empty text'],
      [
        'field of another type',
        one({ id: 'q1', type: 'nps', title: 'Q', options: ['a'] }),
        'Question "q1" field "options": is not a field of a nps question',
      ],
      [
        'required not boolean',
        one({ id: 'q1', type: 'nps', title: 'Q', required: 'yes' }),
        'Question "q1" field "required": must be true or false',
      ],
      [
        'rating max below min',
        one({ id: 'r', type: 'rating', title: 'Q', min: 3, max: 2 }),
        'Question "r" field "max": must be a whole number from 4 to 10',
      ],
      [
        'rating max too high',
        one({ id: 'r', type: 'rating', title: 'Q', max: 11 }),
        'Question "r" field "max": must be a whole number from 2 to 10',
      ],
      [
        'rating min not whole',
        one({ id: 'r', type: 'rating', title: 'Q', min: 1.5 }),
        'Question "r" field "min": must be a whole number from 0 to 9',
      ],
      [
        'rating style',
        one({ id: 'r', type: 'rating', title: 'Q', style: 'hearts' }),
        'Question "r" field "style": unknown style "hearts"; use stars or numbers',
      ],
      [
        'single without options',
        one({ id: 's', type: 'single', title: 'Q' }),
        'Question "s" field "options": needs a list of 1 to 30 options',
      ],
      [
        'ranking with one option',
        one({ id: 'k', type: 'ranking', title: 'Q', options: ['a'] }),
        'Question "k" field "options": needs a list of 2 to 30 options',
      ],
      [
        'duplicate option value',
        one({ id: 's', type: 'single', title: 'Q', options: ['a', 'b', 'a'] }),
        'Question "s" field "options[2].value": "a" is used twice',
      ],
      [
        'option without label',
        one({ id: 's', type: 'single', title: 'Q', options: [{ value: 'a' }] }),
        'Question "s" field "options[0].label": must be a non-empty text',
      ],
      [
        'option neither text nor object',
        one({ id: 's', type: 'single', title: 'Q', options: [3] }),
        'Question "s" field "options[0]": must be a text or an object with "value" and "label"',
      ],
      [
        'empty option',
        one({ id: 's', type: 'single', title: 'Q', options: [''] }),
        'Question "s" field "options[0].value": must be 1 to 100 characters',
      ],
      [
        'maxSelect above options',
        one({ id: 'm', type: 'multiple', title: 'Q', options: ['a', 'b'], maxSelect: 3 }),
        'Question "m" field "maxSelect": must be a whole number from 1 to 2',
      ],
      [
        'maxSelect below minSelect',
        one({ id: 'm', type: 'multiple', title: 'Q', options: ['a', 'b', 'c'], minSelect: 2, maxSelect: 1 }),
        'Question "m" field "maxSelect": must be a whole number from 2 to 3',
      ],
      [
        'matrix without rows',
        one({ id: 'g', type: 'matrix', title: 'Q', scale: ['a', 'b'] }),
        'Question "g" field "rows": needs a list of 1 to 20 rows',
      ],
      [
        'matrix row id',
        one({ id: 'g', type: 'matrix', title: 'Q', rows: [{ id: '1st', label: 'x' }], scale: ['a', 'b'] }),
        'Question "g" field "rows[0].id": must be 1-64 letters, digits, "_" or "-", starting with a letter',
      ],
      [
        'matrix row not an object',
        one({ id: 'g', type: 'matrix', title: 'Q', rows: [null], scale: ['a', 'b'] }),
        'Question "g" field "rows[0]": must be an object with "id" and "label"',
      ],
      [
        'matrix duplicate row id',
        one({
          id: 'g',
          type: 'matrix',
          title: 'Q',
          rows: [
            { id: 'r', label: 'x' },
            { id: 'r', label: 'y' },
          ],
          scale: ['a', 'b'],
        }),
        'Question "g" field "rows[1].id": "r" is used twice',
      ],
      [
        'matrix scale label blank',
        one({ id: 'g', type: 'matrix', title: 'Q', rows: [{ id: 'r', label: 'x' }], scale: ['a', ' '] }),
        'Question "g" field "scale[1]": must be a non-empty text',
      ],
      [
        'help too long',
        one({ id: 'q1', type: 'nps', title: 'Q', help: 'x'.repeat(1001) }),
        'Question "q1" field "help": is too long: at most 1000 characters',
      ],
      ['minLabel not text', one({ id: 'q1', type: 'nps', title: 'Q', minLabel: 3 }), 'Question "q1" field "minLabel": must be text'],
      [
        'minSelect above options',
        one({ id: 'm', type: 'multiple', title: 'Q', options: ['a', 'b'], minSelect: 3 }),
        'Question "m" field "minSelect": must be a whole number from 0 to 2',
      ],
      [
        'too many pages',
        { title: 'T', pages: Array.from({ length: 21 }, () => ({ questions: [{ id: 'a', type: 'nps', title: 'Q' }] })) },
        'Survey field "pages": needs a list of 1 to 20 pages',
      ],
      [
        'unknown page field',
        { title: 'T', pages: [{ titel: 'x', questions: [{ id: 'a', type: 'nps', title: 'Q' }] }] },
        'Page 1 field "titel": is not a page field; use title, visibleIf, questions',
      ],
      [
        'hidden value not text',
        { title: 'T', hidden: { a: 1 }, questions: [{ id: 'a', type: 'nps', title: 'Q' }] },
        'Survey field "hidden.a": must be text',
      ],
      [
        'matrix scale too short',
        one({ id: 'g', type: 'matrix', title: 'Q', rows: [{ id: 'r', label: 'x' }], scale: ['only'] }),
        'Question "g" field "scale": needs a list of 2 to 11 labels, lowest first',
      ],
      [
        'text maxLength too big',
        one({ id: 't', type: 'text', title: 'Q', maxLength: 501 }),
        'Question "t" field "maxLength": must be a whole number from 1 to 500',
      ],
      [
        'minLength above maxLength',
        one({ id: 't', type: 'longtext', title: 'Q', minLength: 50, maxLength: 10 }),
        'Question "t" field "minLength": must be a whole number from 0 to 10 (maxLength)',
      ],
      [
        'visibleIf syntax',
        one({ id: 't', type: 'text', title: 'Q', visibleIf: 'nps >' }),
        'Question "t" field "visibleIf": expected a question id, a number, a text in quotes, answered(…) or "(" but found the end (at character 6)',
      ],
      [
        'visibleIf unknown question',
        one({ id: 't', type: 'text', title: 'Q', visibleIf: 'answered(nope)' }),
        'Question "t" field "visibleIf": refers to "nope", not an earlier question',
      ],
      [
        'visibleIf on itself',
        one({ id: 't', type: 'text', title: 'Q', visibleIf: 'answered(t)' }),
        'Question "t" field "visibleIf": refers to its own question "t"',
      ],
      [
        'visibleIf on a later question',
        {
          title: 'T',
          questions: [
            { id: 'a', type: 'text', title: 'A', visibleIf: "b = 'x'" },
            { id: 'b', type: 'text', title: 'B' },
          ],
        },
        'Question "a" field "visibleIf": refers to "b", not an earlier question',
      ],
      [
        'visibleIf on a row that does not exist',
        {
          title: 'T',
          questions: [
            { id: 'g', type: 'matrix', title: 'G', rows: [{ id: 'pace', label: 'Pace' }], scale: ['a', 'b'] },
            { id: 'b', type: 'text', title: 'B', visibleIf: 'g.speed > 1' },
          ],
        },
        'Question "b" field "visibleIf": refers to "g.speed", not a matrix row',
      ],
      [
        'hostile visibleIf',
        one({ id: 't', type: 'text', title: 'Q', visibleIf: "constructor.constructor('alert(1)')()" }),
        'Question "t" field "visibleIf": "constructor(" is not allowed: the only function is answered(question) (at character 24)',
      ],
      [
        'page visibleIf on an unknown question',
        {
          title: 'T',
          pages: [
            { questions: [{ id: 'a', type: 'nps', title: 'A' }] },
            { visibleIf: 'x > 1', questions: [{ id: 'b', type: 'nps', title: 'B' }] },
          ],
        },
        'Page 2 field "visibleIf": refers to "x", not an earlier question',
      ],
    ];
    itRefuses(cases);

    it('errors carry the question id and the field as data too', () => {
      const { errors } = parseDefinition(one({ id: 'r', type: 'rating', title: 'Q', max: 99 }));
      expect(errors[0]).to.include({ question: 'r', field: 'max' });
    });

    it('page errors carry the page path as their field', () => {
      const { errors } = parseDefinition({
        title: 'T',
        pages: [{ questions: [{ id: 'a', type: 'nps', title: 'A' }] }, { visibleIf: 'zz', questions: [] }],
      });
      expect(errors.map((e) => e.field)).to.deep.equal(['pages[1].visibleIf', 'pages[1].questions']);
    });

    it('every mistake is listed, in order', () => {
      const { errors } = parseDefinition({
        title: '',
        questions: [
          { id: 'a', type: 'nps' },
          { id: 'b', type: 'rating', title: 'B', max: 1 },
        ],
      });
      expect(errors.map((e) => `${e.question ?? 'survey'}.${e.field}`)).to.deep.equal(['survey.title', 'a.title', 'b.max']);
    });

    it('too many questions is refused', () => {
      const questions = Array.from({ length: 101 }, (_, i) => ({ id: `q${i}`, type: 'nps', title: 'Q' }));
      expect(
        firstError({
          title: 'T',
          pages: [{ questions: questions.slice(0, 50) }, { questions: questions.slice(50, 100) }, { questions: questions.slice(100) }],
        }),
      ).to.equal('Survey field "questions": has more than 100 questions');
    });
  });
});

describe('hostile survey definitions: wrong types, unknown kinds, huge and deep input', () => {
  const cases: Array<[string, unknown, string]> = [
    [
      'a type given as a list is shown as a list, not as the text inside it',
      one({ id: 'q1', type: ['rating'], title: 'Q' }),
      'Question "q1" field "type": unknown type (a list); use rating, nps, matrix, single, multiple, text, longtext, ranking',
    ],
    [
      'a missing type says it is missing',
      one({ id: 'q1', title: 'Q' }),
      'Question "q1" field "type": unknown type (undefined); use rating, nps, matrix, single, multiple, text, longtext, ranking',
    ],
    [
      'a kind named like a property of every object is unknown',
      one({ id: 'q1', type: 'constructor', title: 'Q' }),
      'Question "q1" field "type": unknown type "constructor"; use rating, nps, matrix, single, multiple, text, longtext, ranking',
    ],
    [
      '__proto__ as a kind is unknown',
      one(JSON.parse('{"id": "q1", "type": "__proto__", "title": "Q"}')),
      'Question "q1" field "type": unknown type "__proto__"; use rating, nps, matrix, single, multiple, text, longtext, ranking',
    ],
    [
      'a style given as a number',
      one({ id: 'r', type: 'rating', title: 'Q', style: 2 }),
      'Question "r" field "style": unknown style (2); use stars or numbers',
    ],
    [
      'null where a default applies is a mistake, not the default',
      one({ id: 'r', type: 'rating', title: 'Q', min: null }),
      'Question "r" field "min": must be a whole number from 0 to 9',
    ],
    ['pages given as text', { title: 'T', pages: 'one' }, 'Survey field "pages": needs a list of 1 to 20 pages'],
    ['questions given as an object', { title: 'T', questions: { a: 1 } }, 'Page 1 field "questions": needs a list of 1 to 50 questions'],
    [
      'hidden given as a list',
      { title: 'T', hidden: ['a'], questions: [{ id: 'a', type: 'nps', title: 'Q' }] },
      'Survey field "hidden": must be an object of text values',
    ],
    [
      'options given as an object',
      one({ id: 's', type: 'single', title: 'Q', options: { a: 'A' } }),
      'Question "s" field "options": needs a list of 1 to 30 options',
    ],
    [
      'rows given as text',
      one({ id: 'g', type: 'matrix', title: 'Q', rows: 'r', scale: ['a', 'b'] }),
      'Question "g" field "rows": needs a list of 1 to 20 rows',
    ],
    ['a title given as a number', one({ id: 'q1', type: 'nps', title: 7 }), 'Question "q1" field "title": must be a non-empty text'],
    [
      'visibleIf given as a boolean',
      one({ id: 'q1', type: 'nps', title: 'Q', visibleIf: true }),
      'Question "q1" field "visibleIf": must be text',
    ],
  ];
  itRefuses(cases);

  it('values whose text form throws (JSON can make them) are reported, not thrown', () => {
    const typeWithoutText = JSON.parse('{"title": "T", "questions": [{"id": "q", "type": {"toString": 1}, "title": "Q"}]}');
    expect(firstError(typeWithoutText)).to.equal(
      'Question "q" field "type": unknown type (an object); use rating, nps, matrix, single, multiple, text, longtext, ranking',
    );
    const styleWithoutText = JSON.parse(
      '{"title": "T", "questions": [{"id": "r", "type": "rating", "title": "Q", "style": {"toString": 1}}]}',
    );
    expect(firstError(styleWithoutText)).to.equal('Question "r" field "style": unknown style (an object); use stars or numbers');
  });

  it('a huge field name or kind is cut short in the message', () => {
    const name = 'x'.repeat(1_000_000);
    const { errors } = parseDefinition({ title: 'T', [name]: 1, questions: [{ id: 'a', type: name, title: 'Q' }] });
    expect(errors.map((e) => e.message.length)).to.satisfy((lengths: number[]) => lengths.every((n) => n < 300));
    expect(errors[0].message).to.match(/^Survey field "x{80}…": is not a survey field/);
    expect(errors[1].message).to.match(/^Question "a" field "type": unknown type "x{60}…"; use rating/);
  });

  it('huge lists are refused by their length, quickly', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => `o${i}`);
    const started = performance.now();
    const results = [
      parseDefinition(one({ id: 's', type: 'single', title: 'Q', options: many })),
      parseDefinition({ title: 'T', pages: [{ questions: many.map((id) => ({ id, type: 'nps', title: 'Q' })) }] }),
      parseDefinition({
        title: 'T',
        hidden: Object.fromEntries(many.map((k) => [k, 'v'])),
        questions: [{ id: 'a', type: 'nps', title: 'Q' }],
      }),
    ];
    expect(results.map((r) => r.errors[0].message)).to.deep.equal([
      'Question "s" field "options": needs a list of 1 to 30 options',
      'Page 1 field "questions": needs a list of 1 to 50 questions',
      'Survey field "hidden": has 200000 fields; at most 20',
    ]);
    // Generous: the point is that nothing walks the 200,000 entries one check at a time.
    expect(performance.now() - started, 'milliseconds').to.be.below(5000);
  });

  it('many mistakes are listed up to 30, without walking on for ever', () => {
    const unknown = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, i]));
    const { errors } = parseDefinition({ title: 'T', ...unknown, questions: [{ id: 'a', type: 'nps', title: 'Q' }] });
    expect(errors).to.have.length(30);
  });

  it('deeply nested values get the error of the field that holds them', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    let deepObject: unknown = {};
    for (let i = 0; i < 10_000; i++) deepObject = { label: deepObject };
    const { errors } = parseDefinition({
      title: deep,
      questions: [{ id: 's', type: 'single', title: 'Q', options: [deep, deepObject], visibleIf: '('.repeat(60) + 'a' + ')'.repeat(60) }],
    });
    expect(errors.map((e) => e.message)).to.deep.equal([
      'Survey field "title": must be a non-empty text',
      'Question "s" field "visibleIf": nested too deeply (more than 20 levels) (at character 21)',
      'Question "s" field "options[0]": must be a text or an object with "value" and "label"',
      'Question "s" field "options[1].value": must be 1 to 100 characters',
      'Question "s" field "options[1].label": must be a non-empty text',
    ]);
  });
});

describe('survey answers', () => {
  it('each type accepts what it should and says what is wrong otherwise', () => {
    const cases: Array<[string, unknown, unknown]> = [
      ['overall', 4, { v: 4 }],
      ['overall', 6, { p: { code: 'invalid' } }],
      ['overall', '4', { p: { code: 'invalid' } }],
      ['overall', undefined, { p: { code: 'required' } }],
      ['nps', 0, { v: 0 }],
      ['nps', 11, { p: { code: 'invalid' } }],
      ['role', 'lead', { v: 'lead' }],
      ['role', 'boss', { p: { code: 'invalid' } }],
      ['tools', ['Chat'], { v: ['Chat'] }],
      ['tools', ['Chat', 'Wiki', 'Forum'], { p: { code: 'max', n: 2 } }],
      ['tools', ['Chat', 'Chat'], { p: { code: 'invalid' } }],
      ['tools', [], {}],
      ['rank', ['Coaching', 'A11y', 'Budgets'], { v: ['Coaching', 'A11y', 'Budgets'] }],
      ['rank', ['Coaching', 'A11y'], { p: { code: 'invalid' } }],
      ['word', '  Great   day ', { v: 'Great day' }],
      ['word', 'x'.repeat(21), { p: { code: 'max', n: 20 } }],
      ['word', '   ', {}],
      ['why', 'Line 1\r\nLine 2  ', { p: undefined, v: 'Line 1\nLine 2' }],
      ['grid', { pace: 3 }, { v: { pace: 3 } }],
      ['grid', { pace: 4 }, { p: { code: 'invalid' } }],
      ['grid', { speed: 1 }, { p: { code: 'invalid' } }],
    ];
    for (const [id, raw, want] of cases) {
      const got = checkAnswer(q(id), raw);
      if ('p' in (want as object) && (want as { p: unknown }).p === undefined)
        expect(got.v, `${id} ${JSON.stringify(raw)}`).to.deep.equal((want as { v: unknown }).v);
      else expect(got, `${id} ${JSON.stringify(raw)}`).to.deep.equal(want);
    }
    expect(checkAnswer({ ...q('grid'), required: true }, { pace: 1 })).to.deep.equal({ p: { code: 'rows' } });
    expect(checkAnswer({ ...q('tools'), required: true, minSelect: 2 }, ['Chat'])).to.deep.equal({ p: { code: 'min', n: 2 } });
  });

  it('visibility follows the conditions, and hidden answers do not count', () => {
    const d = def();
    let v = walk(d, (x) => ({ overall: 4, nps: 9 })[x.id as 'overall' | 'nps']);
    expect(v.shown.has('why')).to.equal(false);
    expect(v.pages).to.deep.equal([0, 1]);
    v = walk(d, (x) => ({ nps: 3 })[x.id as 'nps']);
    expect(v.shown.has('why')).to.equal(true);
    expect(v.pages, 'page 2 needs overall').to.deep.equal([0]);
  });

  it('checkAnswers keeps visible answers, drops hidden ones and names the question at fault', () => {
    const d = def();
    const ok = checkAnswers(d, { overall: 5, nps: 10, why: 'hidden because nps is high', role: 'lead', stray: 1 });
    expect(ok).to.deep.equal({ answers: { overall: 5, nps: 10, role: 'lead' } });
    expect(checkAnswers(d, { overall: 5, nps: 2 })).to.deep.equal({ code: 'required_missing', message: 'Question "why" needs an answer.' });
    expect(checkAnswers(d, { overall: 5, nps: 9, role: 'boss' })).to.deep.equal({
      code: 'invalid_answer',
      message: 'The answer to question "role" does not fit a single question.',
    });
    expect(checkAnswers(d, 'x')).to.have.property('code', 'invalid_answer');
  });

  it('without a definition, answers are checked for shape only', () => {
    expect(checkLooseAnswers({ a: 3, b: ' hi ', c: ['x'], d: { r: 2 }, e: [] })).to.deep.equal({
      answers: { a: 3, b: 'hi', c: ['x'], d: { r: 2 } },
    });
    expect(checkLooseAnswers({ 'bad id': 1 })).to.deep.include({ code: 'invalid_answer' });
    expect(checkLooseAnswers({ a: 99 })).to.deep.include({ code: 'invalid_answer' });
    expect(checkLooseAnswers({ a: { r: 'x' } })).to.deep.include({ code: 'invalid_answer' });
    expect(checkLooseAnswers({ a: 'x'.repeat(4001) })).to.deep.include({ code: 'invalid_answer' });
    expect(checkLooseAnswers(JSON.parse('{"__proto__": 1}'))).to.deep.include({ code: 'invalid_answer' });
  });

  it('context: room, session and hidden fields are checked', () => {
    expect(checkContext({ room: 'r', session: 's', hidden: { a: '1' } })).to.deep.equal({ room: 'r', session: 's', hidden: { a: '1' } });
    expect(checkContext({ room: 'r', session: 's', hidden: { 'no good': '1' } })).to.match(/Hidden field "no good"/);
    expect(checkContext({ room: 'r'.repeat(300), session: '', hidden: {} })).to.match(/room/);
    expect(checkContext(null)).to.match(/needs a context/);
  });
});

const resp = (rid: string, at: number, answers: Record<string, unknown>, extra: Partial<SurveyResponse> = {}): SurveyResponse => ({
  rid,
  at,
  answers: answers as SurveyResponse['answers'],
  context: { room: 'course-1', session: 'Day 2', hidden: { cohort: 'spring' } },
  ...extra,
});

describe('survey summaries', () => {
  it('averages, distributions, NPS, matrix counts, rankings and texts', () => {
    const rs = [
      resp('r1', 1, {
        overall: 5,
        nps: 10,
        grid: { pace: 3, clear: 2 },
        role: 'lead',
        tools: ['Chat', 'Wiki'],
        rank: ['A11y', 'Budgets', 'Coaching'],
        word: 'Great',
      }),
      resp('r2', 2, {
        overall: 4,
        nps: 9,
        grid: { pace: 3 },
        role: 'Trainer',
        tools: ['Chat'],
        rank: ['Budgets', 'A11y', 'Coaching'],
        word: 'Long',
      }),
      resp('r3', 3, { overall: 2, nps: 3, why: 'Too fast', grid: { pace: 1, clear: 1 } }),
      resp('r4', 4, { overall: 99, nps: 7 }), // a broken answer is skipped, not trusted
    ];
    const stats = Object.fromEntries(summarize(def(), rs).map((s) => [s.q.id, s]));
    expect(stats.overall.n).to.equal(3);
    expect(stats.overall.avg).to.be.closeTo(11 / 3, 1e-9);
    expect(stats.overall.dist!.map((d) => d.count)).to.deep.equal([0, 1, 0, 1, 1]);
    expect(stats.nps.nps).to.deep.equal({ score: 25, promoters: 2, passives: 1, detractors: 1 });
    expect(stats.grid.rows![0]).to.deep.include({ id: 'pace', counts: [1, 0, 2], n: 3 });
    expect(stats.grid.rows![1]).to.deep.include({ id: 'clear', counts: [1, 1, 0], n: 2, avg: 1.5 });
    expect(stats.tools.dist!.map((d) => [d.value, d.count])).to.deep.equal([
      ['Forum', 0],
      ['Chat', 2],
      ['Wiki', 1],
    ]);
    expect(stats.rank.ranks!.map((r) => [r.value, r.avg])).to.deep.equal([
      ['A11y', 1.5],
      ['Budgets', 1.5],
      ['Coaching', 3],
    ]);
    expect(stats.word.texts).to.deep.equal(['Long', 'Great'], 'newest first');
    expect(stats.why.texts).to.deep.equal(['Too fast']);
    expect(stats.stars.n).to.equal(0);
  });
});

describe('survey CSV export', () => {
  it('cells: quoting and formula-injection protection', () => {
    const cases: Array<[string | number | null, string]> = [
      ['plain', 'plain'],
      [42, '42'],
      [null, ''],
      ['a,b', '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ['two\nlines', '"two\nlines"'],
      ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
      ['+31 20 123', "'+31 20 123"],
      ['-2+3', "'-2+3"],
      ['@cmd', "'@cmd"],
      ['\t=1', "'\t=1"],
      ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
      [' padded', '" padded"'],
    ];
    for (const [v, want] of cases) expect(csvCell(v), JSON.stringify(v)).to.equal(want);
  });

  it('one row per response with context, hidden fields and every question', () => {
    const csv = toCsv(def(), [
      resp('r2', Date.UTC(2025, 0, 2), {
        overall: 4,
        nps: 3,
        why: "=cmd|'/c calc'!A1",
        grid: { pace: 2 },
        tools: ['Chat', 'Wiki'],
        rank: ['Budgets', 'A11y', 'Coaching'],
        word: 'ok, fine',
      }),
      resp('r1', Date.UTC(2025, 0, 1), { overall: 5, nps: 10 }, { updatedAt: Date.UTC(2025, 0, 3) }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).to.equal(
      'response,submitted_at,updated_at,room,session,hidden.cohort,overall,nps,why,grid.pace,grid.clear,role,tools,rank,word,stars',
    );
    expect(lines[1]).to.equal('r1,2025-01-01T00:00:00.000Z,2025-01-03T00:00:00.000Z,course-1,Day 2,spring,5,10,,,,,,,,');
    expect(lines[2]).to.equal(
      "r2,2025-01-02T00:00:00.000Z,,course-1,Day 2,spring,4,3,'=cmd|'/c calc'!A1,2,,,Chat; Wiki,Budgets > A11y > Coaching,\"ok, fine\",",
    );
    expect(lines[3]).to.equal('');
  });

  it('names appear only when responses carry them (non-anonymous surveys)', () => {
    const csv = toCsv(def(), [resp('r1', 1, { overall: 3 }, { who: { id: 'p-1', name: '=Eve' } })]);
    expect(csv.split('\r\n')[0]).to.contain('participant_id,participant_name');
    expect(csv.split('\r\n')[1]).to.contain("p-1,'=Eve");
  });
});
