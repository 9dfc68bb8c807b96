import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../src/components/session-report/define.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import { FAY, playScript, REPORT_TOPICS } from './session-report-script.js';
import { inSession, type Loaded, type Stage, type Viewer } from './support.js';

/**
 * One story per state of `<pk-session-report>`: what a participant sees, an empty room, a scripted
 * session (stories/session-report-script.ts: a poll in two rounds, a meter, a survey, a Q&A thread)
 * as the facilitator sees it, and the same in Arabic, right to left. Each story has its own
 * in-memory authority, so it looks the same on every load.
 */
const meta: Meta = {
  title: 'Widgets/Session report',
  component: 'pk-session-report',
  parameters: {
    docs: {
      description: {
        component:
          "A report of a live session for facilitators and producers, joined from the room's widgets, with CSV, JSON and xAPI downloads.",
      },
    },
  },
};
export default meta;

type Story = StoryObj;

const facilitator: Viewer = { role: 'facilitator', participantId: FAY.id, participantName: FAY.name };
// min-group 2: the scripted meter has two signallers and nobody connected in a story.
const report = (): TemplateResult => html`<pk-session-report topics=${REPORT_TOPICS} min-group="2"></pk-session-report>`;

/** A story on its own hub: played from the script, or empty. */
function staged(room: string, scripted: boolean, viewer: Viewer): Story {
  return {
    loaders: [
      async (): Promise<Loaded> => {
        const hub = scripted ? (await playScript(room)).hub : new MemoryHub();
        const stage: Stage = { room, hub, transport: new MemoryTransport(hub) };
        return { stage };
      },
    ],
    render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) =>
      inSession((loaded as unknown as Loaded).stage, viewer, report()),
  };
}

/** Facilitator: the scripted session's report: attendance, participation, rounds, index, survey, thread, downloads. */
export const Facilitator: Story = staged('story-report-facilitator', true, facilitator);

/** ParticipantNotice: a participant gets a short notice, never the data. */
export const ParticipantNotice: Story = staged('story-report-participant', true, {});

/** EmptyRoom: nothing has happened in the widgets yet. */
export const EmptyRoom: Story = staged('story-report-empty', false, facilitator);

/** RTL: the scripted session's report in Arabic, right to left. */
export const RTL: Story = staged('story-report-rtl', true, { ...facilitator, lang: 'ar', dir: 'rtl' });
