import type { SessionClient } from '../../core/client/session-client.js';
import type { TopicHandle } from '../../core/client/topic-handle.js';
import { kindOf, type TopicModel } from '../../core/protocol/model.js';
import { isTopic } from '../../core/protocol/wire.js';
import type { RelatedFollower } from './meter-session.js';

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
  ['poll', { kind: 'poll', load: () => import('../pulse-poll/participation.js') }],
  ['survey', { kind: 'survey', load: () => import('../session-survey/participation.js') }],
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
      return {
        topics: [],
        problem: `related: no participation source for "${kindOf(t)}" topics (known: ${participationKinds().join(', ')}). Register one with registerParticipationSource().`,
      };
    }
  }
  return { topics, problem: null };
}

interface Related {
  topic: string;
  handle: TopicHandle<any> | null;
  count: (state: any) => number;
}

/**
 * Read-only handles on the meter's related topics, opened through the meter's session, and the
 * participation counted in each. Only facilitators and producers follow them (the staff chunk
 * creates this and hands it to the meter's session controller).
 */
export class RelatedTopics implements RelatedFollower {
  #related: Related[] = [];
  #bound: string[] = [];
  #unsubs: Array<() => void> = [];
  #generation = 0;

  /** `topics`: the related topics to follow on a session (none for a participant). */
  constructor(private readonly topics: (session: SessionClient) => string[]) {}

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

  isBound(session: SessionClient): boolean {
    return this.topics(session).join(' ') === this.#bound.join(' ');
  }

  bind(session: SessionClient, onChange: () => void): void {
    const generation = ++this.#generation;
    const related = this.topics(session);
    this.#bound = related;
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
          this.#unsubs.push(entry.handle.subscribe(onChange));
          onChange();
        },
        (err) => console.error(`[pulsekit] could not load the participation source for ${name}:`, err),
      );
    }
  }

  unbind(): void {
    this.#generation++;
    for (const u of this.#unsubs) u();
    this.#unsubs = [];
    for (const r of this.#related) r.handle?.release();
    this.#related = [];
    this.#bound = [];
  }
}
