import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { defaultSession } from '../../core/default-session.js';
import { kindOf, type TopicModel } from '../../core/model.js';
import type { SessionClient } from '../../core/session-client.js';
import { sessionContext } from '../../core/session-context.js';
import type { TopicHandle } from '../../core/topic-handle.js';
import { isTopic } from '../../core/wire.js';
import type { MeterState } from './meter-types.js';

/**
 * How the meter reads participation in another widget's topic: the topic model (to fold its
 * events through the same session) and a count of distinct participants who took part.
 */
export interface ParticipationSource<S = any> {
  /** Topic kind it reads (`poll`, `thread`, …). */
  readonly kind: string;
  /** Loads the model lazily, so a meter pays only for the kinds it relates to. */
  load(): Promise<{ model: TopicModel<S>; participants(state: S): number }>;
}

const sources = new Map<string, ParticipationSource>([
  [
    'poll',
    {
      kind: 'poll',
      load: async () => {
        const { pollModel } = await import('../pulse-poll/poll-model.js');
        // Distinct participants who answered the current round.
        return { model: pollModel, participants: (s) => (s as { responded?: number }).responded ?? 0 };
      },
    },
  ],
  [
    'survey',
    {
      kind: 'survey',
      load: async () => {
        const { surveyModel } = await import('../session-survey/survey-model.js');
        // Distinct responses.
        return { model: surveyModel, participants: (s) => (s as { count?: number }).count ?? 0 };
      },
    },
  ],
]);

/**
 * Teaches every meter on the page to read participation from topics of `source.kind` (for
 * example a thread model counting distinct posters). Replaces an earlier source of that kind.
 */
export function registerParticipationSource(source: ParticipationSource): void {
  sources.set(source.kind, source);
}

/** Kinds meters can read participation from. */
export const participationKinds = (): string[] => [...sources.keys()];

/** Splits a `related` attribute into topic names, reporting the first unusable one. */
export function parseRelated(value: string): { topics: string[]; problem: string | null } {
  const topics = [...new Set(value.split(/\s+/).filter(Boolean))];
  for (const t of topics) {
    if (!isTopic(t)) return { topics: [], problem: `related: "${t}" is not a topic name like poll:warmup or thread:qa.` };
    if (!sources.has(kindOf(t))) {
      return { topics: [], problem: `related: no participation source for "${kindOf(t)}" topics (known: ${participationKinds().join(', ')}). Register one with registerParticipationSource().` };
    }
  }
  return { topics, problem: null };
}

interface Related {
  topic: string;
  handle: TopicHandle<any> | null;
  count: (state: any) => number;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The meter's link to its session: the meter topic's handle plus read-only handles on related
 * topics, opened through the same session. Unlike the core SessionController it does not render
 * on every change: it calls `onChange`, which the element routes through its throttle.
 */
export class MeterSessionController implements ReactiveController {
  /** Session in use, once resolved. */
  session: SessionClient | null = null;
  /** Handle on the meter topic. */
  handle: TopicHandle<MeterState> | null = null;
  #related: Related[] = [];
  #fromContext: SessionClient | undefined;
  #unsubs: Array<() => void> = [];
  #connected = false;
  #boundRelated: string[] = [];
  #generation = 0;

  constructor(
    host: Host,
    private readonly topicName: () => string | null,
    private readonly relatedTopics: (session: SessionClient) => string[],
    private readonly model: TopicModel<MeterState>,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
    new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (value) => {
        this.#fromContext = value;
        if (this.#connected) this.#bind();
      },
    });
  }

  /** Participants counted in each related topic that has loaded, in `related` order. */
  participation(): number[] {
    const out: number[] = [];
    for (const r of this.#related) {
      if (!r.handle) continue;
      try {
        out.push(r.count(r.handle.state));
      } catch {
        // A source that cannot read a state counts nobody rather than breaking the meter.
      }
    }
    return out;
  }

  /** Number of related topics asked for. */
  get relatedCount(): number {
    return this.#related.length;
  }

  hostConnected(): void {
    this.#connected = true;
    queueMicrotask(() => {
      if (this.#connected) this.#bind();
    });
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unbind();
  }

  /** Re-reads the topic names (call when meter-id or related changed). */
  refresh(): void {
    if (this.#connected) this.#bind();
  }

  #bind(): void {
    const session = this.#fromContext ?? defaultSession();
    const topic = this.topicName();
    const related = this.relatedTopics(session);
    if (session === this.session && topic === (this.handle?.topic ?? null) && related.join(' ') === this.#boundRelated.join(' ')) return;
    this.#unbind();
    const generation = ++this.#generation;
    this.session = session;
    this.#boundRelated = related;
    if (topic) {
      try {
        this.handle = session.topic(topic, this.model);
        this.#unsubs.push(this.handle.subscribe(this.onChange));
      } catch (err) {
        console.error('[pulsekit]', err);
      }
    }
    for (const name of related) {
      const entry: Related = { topic: name, handle: null, count: () => 0 };
      this.#related.push(entry);
      const source = sources.get(kindOf(name));
      if (!source) continue;
      void source.load().then(
        ({ model, participants }) => {
          if (generation !== this.#generation) return;
          entry.handle = session.topic(name, model);
          entry.count = participants;
          this.#unsubs.push(entry.handle.subscribe(this.onChange));
          this.onChange();
        },
        (err) => console.error(`[pulsekit] could not load the participation source for ${name}:`, err),
      );
    }
    this.#unsubs.push(session.subscribe(this.onChange));
    this.onChange();
  }

  #unbind(): void {
    this.#generation++;
    for (const u of this.#unsubs) u();
    this.#unsubs = [];
    this.handle?.release();
    this.handle = null;
    for (const r of this.#related) r.handle?.release();
    this.#related = [];
    this.#boundRelated = [];
    this.session = null;
  }
}
