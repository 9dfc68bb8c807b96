import type { TopicModel } from '../src/core/protocol/model.js';
/**
 * Shared setup for stories: every story gets its own in-memory authority (a MemoryHub), seeded
 * with operations sent by scripted people over their own MemoryTransport, and a widget that joins
 * the same hub through `<pk-session .transport=…>`. Nothing touches the network, and every
 * participant id is fixed, so a story looks the same on every load.
 */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ref } from 'lit/directives/ref.js';
import type { PkSession } from '../src/components/session/pk-session.js';
import { pollModel, pollTopic } from '../src/components/pulse-poll/poll-model.js';
import type { PollConfig } from '../src/components/pulse-poll/poll-types.js';
import { newOpId } from '../src/core/protocol/ids.js';
import { IdbOutbox } from '../src/core/client/outbox.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import type { Actor, Operation, Role } from '../src/core/protocol/wire.js';

/** The facilitator who opens, closes and reveals seeded polls. */
export const FACILITATOR: Actor = { id: 'story-facilitator', name: 'Fay', role: 'facilitator' };

/** Participant id of the person looking at the story (the widget's own identity). */
export const ME = 'story-me';

/** One operation of a story's script, sent by `as`. */
export interface SeedStep {
  as: Actor;
  topic: string;
  type: string;
  data: unknown;
}

/** A story's private authority and the transport its widget uses. */
export interface Stage {
  room: string;
  hub: MemoryHub;
  /** Give this to `<pk-session .transport>`; its fault hooks (simulateDrop…) drive offline stories. */
  transport: MemoryTransport;
}

const participant = (id: string): Actor => ({ id, name: id, role: 'participant' });

/** A facilitator opens poll `pollId` with `config` (and optionally a timer). */
export const open = (pollId: string, config: PollConfig, seconds: number | null = null): SeedStep => ({
  as: FACILITATOR,
  topic: pollTopic(pollId),
  type: 'open',
  data: { config, seconds },
});

/** Participant `voterId` votes `choices` in `round`. */
export const vote = (pollId: string, voterId: string, choices: string[], round = 1): SeedStep => ({
  as: participant(voterId),
  topic: pollTopic(pollId),
  type: 'vote',
  data: { round, choices },
});

/** One vote per entry, from participants voter-1, voter-2, … */
export const votes = (pollId: string, ballots: Array<string | string[]>): SeedStep[] =>
  ballots.map((b, i) => vote(pollId, `voter-${i + 1}`, Array.isArray(b) ? b : [b]));

/** The facilitator closes the poll. */
export const close = (pollId: string): SeedStep => ({ as: FACILITATOR, topic: pollTopic(pollId), type: 'close', data: {} });

/** The facilitator reveals (or hides) the results. */
export const reveal = (pollId: string, revealed = true): SeedStep => ({
  as: FACILITATOR,
  topic: pollTopic(pollId),
  type: 'reveal',
  data: { revealed },
});

/**
 * Drops whatever an earlier load of this story left in the durable outbox (an offline story
 * queues a vote there), so a reload starts from the script alone.
 */
async function clearOutbox(room: string): Promise<void> {
  try {
    const box = new IdbOutbox();
    const left = await box.list(room);
    await box.remove(left.map((op) => op.opId));
    box.close();
  } catch {
    // No IndexedDB (some sandboxes): nothing can have been left behind either.
  }
}

/** Builds a story's hub (knowing `models`, the poll's by default) and plays `steps` into it, one connection per scripted person. */
export async function stage(room: string, steps: SeedStep[], models: TopicModel<any>[] = [pollModel]): Promise<Stage> {
  await clearOutbox(room);
  const hub = new MemoryHub({ models });
  const links = new Map<string, MemoryTransport>();
  try {
    for (const step of steps) {
      let link = links.get(step.as.id);
      if (!link) {
        link = new MemoryTransport(hub);
        await link.connect({ room, identity: step.as });
        links.set(step.as.id, link);
      }
      const op: Operation = {
        opId: newOpId(),
        clientId: step.as.id,
        topic: step.topic,
        type: step.type,
        data: step.data,
        createdAt: Date.now(),
      };
      const [ack] = await link.send([op]);
      if (ack?.status !== 'applied') {
        const why = ack?.status === 'rejected' ? `${ack.error.code}: ${ack.error.message}` : String(ack?.status);
        throw new Error(`Story script for room "${room}": ${step.type} by ${step.as.id} was not applied (${why}).`);
      }
    }
  } finally {
    await Promise.all([...links.values()].map((l) => l.close()));
  }
  return { room, hub, transport: new MemoryTransport(hub) };
}

/** How the person looking at the story is signed in. */
export interface Viewer {
  role?: Role;
  participantId?: string;
  participantName?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
}

/**
 * Gives the session its transport once the element has rendered, as a host page's script would
 * (`document.querySelector('pk-session').transport = …`).
 *
 * Why not `.transport=${…}` in the template: <pk-session> builds a session in connectedCallback and
 * then rebuilds in its first willUpdate (every initial property counts as "changed"). The rebuild
 * closes the first session, and with it the transport, then reuses that closed transport, so the
 * widget never connects ("The transport is closed."). Setting it after the first update avoids the
 * double build; it keeps working once <pk-session> is fixed.
 */
const attach = (transport: MemoryTransport) => (el?: Element) => {
  const session = el as PkSession | undefined;
  if (!session || session.transport === transport) return;
  void session.updateComplete.then(() => {
    session.transport = transport;
  });
};

/** Wraps `content` in a `<pk-session>` joined to the stage's hub. */
export function inSession(s: Stage, viewer: Viewer, content: TemplateResult): TemplateResult {
  return html`<pk-session
    room=${s.room}
    user-role=${viewer.role ?? 'participant'}
    participant-id=${viewer.participantId ?? ME}
    participant-name=${viewer.participantName ?? 'Story viewer'}
    lang=${ifDefined(viewer.lang)}
    dir=${ifDefined(viewer.dir)}
    ${ref(attach(s.transport))}
    >${content}</pk-session
  >`;
}

/** Extra attributes of a poll that are not part of its config. */
export interface PollExtras {
  draft?: boolean;
  timerSeconds?: number;
  /** Options to write as `<option>` children instead of the config's (for authoring mistakes). */
  options?: Array<{ value: string; label: string }>;
}

/**
 * `<pk-pulse-poll>` written the way an author would, from the same config the script opens it
 * with: what the page says and what the facilitator opened agree.
 */
export function pollElement(pollId: string, cfg: PollConfig, extras: PollExtras = {}): TemplateResult {
  const options = extras.options ?? cfg.options;
  return html`<pk-pulse-poll
    poll-id=${pollId}
    question=${cfg.question}
    kind=${cfg.kind}
    results=${cfg.results}
    anonymous=${String(cfg.anonymous)}
    ?allow-change=${cfg.allowChange}
    ?draft=${extras.draft ?? false}
    max-choices=${ifDefined(cfg.kind === 'multiple' || cfg.kind === 'text' ? cfg.maxChoices : undefined)}
    min=${ifDefined(cfg.min)}
    max=${ifDefined(cfg.max)}
    min-label=${ifDefined(cfg.minLabel)}
    max-label=${ifDefined(cfg.maxLabel)}
    timer-seconds=${ifDefined(extras.timerSeconds)}
    >${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}</pk-pulse-poll
  >`;
}

/** What a story's loader hands its render function. */
export interface Loaded {
  stage: Stage;
}

/** Everything a seeded story needs: a loader that builds the stage and a render that shows it. */
export function seeded(room: string, steps: SeedStep[], view: (s: Stage) => TemplateResult) {
  return {
    loaders: [async (): Promise<Loaded> => ({ stage: await stage(room, steps) })],
    render: (_args: unknown, { loaded }: { loaded: Record<string, unknown> }) => view((loaded as unknown as Loaded).stage),
  };
}

/** Resolves once `check()` is true (polled every 20 ms); rejects after `ms`. */
export async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
