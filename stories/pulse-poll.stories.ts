import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { PkPulsePoll } from '../src/components/pulse-poll/pk-pulse-poll.js';
import type { PollConfig } from '../src/components/pulse-poll/poll-types.js';
import { close, inSession, ME, open, pollElement, reveal, seeded, until, vote, votes, type Loaded } from './support.js';

/**
 * One story per state of `<pk-pulse-poll>`. Each story has its own in-memory authority, seeded by a
 * short script (a facilitator opens, a few participants vote…), and a session with a fixed
 * participant id, so the state is the same on every load.
 */
const meta: Meta = {
  title: 'Widgets/Pulse poll',
  component: 'pk-pulse-poll',
  parameters: {
    docs: { description: { component: 'A live poll: single or multiple choice, a rating scale, or short text answers.' } },
  },
};
export default meta;

type Story = StoryObj;

const ID = 'warmup';

const single: PollConfig = {
  question: 'Which part of today’s module do you want to practise most?',
  kind: 'single',
  options: [
    { value: 'feedback', label: 'Giving feedback' },
    { value: 'questions', label: 'Asking open questions' },
    { value: 'silence', label: 'Handling silence' },
  ],
  allowChange: false,
  anonymous: true,
  results: 'live',
};

const multiple: PollConfig = {
  question: 'Which tools does your team use between sessions? (pick two)',
  kind: 'multiple',
  options: [
    { value: 'forum', label: 'Course forum' },
    { value: 'chat', label: 'Team chat' },
    { value: 'wiki', label: 'Shared wiki' },
    { value: 'email', label: 'Email' },
  ],
  maxChoices: 2,
  allowChange: true,
  anonymous: true,
  results: 'live',
};

const scale: PollConfig = {
  question: 'How confident do you feel running a retrospective?',
  kind: 'scale',
  options: [],
  min: 1,
  max: 5,
  minLabel: 'Not at all',
  maxLabel: 'Completely',
  allowChange: false,
  anonymous: true,
  results: 'live',
};

const text: PollConfig = {
  question: 'One word for how the last exercise went',
  kind: 'text',
  options: [],
  allowChange: false,
  anonymous: true,
  results: 'live',
};

const words: PollConfig = { ...text, question: 'Up to three words for today’s session', maxChoices: 3 };

/** Draft: the page has the poll, but the facilitator has not opened it yet. */
export const Draft: Story = seeded('story-draft', [], (s) => inSession(s, {}, pollElement(ID, single, { draft: true })));

/** Open: a single-choice poll the facilitator opened; three people answered, results are live. */
export const Open: Story = seeded('story-open', [open(ID, single), ...votes(ID, ['feedback', 'questions', 'feedback'])], (s) =>
  inSession(s, {}, pollElement(ID, single)),
);

/** Multiple: pick up to two; the other choices lock once two are ticked. */
export const Multiple: Story = seeded(
  'story-multiple',
  [open(ID, multiple), ...votes(ID, [['forum', 'chat'], ['chat'], ['wiki', 'chat'], ['email']])],
  (s) => inSession(s, {}, pollElement(ID, multiple)),
);

/** Scale: 1 to 5 with labelled ends. */
export const Scale: Story = seeded('story-scale', [open(ID, scale), ...votes(ID, ['2', '4', '4', '5', '3'])], (s) =>
  inSession(s, {}, pollElement(ID, scale)),
);

/** Text: short answers, ranked by how many people gave them (case and spacing do not split a count). */
export const Text: Story = seeded(
  'story-text',
  [open(ID, text), ...votes(ID, ['Energising', 'energising ', 'Confusing', 'Fun', 'fun', 'FUN'])],
  (s) => inSession(s, {}, pollElement(ID, text)),
);

/** Text with max-choices: one labelled field per answer; the same word from many people counts once each. */
export const TextWords: Story = seeded(
  'story-text-words',
  [
    open(ID, words),
    ...votes(ID, [
      ['Practical', 'Fun'],
      ['practical', 'Long'],
      ['Fun', 'Clear', 'Practical'],
    ]),
  ],
  (s) => inSession(s, {}, pollElement(ID, words)),
);

/** Voted: this participant already answered; results show after voting. */
const afterVote: PollConfig = { ...single, results: 'after-vote' };
export const Voted: Story = seeded(
  'story-voted',
  [open(ID, afterVote), ...votes(ID, ['feedback', 'silence']), vote(ID, ME, ['questions'])],
  (s) => inSession(s, {}, pollElement(ID, afterVote)),
);

/** Closed: the facilitator closed the poll; results shown after close. */
const afterClose: PollConfig = { ...single, results: 'after-close' };
export const Closed: Story = seeded(
  'story-closed',
  [open(ID, afterClose), ...votes(ID, ['feedback', 'silence', 'feedback']), close(ID)],
  (s) => inSession(s, {}, pollElement(ID, afterClose)),
);

/** Revealed: results are hidden from participants, but the facilitator revealed them. */
const hidden: PollConfig = { ...single, results: 'hidden' };
export const Revealed: Story = seeded(
  'story-revealed',
  [open(ID, hidden), ...votes(ID, ['silence', 'silence', 'questions']), reveal(ID)],
  (s) => inSession(s, {}, pollElement(ID, hidden)),
);

/** Error: an authoring mistake (two options share a value) is shown on the page, not swallowed. */
const duplicateValues = [
  { value: 'yes', label: 'Yes' },
  { value: 'yes', label: 'Yes, absolutely' },
  { value: 'no', label: 'No' },
];
export const AuthoringError: Story = {
  name: 'Error',
  ...seeded('story-error', [], (s) => inSession(s, {}, pollElement(ID, single, { options: duplicateValues }))),
};

/** OfflineQueued: the connection drops, the participant votes anyway; the vote waits in the outbox. */
export const OfflineQueued: Story = {
  ...seeded('story-offline', [open(ID, single), ...votes(ID, ['feedback', 'questions'])], (s) => inSession(s, {}, pollElement(ID, single))),
  play: async ({ canvasElement, loaded }) => {
    const { stage: s } = loaded as unknown as Loaded;
    const poll = canvasElement.querySelector<PkPulsePoll>('pk-pulse-poll')!;
    await until(() => poll.pollState.status === 'open' && s.transport.status === 'open', 'the poll to load');
    s.transport.simulateDrop();
    // Not awaited: vote() settles when the authority acknowledges, which waits for the network.
    void poll.vote(['silence']);
  },
};

/** RTL: Arabic, right to left. */
const arabic: PollConfig = {
  ...single,
  question: 'أي جزء من وحدة اليوم تريد التدرب عليه أكثر؟',
  options: [
    { value: 'feedback', label: 'تقديم الملاحظات' },
    { value: 'questions', label: 'طرح الأسئلة المفتوحة' },
    { value: 'silence', label: 'التعامل مع الصمت' },
  ],
};
export const RTL: Story = seeded('story-rtl', [open(ID, arabic), ...votes(ID, ['feedback', 'silence', 'feedback', 'questions'])], (s) =>
  inSession(s, { lang: 'ar', dir: 'rtl' }, pollElement(ID, arabic)),
);

/** FacilitatorView: the facilitator sees results at all times, plus open/close, reveal, reset and timer controls. */
const named: PollConfig = { ...hidden, anonymous: false };
export const FacilitatorView: Story = seeded(
  'story-facilitator',
  [open(ID, named), ...votes(ID, ['feedback', 'questions', 'feedback', 'silence', 'feedback'])],
  (s) =>
    inSession(
      s,
      { role: 'facilitator', participantId: 'story-facilitator', participantName: 'Fay' },
      pollElement(ID, named, { timerSeconds: 120 }),
    ),
);

/** FacilitatorDraft: a draft poll as its facilitator sees it: the question and the controls, no vote form, and what participants see meanwhile. */
export const FacilitatorDraft: Story = seeded('story-facilitator-draft', [], (s) =>
  inSession(
    s,
    { role: 'facilitator', participantId: 'story-facilitator', participantName: 'Fay' },
    pollElement(ID, single, { draft: true }),
  ),
);

const openAtQuorum = { ...open(ID, single), data: { config: single, seconds: null, quorum: { count: 12 } } };

/** Quorum: the poll closes itself once 12 people have answered (or at the timer); participants are told. */
export const Quorum: Story = seeded('story-quorum', [openAtQuorum, ...votes(ID, ['feedback', 'questions'])], (s) =>
  inSession(s, {}, pollElement(ID, single)),
);

/** FacilitatorQuorum: the facilitator's controls with the quorum set, and how many have answered so far. */
export const FacilitatorQuorum: Story = seeded('story-facilitator-quorum', [openAtQuorum, ...votes(ID, ['feedback', 'questions'])], (s) =>
  inSession(s, { role: 'facilitator', participantId: 'story-facilitator', participantName: 'Fay' }, pollElement(ID, single)),
);
