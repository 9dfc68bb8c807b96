import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../src/define-all.js';
import '../src/components/notices/define.js';
import { noticesModel, NOTICES_TOPIC } from '../src/core/protocol/notices-model.js';
import { pollModel } from '../src/components/pulse-poll/poll-model.js';
import { FACILITATOR, inSession, open, pollElement, stage, type Loaded, type SeedStep, type Viewer } from './support.js';

/**
 * The room's notices, each story on its own in-memory authority: a notice at the top of a
 * participant's poll (no `<pk-notices>` on the page), `<pk-notices>` placed by the host as a
 * participant and as a facilitator (the form and the withdraw buttons), and the poll in Arabic.
 */
const meta: Meta = {
  title: 'Widgets/Notices',
  component: 'pk-notices',
  parameters: {
    docs: {
      description: {
        component:
          'Short notices staff post to the whole class. Every widget shows them at its top; a host may place them in one `<pk-notices>` instead.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

const CONFIG = {
  kind: 'single' as const,
  question: 'Ready for the next part?',
  options: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'Not yet' },
  ],
  results: 'live' as const,
  anonymous: true,
  allowChange: false,
};

/** The facilitator posts `text`, showing for `minutes`. */
const notice = (text: string, minutes = 30): SeedStep => ({
  as: FACILITATOR,
  topic: NOTICES_TOPIC,
  type: 'post',
  data: { text, seconds: minutes * 60 },
});

function staged(room: string, steps: SeedStep[], viewer: Viewer, content: TemplateResult): Story {
  return {
    loaders: [async () => ({ stage: await stage(room, steps, [pollModel, noticesModel]) })],
    render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) =>
      inSession((loaded as unknown as Loaded).stage, viewer, content),
  };
}

/** In a widget: the notice at the top of a participant's poll, as every widget shows it. */
export const InWidget: Story = staged(
  'story-notices-widget',
  [open('n', CONFIG), notice('Audio restarts in one minute')],
  {},
  pollElement('n', CONFIG),
);

/** Placed: the host put `<pk-notices>` above the poll; the poll shows no strip of its own. */
export const Placed: Story = staged(
  'story-notices-placed',
  [open('n', CONFIG), notice('Audio restarts in one minute'), notice('Break until 10:40', 60)],
  {},
  html`<pk-notices></pk-notices>${pollElement('n', CONFIG)}`,
);

/** Staff: a facilitator's `<pk-notices>`, with the form and a withdraw button per notice. */
export const Staff: Story = staged(
  'story-notices-staff',
  [notice('Break until 10:40', 60)],
  { role: 'facilitator', participantId: 'story-fay', participantName: 'Fay' },
  html`<pk-notices></pk-notices>`,
);

/** RTL: the poll and its notice in Arabic, right to left. */
export const RTL: Story = staged(
  'story-notices-rtl',
  [open('n', CONFIG), notice('الصوت يعود بعد دقيقة')],
  { lang: 'ar', dir: 'rtl' },
  pollElement('n', CONFIG),
);
