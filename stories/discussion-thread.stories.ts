import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import type { PkDiscussionThread } from '../src/components/discussion-thread/pk-discussion-thread.js';
import { threadModel, threadTopic } from '../src/components/discussion-thread/thread-model.js';
import { IdbOutbox } from '../src/core/client/outbox.js';
import type { FetchResult } from '../src/core/protocol/transport.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import type { Actor, Operation } from '../src/core/protocol/wire.js';
import { FACILITATOR, inSession, ME, until, type Loaded, type Stage, type Viewer } from './support.js';

/**
 * One story per state of `<pk-discussion-thread>`. Each story has its own in-memory authority (a
 * MemoryHub that knows the thread model), seeded by a short script of posts, replies, votes and
 * moderation from fixed people, and a session with a fixed participant id, so a story looks the
 * same on every load. Post ids are the script's op ids, so replies can name their parent.
 */
const meta: Meta = {
  title: 'Widgets/Discussion thread',
  component: 'pk-discussion-thread',
  parameters: {
    docs: {
      description: {
        component:
          'Threaded discussion for live Q&A and communities of practice: Markdown posts, replies, reactions, upvotes, moderation and export.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

const ID = 'week-3';
const topic = threadTopic(ID);
const who = (id: string, name: string): Actor => ({ id, name, role: 'participant' });
const SAM = who('story-sam', 'Sam Okafor');
const LI = who('story-li', 'Li Wei');
const ANA = who('story-ana', 'Ana Costa');
const YOU = who(ME, 'Story viewer');

/** One scripted operation; `id` names the post it creates so later steps can refer to it. */
interface Step {
  as: Actor;
  type: string;
  data: Record<string, unknown>;
  id?: string;
}
const post = (as: Actor, id: string, body: string, extra: Record<string, unknown> = {}): Step => ({
  as,
  type: 'post',
  id,
  data: { body, ...extra },
});
const reply = (as: Actor, id: string, parent: string, body: string): Step => post(as, id, body, { parent: `story-${parent}` });
const act = (as: Actor, type: string, postId: string, data: Record<string, unknown> = {}): Step => ({
  as,
  type,
  data: { postId: `story-${postId}`, ...data },
});

const CONVERSATION: Step[] = [
  post(SAM, 'q1', 'How do you keep a **retrospective** from turning into a complaint session?'),
  reply(
    LI,
    'r1',
    'q1',
    'Start with what went *well*, and time-box each part. We use:\n\n1. Facts (5 min)\n2. Feelings (5 min)\n3. One action each',
  ),
  reply(ANA, 'r2', 'r1', 'The one-action rule changed everything for us. See https://retromat.example/plans for formats.'),
  reply(SAM, 'r3', 'q1', '> time-box each part\n\nTried it today, worked well. Thanks @Li Wei!'),
  post(ANA, 'q2', 'Any tips for remote groups where people keep their camera off?'),
  reply(LI, 'r4', 'q2', 'Ask people to post in the chat first, then invite one or two to say more. `Chat first, voice second.`'),
  act(LI, 'upvote', 'q1', { on: true }),
  act(ANA, 'upvote', 'q1', { on: true }),
  act(SAM, 'upvote', 'q2', { on: true }),
  act(SAM, 'react', 'r1', { reaction: 'insight', on: true }),
  act(ANA, 'react', 'r1', { reaction: 'insight', on: true }),
  act(SAM, 'react', 'r4', { reaction: 'thanks', on: true }),
  act(FACILITATOR, 'answer', 'q1', { answered: true }),
];

/** Drops what an earlier load of the story left in the outbox, so a reload starts from the script. */
async function clearOutbox(room: string): Promise<void> {
  try {
    const box = new IdbOutbox();
    await box.remove((await box.list(room)).map((op) => op.opId));
    box.close();
  } catch {
    // No IndexedDB: nothing can have been left behind either.
  }
}

/** A private hub that knows the thread model, with `steps` played into it. */
async function threadStage(room: string, steps: Step[], transport?: (hub: MemoryHub) => MemoryTransport): Promise<Stage> {
  await clearOutbox(room);
  const hub = new MemoryHub({ models: [threadModel] });
  const links = new Map<string, MemoryTransport>();
  let n = 0;
  try {
    for (const step of steps) {
      let link = links.get(step.as.id);
      if (!link) {
        link = new MemoryTransport(hub);
        await link.connect({ room, identity: step.as });
        links.set(step.as.id, link);
      }
      const opId = step.id ? `story-${step.id}` : `story-op-${n++}`;
      const op: Operation = { opId, clientId: step.as.id, topic, type: step.type, data: step.data, createdAt: Date.now() };
      const [ack] = await link.send([op]);
      if (ack?.status !== 'applied') {
        const why = ack?.status === 'rejected' ? `${ack.error.code}: ${ack.error.message}` : String(ack?.status);
        throw new Error(`Story script for room "${room}": ${step.type} by ${step.as.id} was not applied (${why}).`);
      }
    }
  } finally {
    await Promise.all([...links.values()].map((l) => l.close()));
  }
  return { room, hub, transport: transport ? transport(hub) : new MemoryTransport(hub) };
}

const thread = (attrs: Partial<Record<'sort' | 'max-depth' | 'allow-anonymous' | 'readonly' | 'locked' | 'label', string>> = {}) =>
  html`<pk-discussion-thread
    thread-id=${ID}
    sort=${attrs.sort ?? 'oldest'}
    max-depth=${attrs['max-depth'] ?? '3'}
    label=${attrs.label ?? 'Week 3: running retrospectives'}
    ?allow-anonymous=${attrs['allow-anonymous'] !== undefined}
    ?readonly=${attrs.readonly !== undefined}
    ?locked=${attrs.locked !== undefined}
  ></pk-discussion-thread>`;

function story(
  room: string,
  steps: Step[],
  viewer: Viewer = {},
  content: () => TemplateResult = () => thread(),
  transport?: (hub: MemoryHub) => MemoryTransport,
) {
  return {
    loaders: [async (): Promise<Loaded> => ({ stage: await threadStage(room, steps, transport) })],
    render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) =>
      inSession((loaded as unknown as Loaded).stage, viewer, content()),
  };
}

const el = (canvas: HTMLElement) => canvas.querySelector<PkDiscussionThread>('pk-discussion-thread')!;
const ready = (t: PkDiscussionThread) => until(() => t.threadLoaded, 'the thread to load');
const button = (root: ParentNode, re: RegExp) => [...root.querySelectorAll('button')].find((b) => re.test((b.textContent ?? '').trim()))!;
const postWith = (t: PkDiscussionThread, text: string) =>
  [...t.shadowRoot!.querySelectorAll<HTMLElement>('article[data-id]')].find((a) => (a.textContent ?? '').includes(text))!;

/** Empty: nobody has posted yet; an invitation and the composer. */
export const Empty: Story = story('story-thread-empty', []);

/** NewPostWaiting: someone posts into the empty thread I have open: "1 post" and "Show 1 new post", not "No posts yet". */
export const NewPostWaiting: Story = {
  ...story('story-thread-new-waiting', []),
  play: async ({ canvasElement, loaded }) => {
    const { stage } = loaded as unknown as Loaded;
    await ready(el(canvasElement));
    const link = new MemoryTransport(stage.hub);
    await link.connect({ room: stage.room, identity: SAM });
    const body = 'Welcome! What would you like to get out of this week?';
    await link.send([{ opId: `story-new-${Date.now()}`, clientId: SAM.id, topic, type: 'post', data: { body }, createdAt: Date.now() }]);
    await link.close();
  },
};

/** Conversation: questions, nested replies, Markdown, a mention, reactions, upvotes and an answered mark. */
export const Conversation: Story = story('story-thread-conversation', CONVERSATION);

/** Loading: the history has not arrived yet (this story's authority never answers). */
class NeverAnswers extends MemoryTransport {
  override fetch(): Promise<FetchResult> {
    return new Promise(() => {});
  }
}
export const Loading: Story = story(
  'story-thread-loading',
  [],
  {},
  () => thread(),
  (hub) => new NeverAnswers(hub),
);

/** Long: 600 posts; only what is on screen is in the DOM (the virtualizer loads on demand). */
const LONG: Step[] = Array.from({ length: 600 }, (_, i) =>
  i % 4 === 0 || i < 4
    ? post([SAM, LI, ANA][i % 3]!, `l${i}`, `Post ${i + 1}: notes from breakout room ${(i % 12) + 1}.`)
    : reply([LI, ANA, SAM][i % 3]!, `l${i}`, `l${i - (i % 4)}`, `Reply ${i + 1}`),
);
export const Long: Story = story('story-thread-long', LONG);

/** Catching up: the first page of a long history is on screen, busy, while the rest is on its way (this story's authority stops after one page). */
class FirstPageOnly extends MemoryTransport {
  #pages = 0;
  override fetch(topic: string, since: number, limit?: number): Promise<FetchResult> {
    if (since < Number.MAX_SAFE_INTEGER && this.#pages++ > 0) return new Promise(() => {});
    return super.fetch(topic, since, limit);
  }
}
export const CatchingUp: Story = story(
  'story-thread-catching-up',
  LONG,
  {},
  () => thread(),
  (hub) => new FirstPageOnly(hub),
);

/** Replying: the inline reply box under a post, labelled with whom you answer. */
export const Replying: Story = {
  ...story('story-thread-replying', CONVERSATION),
  play: async ({ canvasElement }) => {
    const t = el(canvasElement);
    await ready(t);
    button(postWith(t, 'camera off'), /^Reply$/).click();
  },
};

/** Editing: my own post, opened for editing within the edit window. */
export const Editing: Story = {
  ...story('story-thread-editing', [...CONVERSATION, post(YOU, 'mine', 'We tried the *starfish* format; hapy with it.')]),
  play: async ({ canvasElement }) => {
    const t = el(canvasElement);
    await ready(t);
    button(postWith(t, 'starfish'), /^Edit$/).click();
  },
};

/** OfflineQueued: the connection drops and I post anyway: the post shows at once, waiting to be sent. */
export const OfflineQueued: Story = {
  ...story('story-thread-offline', CONVERSATION),
  play: async ({ canvasElement, loaded }) => {
    const { stage } = loaded as unknown as Loaded;
    const t = el(canvasElement);
    await ready(t);
    stage.transport.simulateDrop();
    // Not awaited: post() settles when the authority acknowledges, which waits for the network.
    void t.post('Written on the train: I will share our retro board tomorrow.');
  },
};

/** Locked: a facilitator locked the thread; participants read but cannot post, edit or react. */
export const Locked: Story = story('story-thread-locked', [...CONVERSATION, { as: FACILITATOR, type: 'lock', data: { locked: true } }]);

/** HiddenPost: a facilitator hid a post; participants see a note in its place. */
export const HiddenPost: Story = story('story-thread-hidden', [
  ...CONVERSATION,
  post(LI, 'rude', 'This whole course is a waste of time and so are you all.'),
  act(FACILITATOR, 'hide', 'rude', { hidden: true }),
]);

/** Error: an action the authority refuses shows a readable alert (here: a participant tries to pin). */
export const ErrorState: Story = {
  name: 'Error',
  ...story('story-thread-error', CONVERSATION),
  play: async ({ canvasElement }) => {
    const t = el(canvasElement);
    await ready(t);
    await t.moderate('pin', 'story-q1', true);
  },
};

/** AuthoringError: a mistake in the markup is shown on the page, naming the attribute. */
export const AuthoringError: Story = story(
  'story-thread-authoring',
  [],
  {},
  () => html`<pk-discussion-thread thread-id=${ID} sort="random"></pk-discussion-thread>`,
);

/** FacilitatorView: pin, mark answered, hide on every post; lock and export in the facilitator menu. */
export const FacilitatorView: Story = story(
  'story-thread-facilitator',
  [...CONVERSATION, act(FACILITATOR, 'pin', 'q2', { pinned: true })],
  {
    role: 'facilitator',
    participantId: FACILITATOR.id,
    participantName: FACILITATOR.name,
  },
);

/** TopSorted: Q&A order, most upvoted questions first. */
export const TopSorted: Story = story('story-thread-top', CONVERSATION, {}, () => thread({ sort: 'top' }));

/** Anonymous: anonymous posting is offered; an anonymous question shows without a name. */
export const Anonymous: Story = story(
  'story-thread-anon',
  [
    ...CONVERSATION,
    post(ANA, 'anon', 'I am not sure I understood the difference between a retro and a review. Can someone explain?', { anonymous: true }),
  ],
  {},
  () => thread({ 'allow-anonymous': '' }),
);

/** RTL: Arabic interface and posts, right to left. */
export const RTL: Story = story(
  'story-thread-rtl',
  [
    post(who('story-layla', 'ليلى'), 'a1', 'كيف نحافظ على تركيز الاجتماع الاستعادي؟'),
    reply(who('story-omar', 'عمر'), 'a2', 'a1', 'ابدأ بما نجح، وحدد وقتًا لكل جزء.'),
  ],
  { lang: 'ar', dir: 'rtl' },
  () => thread({ label: 'نقاش الأسبوع الثالث' }),
);

/** ReadOnly: an archived thread, shown without any way to post or react. */
export const ReadOnly: Story = story('story-thread-readonly', CONVERSATION, {}, () => thread({ readonly: '' }));
