import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/producer-console/define.js';
import { classStage, COLUMNS, helpStage, PRODUCER, QUEUE } from './help-script.js';
import { inSession, type Loaded, type Viewer } from './support.js';

/**
 * One story per state of `<pk-producer-console>`, each on its own in-memory authority: a producer
 * with a queue of two (one handled by the facilitator: the producer may take it over), an empty
 * queue, what a participant sees, the queue in Arabic, right to left, the people table's columns,
 * and a class of 2,000 (virtualized).
 */
const meta: Meta = {
  title: 'Widgets/Producer console',
  component: 'pk-producer-console',
  parameters: {
    docs: { description: { component: "The room's tech-help queue and the people present, for facilitators and producers." } },
  },
};
export default meta;

type Story = StoryObj;

const producer: Viewer = { role: 'producer', participantId: PRODUCER.id, participantName: PRODUCER.name };

function staged(room: string, steps: typeof QUEUE, viewer: Viewer): Story {
  return {
    loaders: [() => helpStage(room, steps)],
    render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) =>
      inSession((loaded as unknown as Loaded).stage, viewer, html`<pk-producer-console></pk-producer-console>`),
  };
}

/** Queue: two requests, one waiting with diagnostics, one the facilitator handles. */
export const Queue: Story = staged('story-console-queue', QUEUE, producer);

/** EmptyQueue: nobody asked for help. */
export const EmptyQueue: Story = staged('story-console-empty', [], producer);

/** ParticipantNotice: a participant gets a short notice, never the queue. */
export const ParticipantNotice: Story = staged('story-console-participant', QUEUE, {});

/** RTL: the queue in Arabic, right to left. */
export const RTL: Story = staged('story-console-rtl', QUEUE, { ...producer, lang: 'ar', dir: 'rtl' });

/** Columns: each person's language, connection, waiting actions, last activity and the widgets they took part in. */
export const Columns: Story = staged('story-console-columns', COLUMNS, producer);

/** LargeClass: 2,000 people present; the table keeps only the rows in view (sort by a heading, filter by widget). */
export const LargeClass: Story = {
  loaders: [async () => classStage('story-console-class', 2000)],
  render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) =>
    inSession((loaded as unknown as Loaded).stage, producer, html`<pk-producer-console></pk-producer-console>`),
};
