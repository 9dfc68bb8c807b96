import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import type { PkSessionSurvey } from '../src/components/session-survey/pk-session-survey.js';
import { deleteDraft } from '../src/components/session-survey/survey-drafts.js';
import { surveyModel, surveyTopic } from '../src/components/session-survey/survey-model.js';
import { IdbOutbox } from '../src/core/client/outbox.js';
import type { Actor } from '../src/core/protocol/wire.js';
import { FACILITATOR, inSession, ME, stage, until, type Loaded, type SeedStep, type Stage, type Viewer } from './support.js';

/**
 * One story per state of `<pk-session-survey>`. Each story has its own in-memory authority (a
 * MemoryHub that knows the survey model), seeded with a few responses, and a session with a fixed
 * participant id, so a story looks the same on every load.
 */
const meta: Meta = {
  title: 'Widgets/Session survey',
  component: 'pk-session-survey',
  parameters: {
    docs: {
      description: {
        component: 'Post-session evaluation: rating, NPS, Likert matrix, choices, text and ranking questions, autosaved and sent once.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

const ID = 'day-2';
const topic = surveyTopic(ID);

const EVAL = {
  title: 'How was day 2?',
  description: 'Five minutes, anonymous. Your answers are saved on this device as you go.',
  hidden: { cohort: 'spring' },
  pages: [
    {
      title: 'The day',
      questions: [
        { id: 'overall', type: 'rating', title: 'Overall, how was the day?', required: true },
        { id: 'nps', type: 'nps', title: 'How likely are you to recommend this course to a colleague?', required: true },
        { id: 'improve', type: 'longtext', title: 'What should we improve?', visibleIf: 'nps <= 6', required: true },
        {
          id: 'agree',
          type: 'matrix',
          title: 'How much do you agree?',
          rows: [
            { id: 'pace', label: 'The pace was right' },
            { id: 'clear', label: 'The exercises were clear' },
            { id: 'useful', label: 'I can use this at work' },
          ],
          scale: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
        },
      ],
    },
    {
      title: 'What comes next',
      questions: [
        {
          id: 'format',
          type: 'single',
          title: 'Best format for the follow-up',
          options: ['Live session', 'Self-paced module', 'Peer group'],
        },
        {
          id: 'tools',
          type: 'multiple',
          title: 'Tools you use between sessions',
          options: ['Course forum', 'Team chat', 'Shared wiki', 'Email'],
          maxSelect: 2,
        },
        {
          id: 'topics',
          type: 'ranking',
          title: 'Rank the topics for day 3',
          options: ['Giving feedback', 'Difficult conversations', 'Coaching questions'],
          required: true,
        },
        { id: 'word', type: 'text', title: 'The day in one word', maxLength: 30 },
      ],
    },
  ],
};

const person = (id: string): Actor => ({ id, name: id, role: 'participant' });
const ctx = { room: 'story', session: 'Day 2', hidden: { cohort: 'spring' } };
const submit = (who: string, answers: Record<string, unknown>): SeedStep => ({
  as: person(who),
  topic,
  type: 'submit',
  data: { answers, context: ctx },
});
const control = (type: string, data: unknown = {}): SeedStep => ({ as: FACILITATOR, topic, type, data });

const RESPONSES: SeedStep[] = [
  submit('p1', {
    overall: 5,
    nps: 10,
    agree: { pace: 4, clear: 5, useful: 5 },
    format: 'Peer group',
    tools: ['Team chat'],
    topics: ['Giving feedback', 'Coaching questions', 'Difficult conversations'],
    word: 'Energising',
  }),
  submit('p2', {
    overall: 4,
    nps: 9,
    agree: { pace: 3, clear: 4, useful: 4 },
    format: 'Live session',
    tools: ['Course forum', 'Team chat'],
    word: 'Practical',
  }),
  submit('p3', {
    overall: 3,
    nps: 6,
    improve: 'More time for the role plays, fewer slides.',
    agree: { pace: 2, clear: 3, useful: 4 },
    format: 'Live session',
  }),
  submit('p4', { overall: 4, nps: 8, agree: { pace: 4, clear: 4, useful: 3 }, tools: ['Shared wiki'], word: 'Useful' }),
  submit('p5', { overall: 2, nps: 4, improve: 'The afternoon went too fast for me.', agree: { pace: 1, clear: 2, useful: 3 } }),
];

/** Drops what an earlier load of the story left (draft, queued response), so a reload starts from the script. */
async function clearDevice(room: string): Promise<void> {
  await deleteDraft([room, ID, ME]);
  try {
    const box = new IdbOutbox();
    await box.remove((await box.list(room)).map((op) => op.opId));
    box.close();
  } catch {
    // No IndexedDB: nothing was left behind either.
  }
}

/** A private hub that knows the survey model, with `steps` played into it. */
async function surveyStage(room: string, steps: SeedStep[]): Promise<Stage> {
  await clearDevice(room);
  return stage(room, steps, [surveyModel]);
}

const survey = (def: unknown = EVAL, extra: TemplateResult | string = '') =>
  html`<pk-session-survey survey-id=${ID} .definition=${def} session-label="Day 2" invited="12">${extra}</pk-session-survey>`;

/** A story: its stage, the viewer, and what to render in the session. */
function seededSurvey(room: string, steps: SeedStep[], viewer: Viewer = {}, content: () => TemplateResult = () => survey()) {
  return {
    loaders: [async (): Promise<Loaded> => ({ stage: await surveyStage(room, steps) })],
    render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) =>
      inSession((loaded as unknown as Loaded).stage, viewer, content()),
  };
}

const el = (canvas: HTMLElement) => canvas.querySelector<PkSessionSurvey>('pk-session-survey')!;
const ready = (s: PkSessionSurvey) => until(() => !!s.ctl.handle?.loaded && !!s.shadowRoot?.querySelector('form'), 'the survey to load');
const click = (s: PkSessionSurvey, sel: string, n = 0) => s.shadowRoot!.querySelectorAll<HTMLElement>(sel)[n].click();
const tick = () => new Promise((r) => setTimeout(r, 50));

/** Form: the first page, as a participant opens it (rating, NPS with a condition, Likert matrix). */
export const Form: Story = seededSurvey('story-survey-form', RESPONSES);

/** Pages: the second page, reached with Next, with the progress indicator, choices and a ranking. */
export const Pages: Story = {
  ...seededSurvey('story-survey-pages', RESPONSES),
  play: async ({ canvasElement }) => {
    const s = el(canvasElement);
    await ready(s);
    click(s, '#q-overall input', 3);
    click(s, '#q-nps input', 9);
    await tick();
    click(s, 'button[type=submit]');
  },
};

/** Branching: a page that comes only for low scores; before the score is given the survey counts it (Page 1 of 2, Next), after a 9 it is one page with Send answers. */
const BRANCHING = {
  title: 'Quick check after day 2',
  pages: [
    {
      title: 'Overall',
      questions: [{ id: 'nps', type: 'nps', title: 'How likely are you to recommend this course to a colleague?', required: true }],
    },
    { title: 'What went wrong', visibleIf: 'nps <= 6', questions: [{ id: 'why', type: 'longtext', title: 'What should we change?' }] },
  ],
};
export const Branching: Story = seededSurvey('story-survey-branching', [], {}, () => survey(BRANCHING));

/** Errors: Next without answers shows what is missing, next to each question, and focuses the first. */
export const Errors: Story = {
  ...seededSurvey('story-survey-errors', RESPONSES),
  play: async ({ canvasElement }) => {
    const s = el(canvasElement);
    await ready(s);
    click(s, '#q-nps input', 3);
    await tick();
    click(s, 'button[type=submit]');
  },
};

/** Submitted: the participant already answered; the thank-you message (a slot here). */
export const Submitted: Story = seededSurvey('story-survey-submitted', [...RESPONSES, submit(ME, { overall: 5, nps: 9 })], {}, () =>
  survey(EVAL, html`<p slot="thank-you">Thank you! See you on day 3. Coffee is in the lobby.</p>`),
);

/** Editable: answers may be changed (`allowEdit`), so the thank-you offers "Change my answers". */
export const Editable: Story = seededSurvey('story-survey-edit', [...RESPONSES, submit(ME, { overall: 4, nps: 8 })], {}, () =>
  survey({ ...EVAL, allowEdit: true }),
);

/** OfflineQueued: the connection drops and the participant sends anyway: the response waits in the outbox. */
export const OfflineQueued: Story = {
  ...seededSurvey('story-survey-offline', RESPONSES, {}, () =>
    survey({ title: 'Quick check', questions: [{ id: 'nps', type: 'nps', title: 'Would you recommend today?', required: true }] }),
  ),
  play: async ({ canvasElement, loaded }) => {
    const { stage: st } = loaded as unknown as Loaded;
    const s = el(canvasElement);
    await ready(s);
    st.transport.simulateDrop();
    click(s, '#q-nps input', 8);
    await tick();
    // Not awaited: submit() settles when the authority acknowledges, which waits for the network.
    void s.submit();
  },
};

/** Closed: the facilitator closed the survey. */
export const Closed: Story = seededSurvey('story-survey-closed', [...RESPONSES, control('close')]);

/** Results: the facilitator's view (count and rate, averages, NPS, heat table, texts, CSV export, controls). */
export const Results: Story = seededSurvey('story-survey-results', RESPONSES, {
  role: 'facilitator',
  participantId: 'story-facilitator',
  participantName: 'Fay',
});

/** AuthoringError: a definition mistake is shown on the page, naming the question and the field. */
export const AuthoringError: Story = {
  name: 'Error',
  ...seededSurvey('story-survey-error', [], {}, () =>
    survey({
      title: 'Broken',
      questions: [
        { id: 'nps', type: 'nps', title: 'NPS?' },
        { id: 'why', type: 'text', title: 'Why?', visibleIf: 'nps <= ' },
      ],
    }),
  ),
};

/** RTL: Arabic interface, right to left. */
const arabic = {
  title: 'كيف كان اليوم الثاني؟',
  questions: [
    { id: 'overall', type: 'rating', title: 'بشكل عام، كيف كان اليوم؟', required: true },
    { id: 'nps', type: 'nps', title: 'ما مدى احتمال أن توصي بهذه الدورة لزميل؟' },
    { id: 'topics', type: 'ranking', title: 'رتّب مواضيع اليوم الثالث', options: ['تقديم الملاحظات', 'المحادثات الصعبة', 'أسئلة التوجيه'] },
  ],
};
export const RTL: Story = seededSurvey('story-survey-rtl', [], { lang: 'ar', dir: 'rtl' }, () => survey(arabic));
