import { helpModel, helpTopic } from '../src/components/help-button/help-model.js';
import { statusModel, statusTopic } from '../src/components/help-button/status-model.js';
import type { Operation } from '../src/core/protocol/wire.js';
import type { Actor } from '../src/core/protocol/wire.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import { FACILITATOR, ME, type Loaded } from './support.js';

/** The person looking at a help story, as a participant. */
export const VIEWER: Actor = { id: ME, name: 'Story viewer', role: 'participant' };
/** The producer who works the queue in the stories. */
export const PRODUCER: Actor = { id: 'story-producer', name: 'Pria', role: 'producer' };
const ANA: Actor = { id: 'story-ana', name: 'Ana Souza', role: 'participant' };
const BEN: Actor = { id: 'story-ben', name: 'Ben Okafor', role: 'participant' };

const diagnostics = { state: 'open', transport: 'http', queued: 2, language: 'pt-BR', browser: 'firefox' };

/** One scripted operation; `opId` (8-64 characters) names a request so later steps can point at it. */
type Step = [who: Actor, type: string, data: Record<string, unknown>, opId?: string];

/** The story viewer asks (with consent), then as far as `until` goes. */
export function viewerAsks(until: 'asked' | 'replied' | 'resolved'): Step[] {
  const steps: Step[] = [[VIEWER, 'ask', { kind: 'cant_hear', text: 'No sound since the break', diagnostics }, 'ask-viewer']];
  if (until === 'asked') return steps;
  steps.push(
    [PRODUCER, 'ack', { id: 'ask-viewer' }],
    [PRODUCER, 'step', { id: 'ask-viewer', step: 'identify', done: true }],
    [PRODUCER, 'reply', { id: 'ask-viewer', text: 'Please reload the page; the sound comes back in a moment.' }],
  );
  if (until === 'resolved') steps.push([PRODUCER, 'resolve', { id: 'ask-viewer' }]);
  return steps;
}

/** A queue of two: Ana's (with her diagnostics) waiting, Ben's handled by the facilitator; Ana's page reports its connection. */
export const QUEUE: Step[] = [
  [ANA, 'report', { state: 'open', transport: 'http', queued: 2 }],
  [ANA, 'ask', { kind: 'answers_not_going_through', text: 'My vote spins forever', diagnostics }, 'ask-story-ana'],
  [BEN, 'ask', { kind: 'other', text: 'The slides are frozen' }, 'ask-story-ben'],
  [FACILITATOR, 'ack', { id: 'ask-story-ben' }],
  [FACILITATOR, 'step', { id: 'ask-story-ben', step: 'identify', done: true }],
];

/** The columns of the people table: Ana took part in two widgets and reads Portuguese; Ben is reconnecting, in German. */
export const COLUMNS: Step[] = [
  [
    ANA,
    'report',
    {
      state: 'open',
      transport: 'websocket',
      queued: 0,
      language: 'pt-BR',
      active: Date.now() - 60_000,
      widgets: ['poll:warmup', 'thread:intro'],
    },
  ],
  [BEN, 'report', { state: 'connecting', transport: 'http', queued: 3, language: 'de', active: null, widgets: [] }],
  [BEN, 'ask', { kind: 'cant_see_screen', text: '' }, 'ask-story-ben'],
];

/**
 * A class of `n` people present, each with a connection report (languages, activity and widgets
 * varied), straight on the hub (a transport per person would make the story slow to load).
 */
export function classStage(room: string, n: number): Loaded {
  const hub = new MemoryHub({ models: [helpModel, statusModel] });
  const now = Date.now();
  const languages = ['en', 'nl', 'de', 'fr', 'es', 'pt-BR', 'ar', 'ja'];
  for (let i = 0; i < n; i++) {
    const identity: Actor = { id: `story-p${i}`, name: `Participant ${String(i + 1).padStart(4, '0')}`, role: 'participant' };
    const link = hub.attach(room, { identity, topicAdvanced: () => {}, presenceChanged: () => {} });
    link.setPresent(true);
    const data = {
      state: i % 40 ? 'open' : 'connecting',
      transport: i % 3 ? 'websocket' : 'http',
      queued: i % 40 ? 0 : 2,
      language: languages[i % languages.length],
      active: i % 5 ? now - i * 1000 : null,
      widgets: i % 5 ? ['poll:warmup', ...(i % 2 ? ['thread:intro'] : [])] : [],
    };
    link.apply(
      [{ opId: `story-report-${i}`, clientId: identity.id, topic: statusTopic('room'), type: 'report', data, createdAt: now }],
      4096,
    );
  }
  return { stage: { room, hub, transport: new MemoryTransport(hub) } };
}

/** A story's own hub with the help queue played into it, one connection per scripted person. */
export async function helpStage(room: string, steps: Step[]): Promise<Loaded> {
  const hub = new MemoryHub({ models: [helpModel, statusModel] });
  const links = new Map<string, MemoryTransport>();
  try {
    for (const [who, type, data, opId] of steps) {
      let link = links.get(who.id);
      if (!link) {
        link = new MemoryTransport(hub);
        await link.connect({ room, identity: who });
        links.set(who.id, link);
      }
      const op: Operation = {
        opId: opId ?? `${type}-${who.id}-${links.size}-${Math.random().toString(36).slice(2, 8)}`,
        clientId: who.id,
        topic: type === 'report' ? statusTopic('room') : helpTopic('room'),
        type,
        data,
        createdAt: Date.now(),
      };
      const [ack] = await link.send([op]);
      if (ack?.status !== 'applied')
        throw new Error(`Help story "${room}": ${type} by ${who.id} was not applied (${JSON.stringify(ack)}).`);
    }
  } finally {
    await Promise.all([...links.values()].map((l) => l.close()));
  }
  return { stage: { room, hub, transport: new MemoryTransport(hub) } };
}
