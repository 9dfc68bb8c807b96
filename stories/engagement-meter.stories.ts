import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { PkEngagementMeter } from '../src/components/engagement-meter/pk-engagement-meter.js';
import { meterModel, meterTopic } from '../src/components/engagement-meter/meter-model.js';
import type { TimelineSample } from '../src/components/engagement-meter/meter-timeline.js';
import { pollModel } from '../src/components/pulse-poll/poll-model.js';
import type { Actor } from '../src/core/protocol/wire.js';
import { FACILITATOR, inSession, ME, stage, until, type Loaded, type SeedStep, type Stage, type Viewer } from './support.js';

/**
 * One story per state of `<pk-engagement-meter>`. Each story has its own in-memory authority
 * (a MemoryHub that knows the meter model), seeded by a short script of participants' signals and
 * facilitator actions, and a session with a fixed identity, so a story looks the same on every load.
 */
const meta: Meta = {
  title: 'Widgets/Engagement meter',
  component: 'pk-engagement-meter',
  parameters: {
    docs: {
      description: {
        component: 'Take the pulse of a live class: signals for participants, the pulse, alerts, timeline and hand queue for facilitators.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

const ID = 'class';
const topic = meterTopic(ID);
const person = (id: string, name = id): Actor => ({ id, name, role: 'participant' });

const state = (who: string, s: string | null, name = who): SeedStep => ({
  as: person(who, name),
  topic,
  type: 'state',
  data: { state: s },
});
const react = (who: string, reaction: string): SeedStep => ({ as: person(who), topic, type: 'react', data: { reaction, fade: 120 } });
const hand = (who: string, name = who): SeedStep => ({ as: person(who, name), topic, type: 'hand', data: { raised: true } });
const control = (type: string, data: unknown): SeedStep => ({ as: FACILITATOR, topic, type, data });

/** Several participants set states: `{ 'got-it': 4, confused: 2 }` → p1..p6. */
function crowd(counts: Record<string, number>, from = 1): SeedStep[] {
  const steps: SeedStep[] = [];
  let i = from;
  for (const [s, n] of Object.entries(counts)) for (let k = 0; k < n; k++) steps.push(state(`p${i++}`, s));
  return steps;
}

/** A private hub that knows the meter (and poll) models, with `steps` played into it. */
async function meterStage(room: string, steps: SeedStep[]): Promise<Stage> {
  return stage(room, steps, [meterModel, pollModel]);
}

/** A timeline a facilitator's view would have sampled over the last half hour (stored where the view keeps it). */
function seedTimeline(room: string): void {
  const now = Date.now();
  const samples: TimelineSample[] = Array.from({ length: 90 }, (_, i) => {
    const t = i / 89;
    const confused = Math.max(0, 0.1 + 0.25 * Math.sin(t * 5) * (t > 0.5 ? 1 : 0.4));
    const index = Math.round(62 - 30 * confused + 6 * Math.cos(t * 9));
    return {
      at: now - 10_000 - (89 - i) * 20_000,
      present: 12,
      index,
      counts: { confused: Math.round(confused * 12) },
      shares: { confused },
      hands: i % 17 === 0 ? 1 : 0,
      reactions: i % 7,
    };
  });
  try {
    localStorage.setItem(`pulsekit:v1:meter-timeline:${room}:${ID}`, JSON.stringify(samples));
  } catch {
    // No storage: the timeline starts empty.
  }
}

function seededMeter(room: string, steps: SeedStep[], view: (s: Stage) => TemplateResult, before?: () => void) {
  return {
    loaders: [
      async (): Promise<Loaded> => {
        before?.();
        return { stage: await meterStage(room, steps) };
      },
    ],
    render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) => view((loaded as unknown as Loaded).stage),
  };
}

const facilitatorViewer: Viewer = { role: 'facilitator', participantId: FACILITATOR.id, participantName: 'Fay' };
const meter = (attrs: { minGroup?: number; signals?: string; threshold?: number; related?: string } = {}) =>
  html`<pk-engagement-meter
    meter-id=${ID}
    min-group=${ifDefined(attrs.minGroup)}
    signals=${ifDefined(attrs.signals)}
    alert-threshold=${ifDefined(attrs.threshold)}
    related=${ifDefined(attrs.related)}
  ></pk-engagement-meter>`;

/** Participant: the signal bar before this person has said anything. */
export const Participant: Story = seededMeter('story-meter-participant', crowd({ 'got-it': 3, confused: 1 }), (s) =>
  inSession(s, {}, meter()),
);

/** ParticipantSignalled: this person said "too fast", reacted and raised a hand (second in the queue). */
export const ParticipantSignalled: Story = seededMeter(
  'story-meter-signalled',
  [hand('p1'), state(ME, 'too-fast'), react(ME, 'clap'), hand(ME)],
  (s) => inSession(s, {}, meter()),
);

/** NamedMode: the facilitator turned named mode on; the participant is told. */
export const NamedMode: Story = seededMeter('story-meter-named', [control('named', { named: true }), state(ME, 'got-it')], (s) =>
  inSession(s, {}, meter()),
);

/** FacilitatorView: the pulse of twelve people, a timeline with markers, and the hand queue. */
export const FacilitatorView: Story = seededMeter(
  'story-meter-facilitator',
  [
    ...crowd({ 'got-it': 6, confused: 2, 'too-fast': 1, away: 1 }),
    react('p1', 'thumbs-up'),
    react('p2', 'clap'),
    react('p3', 'thumbs-up'),
    hand('p4'),
    hand('p9'),
    control('mark', { label: 'Slide 12' }),
    control('mark', { label: 'Break' }),
  ],
  (s) => inSession(s, facilitatorViewer, meter()),
  () => seedTimeline('story-meter-facilitator'),
);

/** Alert: 4 of 10 are confused, above the 33 % threshold. */
export const Alert: Story = seededMeter('story-meter-alert', crowd({ 'got-it': 5, confused: 4, away: 1 }), (s) =>
  inSession(s, facilitatorViewer, meter()),
);

/** NamedQueue: named mode on: the facilitator sees names next to the states and in the hand queue. */
const NAMED_STATES: Array<[string, string]> = [
  ['Chen', 'got-it'],
  ['Dara', 'got-it'],
  ['Emeka', 'got-it'],
  ['Farah', 'too-slow'],
  ['Gus', 'got-it'],
];
export const NamedQueue: Story = seededMeter(
  'story-meter-named-queue',
  [
    control('named', { named: true }),
    hand('p1', 'Amira'),
    hand('p2', 'Bas'),
    ...NAMED_STATES.map(([name, st], i) => state(`p${i + 3}`, st, name)),
  ],
  (s) => inSession(s, facilitatorViewer, meter()),
);

/** SmallGroup: three people, below the minimum group of five: no shares, only presence and hands. */
export const SmallGroup: Story = seededMeter('story-meter-small', [...crowd({ confused: 2, 'got-it': 1 }), hand('p1')], (s) =>
  inSession(s, facilitatorViewer, meter()),
);

/** RTL: the participant bar in Arabic, right to left. */
export const RTL: Story = seededMeter('story-meter-rtl', [state(ME, 'confused')], (s) => inSession(s, { lang: 'ar', dir: 'rtl' }, meter()));

/** Error: an authoring mistake (an unknown signal name) is shown on the page, not swallowed. */
export const AuthoringError: Story = {
  name: 'Error',
  ...seededMeter('story-meter-error', [], (s) => inSession(s, {}, meter({ signals: 'got-it lost' }))),
};

/** OfflineQueued: the connection drops; the participant's signal waits in the outbox. */
export const OfflineQueued: Story = {
  ...seededMeter('story-meter-offline', [], (s) => inSession(s, {}, meter())),
  play: async ({ canvasElement, loaded }) => {
    const { stage: s } = loaded as unknown as Loaded;
    const el = canvasElement.querySelector<PkEngagementMeter>('pk-engagement-meter')!;
    await until(() => !!el.ctl.handle?.loaded && s.transport.status === 'open', 'the meter to load');
    s.transport.simulateDrop();
    void el.setState('confused');
  },
};
