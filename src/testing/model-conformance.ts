/**
 * The model conformance suite: what every topic model must do so that every authority (the
 * embedded ones, the reference server) and every client can run it. Models are an extension point
 * like transports; register mocha `describe`/`it` blocks (globals) with it, no assertion library:
 *
 *   runModelConformance('my model', { model: myModel, script: [{ actor: fay, type: 'open', data: {} }, …] });
 */
import { authorityStep, modelMap } from '../core/protocol/authority.js';
import { projectEvent, type StoredEvent, type TopicModel } from '../core/protocol/model.js';
import type { Actor, EventEnvelope } from '../core/protocol/wire.js';
import { ConformanceError } from './conformance-error.js';
import { check } from './conformance-checks.js';

/** One operation of a script: who sends what (its opId is made up when not given). */
export interface ModelStep {
  actor: Actor;
  type: string;
  data: unknown;
  opId?: string;
}

/** The model under test and a short session it accepts. */
export interface ModelHarness {
  model: TopicModel<any>;
  /**
   * Operations the model accepts, in order, one second apart: a session that reaches every
   * operation type, by people of every role it serves. Hostile data is tried on each type.
   */
  script: ModelStep[];
  /** The id part of the topic (default `conformance`). */
  id?: string;
}

const T0 = 1_700_000_000_000;
const KIND = /^[a-z][a-z0-9-]{0,31}$/;
const CODE = /^[a-z][a-z0-9_]*$/;
const VIEWERS: Actor[] = [
  { id: 'model-conf-participant', name: 'Pat', role: 'participant' },
  { id: 'model-conf-facilitator', name: 'Fay', role: 'facilitator' },
  { id: 'model-conf-producer', name: 'Pro', role: 'producer' },
];

/** Data a participant could send instead of what the model expects. */
function hostileData(): unknown[] {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 30; i++) deep = { a: [deep] };
  return [
    null,
    0,
    -1,
    1e308,
    '',
    'x'.repeat(5000),
    true,
    [],
    {},
    [null, {}, 'x'],
    JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}'),
    { text: 42, choices: 'a', postId: [], answers: 'x', config: null, definition: 7, seconds: -5, state: {}, round: 'x' },
    deep,
  ];
}

/** Where `value` is not plain JSON data (what a checkpoint, IndexedDB and the wire keep), or null. */
export function jsonProblem(value: unknown, path = 'state'): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      if (v === undefined) return `${path}[${i}] is undefined (JSON makes it null)`;
      const p = jsonProblem(v, `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    return `${path} is a ${proto?.constructor?.name ?? 'class instance'}, not a plain object`;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue; // dropped by JSON, the same on every side
    const p = jsonProblem(v, `${path}.${k}`);
    if (p) return p;
  }
  return null;
}

const json = (v: unknown) => JSON.stringify(v);

/** Runs the script through `authorityStep`: the events and the state before and after each. */
function play(model: TopicModel<any>, topic: string, script: ModelStep[]) {
  const models = modelMap([model]);
  const steps: { event: StoredEvent; before: unknown; after: unknown; step: ModelStep }[] = [];
  let state: unknown = model.initial();
  script.forEach((step, i) => {
    const op = {
      opId: step.opId ?? `model-conf-${i}-0000`,
      clientId: step.actor.id,
      topic,
      type: step.type,
      data: structuredClone(step.data),
      createdAt: T0,
    };
    const r = authorityStep(models, op, step.actor, undefined, state, i, T0 + i * 1000);
    check(r.ack.status === 'applied' && r.event, `script step ${i} (${step.type} by a ${step.actor.role}) was not applied: ${json(r.ack)}`);
    steps.push({ event: r.event, before: state, after: r.state, step });
    state = r.state;
  });
  return { steps, final: state };
}

/** One case of the suite: its name, and a check that throws ConformanceError when the model fails it. */
export interface ModelCase {
  name: string;
  run(): void;
}

/** Registers the model conformance cases for `harness.model` (mocha `describe`/`it`). */
export function runModelConformance(name: string, harness: ModelHarness): void {
  describe(`Model conformance: ${name}`, () => {
    for (const c of modelConformanceCases(harness)) it(c.name, () => c.run());
  });
}

/** The cases of the suite, to run without mocha (the suite's own tests feed it broken models). */
export function modelConformanceCases(harness: ModelHarness): ModelCase[] {
  const { model, script } = harness;
  const topic = `${model.kind}:${harness.id ?? 'conformance'}`;
  const cases: ModelCase[] = [];
  const rule = (name: string, run: () => void) => void cases.push({ name, run });

  rule('has a topic kind, a fresh JSON initial state each time, and a sane size limit', () => {
    check(KIND.test(model.kind), `kind "${model.kind}" is not a lowercase name of 1-32 characters`);
    const a = model.initial();
    const b = model.initial();
    check(a === null || typeof a !== 'object' || a !== b, 'initial() returns the same object twice: one topic would change another');
    check(json(a) === json(b), 'initial() differs between calls');
    const problem = jsonProblem(a);
    check(!problem, `initial(): ${problem}`);
    if (model.maxDataBytes !== undefined)
      check(Number.isSafeInteger(model.maxDataBytes) && model.maxDataBytes > 0, 'maxDataBytes is a positive integer');
    check(script.length > 0, 'the harness gives a script');
  });

  rule('accepts its script through the authority step; every state is plain JSON and survives a checkpoint', () => {
    const { steps, final } = play(model, topic, script);
    for (const [i, s] of steps.entries()) {
      const problem = jsonProblem(s.after);
      check(!problem, `after step ${i} (${s.step.type}): ${problem}`);
      const eventProblem = jsonProblem(s.event.data, 'event.data');
      check(!eventProblem, `step ${i} (${s.step.type}): ${eventProblem}`);
      // An authority restarts from a JSON checkpoint and folds the events after it.
      let state = JSON.parse(json(s.after)) as unknown;
      for (const later of steps.slice(i + 1)) state = model.evolve(state, JSON.parse(json(later.event)));
      check(json(state) === json(final), `folding on from a JSON checkpoint after step ${i} (${s.step.type}) ends in another state`);
    }
  });

  rule('decide and evolve leave their inputs unchanged, and decide gives the same answer twice', () => {
    const { steps } = play(model, topic, script);
    for (const [i, s] of steps.entries()) {
      const before = json(s.before);
      const op = {
        opId: `model-conf-again-${i}`,
        clientId: s.step.actor.id,
        topic,
        type: s.step.type,
        data: structuredClone(s.step.data),
        createdAt: T0,
      };
      const first = json(model.decide(s.before, op, s.step.actor, T0 + i * 1000));
      const second = json(model.decide(s.before, op, s.step.actor, T0 + i * 1000));
      check(first === second, `decide of step ${i} (${s.step.type}) answered differently the second time`);
      check(json(s.before) === before, `decide of step ${i} (${s.step.type}) changed the state it was given`);
      const event = json(s.event);
      model.evolve(s.before, s.event);
      check(
        json(s.before) === before,
        `evolve of step ${i} (${s.step.type}) changed the state it was given (a client's confirmed state would take in its pending operations)`,
      );
      check(json(s.event) === event, `evolve of step ${i} (${s.step.type}) changed the event`);
    }
  });

  rule('a client folds the events as each viewer receives them (without actor, data reduced) without throwing', () => {
    const { steps, final } = play(model, topic, script);
    let state: unknown = model.initial();
    for (const s of steps) state = model.evolve(state, structuredClone(s.event));
    check(json(state) === json(final), 'folding the delivered events gives another state than the authority reached');
    for (const viewer of VIEWERS) {
      let seen: unknown = model.initial();
      for (const [i, s] of steps.entries()) {
        const delivered = projectEvent(model, s.after, s.event, viewer);
        const { actor: _actor, ...withoutActor } = delivered;
        try {
          seen = model.evolve(seen, withoutActor as EventEnvelope);
        } catch (err) {
          throw new ConformanceError(
            `evolve threw on step ${i} (${s.step.type}) as a ${viewer.role} receives it without its actor: ${(err as Error).message}`,
          );
        }
      }
    }
  });

  rule('answers hostile data with a decision (never a throw), folds what it accepts, and ignores malformed events', () => {
    const { steps, final } = play(model, topic, script);
    const states = [model.initial(), steps[Math.floor(steps.length / 2)]?.after, final];
    const types = [...new Set(script.map((s) => s.type)), 'no-such-type'];
    let n = 0;
    for (const type of types) {
      for (const data of hostileData()) {
        // An event with data no decide would accept (an older or foreign authority): ignored, never a throw.
        for (const state of states) {
          try {
            model.evolve(state, { v: 1, topic, seq: 1, opId: 'model-conf-malformed', type, data, at: T0 });
          } catch (err) {
            throw new ConformanceError(
              `evolve threw on a ${type} event with data ${json(data)?.slice(0, 60)}: ${(err as Error).message}; ignore malformed data instead`,
            );
          }
        }
        for (const viewer of VIEWERS) {
          for (const state of states) {
            const op = { opId: `model-conf-hostile-${++n}`, clientId: viewer.id, topic, type, data, createdAt: T0 };
            const what = `${type} ${json(data)?.slice(0, 60)} by a ${viewer.role}`;
            let d;
            try {
              d = model.decide(state, op, viewer, T0);
            } catch (err) {
              throw new ConformanceError(`decide threw on ${what}: ${(err as Error).message}; refuse with a reason instead`);
            }
            if (!d.ok) {
              check(
                CODE.test(d.error?.code) && typeof d.error.message === 'string' && typeof d.error.retryable === 'boolean',
                `the refusal of ${what} is not {code, message, retryable}: ${json(d)}`,
              );
              continue;
            }
            check(type !== 'no-such-type', `an unknown operation type was accepted: ${what}`);
            const event: StoredEvent = { v: 1, topic, seq: 1, opId: op.opId, type: d.type ?? type, data: d.data, at: T0, actor: viewer };
            let after: unknown;
            try {
              after = model.evolve(state, event);
            } catch (err) {
              throw new ConformanceError(
                `decide accepted ${what}, then evolve threw (the authority answers model_error): ${(err as Error).message}`,
              );
            }
            const problem = jsonProblem(after);
            check(!problem, `after accepting ${what}: ${problem}`);
          }
        }
      }
    }
  });

  rule('projections for any viewer neither throw nor change the state or the event', () => {
    const { steps } = play(model, topic, script);
    for (const [i, s] of steps.entries()) {
      for (const viewer of [s.step.actor, ...VIEWERS]) {
        const state = json(s.after);
        const event = json(s.event);
        const what = `step ${i} (${s.step.type}) for a ${viewer.role}`;
        if (model.actorVisible)
          check(typeof model.actorVisible(s.after, s.event, viewer) === 'boolean', `actorVisible of ${what} is not a boolean`);
        if (model.viewEvent) {
          const seen = model.viewEvent(s.event, viewer);
          check(
            seen.topic === s.event.topic && seen.seq === s.event.seq && seen.opId === s.event.opId,
            `viewEvent of ${what} changed the event's topic, seq or opId`,
          );
        }
        if (model.viewState) {
          const problem = jsonProblem(model.viewState(s.after, viewer), 'viewState');
          check(!problem, `${what}: ${problem}`);
        }
        check(json(s.after) === state, `a projection of ${what} changed the state`);
        check(json(s.event) === event, `a projection of ${what} changed the stored event`);
      }
    }
  });
  return cases;
}
