import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/help-button/define.js';
import { helpStage, viewerAsks } from './help-script.js';
import { inSession, type Loaded, type Viewer } from './support.js';

/**
 * One story per state of `<pk-help-button>`, each on its own in-memory authority: the dialog before
 * asking (with the connection details the consent box would share), a request waiting, one a
 * producer answered, one resolved, and the dialog in Arabic, right to left.
 */
const meta: Meta = {
  title: 'Widgets/Help button',
  component: 'pk-help-button',
  parameters: {
    docs: {
      description: {
        component: 'A participant asks for technical help, with their diagnostics only if they consent, and sees where the request stands.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

function staged(room: string, steps: ReturnType<typeof viewerAsks>, viewer: Viewer = {}, open = true): Story {
  return {
    loaders: [() => helpStage(room, steps)],
    render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) =>
      inSession((loaded as unknown as Loaded).stage, viewer, html`<pk-help-button ?open=${open}></pk-help-button>`),
  };
}

/** Closed: the button alone, as a participant's page shows it. */
export const Closed: Story = staged('story-help-closed', [], {}, false);

/** Ask: the dialog before asking, with what the consent box would share. */
export const Ask: Story = staged('story-help-ask', []);

/** Waiting: the request was sent; nobody has picked it up yet. */
export const Waiting: Story = staged('story-help-waiting', viewerAsks('asked'));

/** Answered: a producer acknowledged it and sent a private reply. */
export const Answered: Story = staged('story-help-answered', viewerAsks('replied'));

/** Resolved: marked resolved; the person can ask again. */
export const Resolved: Story = staged('story-help-resolved', viewerAsks('resolved'));

/** RTL: the answered request in Arabic, right to left. */
export const RTL: Story = staged('story-help-rtl', viewerAsks('replied'), { lang: 'ar', dir: 'rtl' });
