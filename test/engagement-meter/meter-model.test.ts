import { expect } from '@open-wc/testing';
import { authorityStep, modelMap } from '../../src/core/protocol/authority.js';
import { projectEvent, type StoredEvent } from '../../src/core/protocol/model.js';
import type { Ack, Actor, EventEnvelope, Operation } from '../../src/core/protocol/wire.js';
import {
  aggregate,
  engagementIndex,
  meterModel,
  meterTopic,
  meterViewState,
  myEntry,
  myHandPosition,
  nextAlert,
  type MeterAggregateOptions,
  type MeterState,
} from '../../src/components/engagement-meter/meter-model.js';
import { AuthorityClock, estimateOffset, NO_BOUNDS, observe } from '../../src/core/lit/authority-clock.js';
import { ThrottleController } from '../../src/core/lit/render-throttle.js';
import { pickLabel, resolveSignals } from '../../src/components/engagement-meter/meter-signals.js';
import {
  addSample,
  csvCell,
  sparkline,
  timelineCsv,
  timelineJson,
  type TimelineSample,
} from '../../src/components/engagement-meter/meter-timeline.js';
import { parseRelated } from '../../src/components/engagement-meter/meter-related.js';

const TOPIC = 'meter:class';
const T0 = 1_700_000_000_000;
const models = modelMap([meterModel]);

const fac: Actor = { id: 'fac', name: 'Fran', role: 'facilitator' };
const prod: Actor = { id: 'prod', name: 'Pat', role: 'producer' };
const ana: Actor = { id: 'ana', name: 'Ana', role: 'participant' };
const ben: Actor = { id: 'ben', name: 'Ben', role: 'participant' };
const cai: Actor = { id: 'cai', name: 'Cai', role: 'participant' };

const STATES = [
  { name: 'got-it', weight: 1 },
  { name: 'confused', weight: -1 },
  { name: 'too-fast', weight: -0.5 },
  { name: 'too-slow', weight: -0.5 },
  { name: 'away', weight: -1 },
];
const opts = (present: number | null, extra: Partial<MeterAggregateOptions> = {}): MeterAggregateOptions => ({
  states: STATES,
  present,
  minGroup: 1,
  participation: [],
  ...extra,
});

/** A minimal authority around the real `authorityStep`, storing events and state as transports do. */
class Room {
  state: MeterState | undefined;
  events: StoredEvent[] = [];
  now = T0;
  private n = 0;

  get s(): MeterState {
    return this.state ?? meterModel.initial();
  }

  send(actor: Actor, type: string, data: unknown, now = this.now): Ack {
    const op: Operation = { opId: `op-${String(++this.n).padStart(6, '0')}`, clientId: actor.id, topic: TOPIC, type, data, createdAt: now };
    const r = authorityStep<MeterState>(models, op, actor, undefined, this.state, this.events.length, now);
    if (r.event) {
      this.events.push(r.event);
      this.state = r.state;
    }
    return r.ack;
  }

  /** What `viewer` folds from the events as projected for them. */
  foldAs(viewer: Actor): MeterState {
    let s = meterModel.initial();
    for (const e of this.events) s = meterModel.evolve(s, projectEvent(meterModel, this.s, e, viewer));
    return s;
  }

  projected(viewer: Actor): EventEnvelope[] {
    return this.events.map((e) => projectEvent(meterModel, this.s, e, viewer));
  }
}

const code = (ack: Ack): string => (ack.status === 'rejected' ? ack.error.code : ack.status);

describe('meter model', () => {
  it('topic names come from meter ids', () => {
    expect(meterTopic('class-1')).to.equal('meter:class-1');
    expect(() => meterTopic('a b')).to.throw(/Invalid meter id/);
  });

  describe('sticky states and expiry (authority clock)', () => {
    it('a state carries a slot, never an id or name, and expires at now + ttl', () => {
      const r = new Room();
      expect(code(r.send(ana, 'state', { state: 'confused' }))).to.equal('applied');
      const data = r.events[0]!.data as Record<string, unknown>;
      expect(data).to.deep.equal({ slot: 1, state: 'confused', expiresAt: T0 + 600_000, named: false });
      expect(JSON.stringify(data)).to.not.contain('ana');
      expect(code(r.send(ben, 'state', { state: 'got-it', ttl: 30 }))).to.equal('applied');
      expect((r.events[1]!.data as { expiresAt: number }).expiresAt).to.equal(T0 + 30_000);
      expect((r.events[1]!.data as { slot: number }).slot).to.equal(2);
    });

    it('counts a state until it expires, then not; later events prune it from the state', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused', ttl: 60 });
      expect(aggregate(r.s, T0 + 59_999, opts(1)).counts.confused).to.equal(1);
      expect(aggregate(r.s, T0 + 60_000, opts(1)).counts.confused).to.equal(0);
      expect(myEntry(r.s, 'ana', T0 + 59_999)?.state).to.equal('confused');
      expect(myEntry(r.s, 'ana', T0 + 60_000)).to.equal(null);
      r.send(ben, 'state', { state: 'got-it' }, T0 + 61_000);
      expect(Object.keys(r.s.entries)).to.deep.equal(['2']);
    });

    it('a new state replaces mine (one per participant) and null withdraws it', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' });
      r.send(ana, 'state', { state: 'got-it' }, T0 + 1000);
      const a = aggregate(r.s, T0 + 2000, opts(3));
      expect(a.counts).to.include({ confused: 0, 'got-it': 1 });
      expect(a.active).to.equal(1);
      r.send(ana, 'state', { state: null }, T0 + 3000);
      expect(aggregate(r.s, T0 + 4000, opts(3)).active).to.equal(0);
    });

    it('uses the authority clock for expiry, not the client one', () => {
      // The op claims a client time an hour ahead; the authority stamps its own.
      const op: Operation = {
        opId: 'op-skewed-1',
        clientId: 'ana',
        topic: TOPIC,
        type: 'state',
        data: { state: 'away', ttl: 10 },
        createdAt: T0 + 3_600_000,
      };
      const step = authorityStep<MeterState>(models, op, ana, undefined, undefined, 0, T0);
      expect((step.event!.data as { expiresAt: number }).expiresAt).to.equal(T0 + 10_000);
      expect(step.event!.at).to.equal(T0);
    });
  });

  describe('reactions fade', () => {
    it('count as recent until they fade', () => {
      const r = new Room();
      r.send(ana, 'react', { reaction: 'clap' });
      r.send(ben, 'react', { reaction: 'clap', fade: 2 });
      expect(aggregate(r.s, T0 + 1000, opts(2)).reactions).to.deep.equal({ clap: 2 });
      expect(aggregate(r.s, T0 + 2000, opts(2)).reactions).to.deep.equal({ clap: 1 });
      expect(aggregate(r.s, T0 + 10_000, opts(2)).reactions).to.deep.equal({});
      expect(aggregate(r.s, T0 + 1000, opts(2)).reactors).to.equal(2);
    });

    it('a participant may send 5 reactions per 10 s by the authority clock; the 6th is refused', () => {
      const r = new Room();
      for (let i = 0; i < 5; i++) expect(code(r.send(ana, 'react', { reaction: 'wow' }, T0 + i * 100))).to.equal('applied');
      expect(code(r.send(ana, 'react', { reaction: 'wow' }, T0 + 600))).to.equal('too_many_reactions');
      expect(code(r.send(ben, 'react', { reaction: 'wow' }, T0 + 600)), 'others are not limited by me').to.equal('applied');
      expect(code(r.send(ana, 'react', { reaction: 'wow' }, T0 + 10_001))).to.equal('applied');
    });
  });

  describe('hand-raise queue', () => {
    it('keeps raise order; lowering (own or by a facilitator) removes one hand', () => {
      const r = new Room();
      r.send(ana, 'hand', { raised: true });
      r.send(ben, 'hand', { raised: true }, T0 + 1);
      r.send(cai, 'hand', { raised: true }, T0 + 2);
      expect(r.s.hands.map((h) => h.slot)).to.deep.equal([1, 2, 3]);
      expect([myHandPosition(r.s, 'ana'), myHandPosition(r.s, 'ben'), myHandPosition(r.s, 'cai')]).to.deep.equal([1, 2, 3]);
      r.send(ben, 'hand', { raised: false });
      expect(code(r.send(fac, 'lower', { slot: 1 }))).to.equal('applied');
      expect(r.s.hands.map((h) => h.slot)).to.deep.equal([3]);
      expect(myHandPosition(r.s, 'cai')).to.equal(1);
      expect(myHandPosition(r.s, 'ana')).to.equal(0);
      r.send(ana, 'hand', { raised: true }, T0 + 5);
      expect(
        r.s.hands.map((h) => h.slot),
        'a hand raised again goes to the back',
      ).to.deep.equal([3, 1]);
    });

    it('refuses raising twice and lowering a hand that is not raised', () => {
      const r = new Room();
      r.send(ana, 'hand', { raised: true });
      expect(code(r.send(ana, 'hand', { raised: true }))).to.equal('hand_already_raised');
      expect(code(r.send(ben, 'hand', { raised: false }))).to.equal('hand_not_raised');
      expect(code(r.send(fac, 'lower', { slot: 42 }))).to.equal('hand_not_raised');
    });
  });

  describe('clear all', () => {
    it('a facilitator clears states, reactions and hands; new pseudonyms follow', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' });
      r.send(ben, 'react', { reaction: 'clap' });
      r.send(cai, 'hand', { raised: true });
      r.send(fac, 'mark', { label: 'slide 3' });
      expect(code(r.send(prod, 'clear', {}, T0 + 100))).to.equal('applied');
      expect(r.s.entries).to.deep.equal({});
      expect(r.s.reactions).to.deep.equal([]);
      expect(r.s.hands).to.deep.equal([]);
      expect(r.s.markers, 'markers survive').to.have.length(1);
      expect(r.s.clearedAt).to.equal(T0 + 100);
      r.send(ana, 'state', { state: 'got-it' }, T0 + 200);
      expect((r.events[r.events.length - 1]!.data as { slot: number }).slot, 'ana gets a new slot').to.equal(4);
    });

    it('participants cannot clear (forbidden, nothing changes)', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' });
      const before = r.s;
      expect(code(r.send(ben, 'clear', {}))).to.equal('forbidden');
      expect(r.s).to.equal(before);
    });
  });

  describe('roles and hostile input', () => {
    it('facilitator controls are refused from participants; signals from facilitators and producers', () => {
      const r = new Room();
      r.send(ana, 'hand', { raised: true });
      for (const [type, data] of [
        ['lower', { slot: 1 }],
        ['named', { named: true }],
        ['mark', { label: 'x' }],
        ['clear', {}],
      ] as const) {
        expect(code(r.send(ben, type, data)), type).to.equal('forbidden');
      }
      expect(code(r.send(fac, 'state', { state: 'got-it' }))).to.equal('participants_only');
      expect(code(r.send(prod, 'react', { reaction: 'clap' }))).to.equal('participants_only');
      expect(code(r.send(fac, 'hand', { raised: true }))).to.equal('participants_only');
    });

    it('rejects malformed data with specific codes and never throws', () => {
      const r = new Room();
      const cases: Array<[Actor, string, unknown, string]> = [
        [ana, 'state', null, 'bad_operation'],
        [ana, 'state', [], 'bad_operation'],
        [ana, 'state', { state: '__proto__' }, 'invalid_signal'],
        [ana, 'state', { state: 'Confused' }, 'invalid_signal'],
        [ana, 'state', { state: 'x'.repeat(33) }, 'invalid_signal'],
        [ana, 'state', { state: 42 }, 'invalid_signal'],
        [ana, 'state', { state: 'confused', ttl: 5 }, 'bad_operation'],
        [ana, 'state', { state: 'confused', ttl: 1e9 }, 'bad_operation'],
        [ana, 'state', { state: 'confused', ttl: 'long' }, 'bad_operation'],
        [ana, 'react', { reaction: '<img>' }, 'invalid_signal'],
        [ana, 'react', { reaction: 'clap', fade: Number.NaN }, 'bad_operation'],
        [ana, 'hand', { raised: 'yes' }, 'bad_operation'],
        [fac, 'lower', { slot: -1 }, 'bad_operation'],
        [fac, 'lower', { slot: 1.5 }, 'bad_operation'],
        [fac, 'lower', { slot: '1' }, 'bad_operation'],
        [fac, 'named', { named: 'on' }, 'bad_operation'],
        [fac, 'mark', { label: '   ' }, 'invalid_label'],
        [fac, 'mark', { label: 7 }, 'invalid_label'],
        [fac, 'mark', { label: 'x'.repeat(81) }, 'invalid_label'],
        [fac, 'mark', { label: 'bell\u0007' }, 'invalid_label'],
        [ana, 'explode', {}, 'bad_operation'],
        [ana, 'state', { state: 'confused', pad: 'x'.repeat(2000) }, 'too_large'],
      ];
      for (const [actor, type, data, want] of cases)
        expect(code(r.send(actor, type, data)), `${type} ${JSON.stringify(data)?.slice(0, 40)}`).to.equal(want);
      expect(r.events).to.have.length(0);
    });

    it('evolve ignores malformed event data', () => {
      const s0 = meterModel.initial();
      const ev = (type: string, data: unknown, at: unknown = T0): EventEnvelope => ({
        v: 1,
        topic: TOPIC,
        seq: 1,
        opId: 'x-00000001',
        type,
        data,
        at: at as number,
      });
      const bad: EventEnvelope[] = [
        ev('state', null),
        ev('state', { slot: 'one', state: 'confused', expiresAt: T0 }),
        ev('state', { slot: 1, state: 'Confused!', expiresAt: T0 }),
        ev('state', { slot: 1, state: 'confused', expiresAt: 'soon' }),
        ev('state', { slot: 1, state: 'confused', expiresAt: T0 + 1 }, 'now'),
        ev('react', { slot: -4, reaction: 'clap', fadesAt: T0 }),
        ev('hand', { slot: 1, raised: 1 }),
        ev('lower', { slot: null }),
        ev('named', { named: 'yes' }),
        ev('mark', { label: ['x'] }),
      ];
      for (const e of bad) {
        const s = meterModel.evolve(s0, e);
        expect(s.entries, e.type).to.deep.equal({});
        expect(s.reactions).to.deep.equal([]);
        expect(s.hands).to.deep.equal([]);
        expect(s.markers).to.deep.equal([]);
        expect(s.named).to.equal(false);
      }
    });

    it('markers are normalized and capped', () => {
      const r = new Room();
      r.send(fac, 'mark', { label: '  slide\n 12 ' });
      expect(r.s.markers).to.deep.equal([{ at: T0, label: 'slide 12' }]);
      for (let i = 1; i < 200; i++) r.send(fac, 'mark', { label: `m${i}` });
      expect(code(r.send(fac, 'mark', { label: 'one too many' }))).to.equal('too_many_markers');
    });
  });

  describe('privacy', () => {
    it('signals reach others without an actor; their author keeps it', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' });
      r.send(ana, 'hand', { raised: true });
      r.send(ana, 'react', { reaction: 'clap' });
      for (const viewer of [ben, fac, prod]) {
        for (const e of r.projected(viewer)) expect(e.actor, `${viewer.id} sees ${e.type}`).to.equal(undefined);
      }
      for (const e of r.projected(ana)) expect(e.actor?.id).to.equal('ana');
      const asBen = r.foldAs(ben);
      expect(JSON.stringify(asBen)).to.not.match(/ana|Ana/);
      const asFac = r.foldAs(fac);
      expect(JSON.stringify(asFac), 'the facilitator cannot tell who is confused').to.not.match(/ana|Ana/);
      expect(aggregate(asFac, T0 + 1, opts(5)).counts.confused).to.equal(1);
    });

    it('named mode shows names to facilitators and producers only, and never retroactively', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' });
      r.send(fac, 'named', { named: true });
      r.send(ben, 'state', { state: 'too-fast' });
      r.send(ben, 'hand', { raised: true });
      const early = r.events[0]!;
      expect(projectEvent(meterModel, r.s, early, fac).actor, 'the signal given before named mode stays anonymous').to.equal(undefined);
      const asFac = r.foldAs(fac);
      expect(asFac.entries['2']?.name).to.equal('Ben');
      expect(asFac.entries['1']?.name).to.equal(undefined);
      expect(asFac.hands[0]?.name).to.equal('Ben');
      expect(r.foldAs(prod).entries['2']?.name).to.equal('Ben');
      expect(JSON.stringify(r.foldAs(cai)), 'other participants never see names').to.not.match(/Ben|ben/);
      r.send(fac, 'named', { named: false });
      const off = r.foldAs(fac);
      expect(off.named).to.equal(false);
      expect(off.entries['2']?.name, 'leaving named mode drops shown names').to.equal(undefined);
      expect(off.hands[0]?.name).to.equal(undefined);
    });

    it('switching named mode on or off starts new slots, so no name ever lands on an anonymous signal', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' }); // anonymous, slot 1
      r.send(fac, 'named', { named: true });
      let asFac = r.foldAs(fac);
      expect(asFac.entries, 'current signals are cleared with the switch').to.deep.equal({});
      r.send(ana, 'state', { state: 'got-it' }); // named now
      asFac = r.foldAs(fac);
      expect(Object.keys(asFac.entries)).to.not.include('1');
      const [slot, entry] = Object.entries(asFac.entries)[0]!;
      expect(entry.name).to.equal('Ana');
      const anonymousEvent = r.events[0]!;
      expect(String((anonymousEvent.data as { slot: number }).slot), 'the named slot is not the anonymous one').to.not.equal(slot);
      r.send(fac, 'named', { named: false });
      r.send(ana, 'state', { state: 'confused' }); // anonymous again
      const later = r.events[r.events.length - 1]!;
      expect(String((later.data as { slot: number }).slot), 'the later anonymous slot is not the named one').to.not.equal(slot);
      expect(Object.keys(r.foldAs(fac).entries)).to.have.length(1);
      // Switching to the mode already on changes nothing (no surprise clear).
      r.send(fac, 'named', { named: false });
      expect(Object.keys(r.foldAs(fac).entries)).to.have.length(1);
    });

    it('viewState: a participant gets only their own entry; nobody gets other ids', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' });
      r.send(ben, 'state', { state: 'got-it' });
      r.send(ben, 'hand', { raised: true });
      r.send(ana, 'hand', { raised: true });
      r.send(fac, 'mark', { label: 'break' });
      const forAna = meterViewState(r.s, ana);
      expect(Object.values(forAna.entries).map((e) => e.state)).to.deep.equal(['confused']);
      expect(forAna.slots).to.deep.equal({ ana: 1 });
      expect(forAna.markers).to.deep.equal([]);
      expect(myHandPosition(forAna, 'ana'), 'my place in the queue is still known').to.equal(2);
      expect(JSON.stringify(forAna)).to.not.match(/ben|got-it/);
      const forFac = meterViewState(r.s, fac);
      expect(forFac.slots).to.deep.equal({});
      expect(Object.keys(forFac.entries)).to.have.length(2);
      expect(JSON.stringify(forFac)).to.not.match(/ana|ben/);
    });
  });

  describe('aggregate and index', () => {
    it('withholds counts, shares and the index below the minimum group size', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' });
      r.send(ben, 'hand', { raised: true });
      const small = aggregate(r.s, T0 + 1, opts(4, { minGroup: 5 }));
      expect(small.hidden).to.equal(true);
      expect(small.counts).to.deep.equal({});
      expect(small.shares).to.deep.equal({});
      expect(small.index).to.equal(null);
      expect(small.hands, 'hands are a queue, not a share: always shown').to.equal(1);
      const enough = aggregate(r.s, T0 + 1, opts(5, { minGroup: 5 }));
      expect(enough.hidden).to.equal(false);
      expect(enough.shares.confused).to.equal(0.2);
    });

    it('the base is the larger of presence and people with a live signal', () => {
      const r = new Room();
      r.send(ana, 'state', { state: 'confused' });
      r.send(ben, 'state', { state: 'confused' });
      r.send(cai, 'react', { reaction: 'clap' });
      expect(aggregate(r.s, T0 + 1, opts(1)).base).to.equal(3);
      expect(aggregate(r.s, T0 + 1, opts(null)).base).to.equal(3);
      expect(aggregate(r.s, T0 + 1, opts(10)).base).to.equal(10);
    });

    it('computes the documented index exactly', () => {
      // 10 present: 6 got-it (+1), 2 confused (-1), 1 too-fast (-0.5), 1 no state; 3 reacted;
      // related: 8 and 4 answered.
      // mood = (6 - 2 - 0.5) / 10 = 0.35 → S = 0.675; R = 0.3; P = (0.8 + 0.4) / 2 = 0.6
      // index = 100 × (0.5×0.675 + 0.2×0.3 + 0.3×0.6) / 1.0 = 57.75 → 58
      const r = new Room();
      const people = Array.from({ length: 10 }, (_, i): Actor => ({ id: `p${i}`, name: '', role: 'participant' }));
      people.slice(0, 6).forEach((p) => r.send(p, 'state', { state: 'got-it' }));
      people.slice(6, 8).forEach((p) => r.send(p, 'state', { state: 'confused' }));
      r.send(people[8]!, 'state', { state: 'too-fast' });
      people.slice(0, 3).forEach((p) => r.send(p, 'react', { reaction: 'clap' }));
      const a = aggregate(r.s, T0 + 1000, opts(10, { participation: [8, 4] }));
      expect(a.participation).to.be.closeTo(0.6, 1e-12);
      expect(a.index).to.equal(58);
      // Without related topics the participation weight drops out: 100 × (0.3375 + 0.06) / 0.7 = 56.79 → 57
      expect(aggregate(r.s, T0 + 1000, opts(10)).index).to.equal(57);
      expect(engagementIndex(1, 1, 1)).to.equal(100);
      expect(engagementIndex(0, 0, 0)).to.equal(0);
      expect(engagementIndex(0.5, 0, null)).to.equal(36);
    });
  });

  describe('alert hysteresis', () => {
    it('enters at the threshold and leaves only below threshold minus margin', () => {
      const seq = [0.2, 0.33, 0.3, 0.24, 0.23, 0.22, 0.3, 0.32, 0.4, null];
      const out: boolean[] = [];
      let on = false;
      for (const share of seq) out.push((on = nextAlert(on, share, 0.33, 0.1)));
      expect(out).to.deep.equal([false, true, true, true, true, false, false, false, true, false]);
    });
  });
});

describe('meter timeline builders', () => {
  const sample = (at: number, index: number | null, confused: number): TimelineSample => ({
    at,
    present: 10,
    index,
    counts: index === null ? {} : { confused: Math.round(confused * 10) },
    shares: index === null ? {} : { confused },
    hands: 1,
    reactions: 2,
  });

  it('csvCell neutralizes formulas and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).to.equal(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).to.equal("'+1");
    expect(csvCell('-2+3')).to.equal("'-2+3");
    expect(csvCell('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvCell('\tx')).to.equal("'\tx");
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('line\nbreak')).to.equal('"line\nbreak"');
    expect(csvCell(-3)).to.equal('-3');
    expect(csvCell(null)).to.equal('');
    expect(csvCell('slide 12')).to.equal('slide 12');
  });

  it('timelineCsv: samples and markers in time order, withheld values empty', () => {
    const csv = timelineCsv([sample(T0, 58, 0.2), sample(T0 + 20_000, null, 0)], [{ at: T0 + 10_000, label: '=cmd|calc' }], ['confused']);
    const lines = csv.split('\r\n');
    expect(lines[0]).to.equal('kind,time,present,index,confused,confused %,hands,reactions,label');
    expect(lines[1]).to.equal(`sample,${new Date(T0).toISOString()},10,58,2,20,1,2,`);
    expect(lines[2]).to.equal(`marker,${new Date(T0 + 10_000).toISOString()},,,,,,,'=cmd|calc`);
    expect(lines[3]).to.equal(`sample,${new Date(T0 + 20_000).toISOString()},10,,,,1,,`);
    expect(lines[4]).to.equal('');
  });

  it('timelineJson round-trips', () => {
    const report = {
      meterId: 'm',
      room: 'r',
      exportedAt: T0,
      states: ['confused'],
      samples: [sample(T0, 50, 0.1)],
      markers: [{ at: T0, label: 'break' }],
    };
    expect(JSON.parse(timelineJson(report))).to.deep.equal(report);
  });

  it('addSample keeps one sample per interval and a bounded history', () => {
    let list: TimelineSample[] = [];
    list = addSample(list, sample(T0, 1, 0), 10_000);
    list = addSample(list, sample(T0 + 5000, 2, 0), 10_000);
    list = addSample(list, sample(T0 + 10_000, 3, 0), 10_000);
    expect(list.map((s) => s.index)).to.deep.equal([1, 3]);
    for (let i = 2; i < 10; i++) list = addSample(list, sample(T0 + i * 10_000, i, 0), 10_000, 5);
    expect(list).to.have.length(5);
    expect(list[4]!.index).to.equal(9);
  });

  it('sparkline scales index and share to the box, leaves gaps for withheld samples, places markers', () => {
    const geo = sparkline(
      [sample(T0, 100, 0.5), sample(T0 + 10_000, 0, 0), sample(T0 + 20_000, null, 0), sample(T0 + 40_000, 50, 1)],
      [{ at: T0 + 20_000, label: 'break' }],
      'confused',
      100,
      50,
    );
    expect(geo.index).to.deep.equal(['0,0 25,50', '100,25 100,25']);
    expect(geo.share).to.deep.equal(['0,25 25,50', '100,0 100,0']);
    expect(geo.markers).to.deep.equal([{ x: 50, label: 'break', at: T0 + 20_000 }]);
    expect(sparkline([], [], 'confused').index).to.deep.equal([]);
  });
});

describe('meter clock estimate', () => {
  it('trusts the local clock unless events prove it off', () => {
    expect(estimateOffset(NO_BOUNDS)).to.equal(0);
    // Received 100 ms after it was stamped by an authority 5 s ahead: offset ≥ 4900.
    expect(estimateOffset(observe(NO_BOUNDS, 10_000, 5_100))).to.equal(4900);
    // My op created at local 10 000 was stamped at 7 000: the authority is at least 3 s behind.
    expect(estimateOffset(observe(NO_BOUNDS, 7_000, 10_050, 10_000))).to.equal(-3000);
    // Consistent with zero: 0.
    expect(estimateOffset(observe(NO_BOUNDS, 10_000, 10_050, 9_990))).to.equal(0);
    expect(estimateOffset({ lower: 50, upper: -50 }), 'contradictory bounds: the lower one').to.equal(50);
  });

  it('AuthorityClock learns from the latest event and my own ops', () => {
    let local = 1000;
    const clock = new AuthorityClock(() => local);
    clock.seen(61_000, 'e1'); // stamped 60 s ahead of us, seen at once
    expect(clock.offset).to.equal(60_000);
    expect(clock.now()).to.equal(61_000);
    local = 2000;
    clock.seen(62_000, 'e1'); // same event again: ignored
    expect(clock.offset).to.equal(60_000);
  });
});

describe('throttle controller', () => {
  it('renders at most once per interval, and renders the last change', async () => {
    let updates = 0;
    let lastUpdate = 0;
    const host = {
      addController() {},
      removeController() {},
      requestUpdate: () => {
        updates++;
        lastUpdate = performance.now();
      },
      updateComplete: Promise.resolve(true),
    };
    const t = new ThrottleController(host, 100);
    const start = performance.now();
    let requests = 0;
    let lastRequest = 0;
    while (performance.now() - start < 450) {
      lastRequest = performance.now();
      t.request();
      requests++;
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 250));
    // Bounds from the time that really passed, so a slow machine (late timers) cannot fail it:
    // one render at once, then at most one per 100 ms, and the trailing render after the last request.
    const elapsed = lastRequest - start;
    expect(requests, 'many requests').to.be.greaterThan(updates * 3);
    expect(updates).to.be.at.least(2);
    expect(updates).to.be.at.most(Math.ceil(elapsed / 100) + 2);
    expect(lastUpdate, 'the last change was rendered').to.be.at.least(lastRequest);
    t.hostDisconnected();
  });
});

describe('signal sets and related topics', () => {
  it('resolves built-ins and reports authoring mistakes specifically', () => {
    const ok = resolveSignals('got-it confused clap');
    expect(ok.problem).to.equal(null);
    expect(ok.states.map((s) => s.name)).to.deep.equal(['got-it', 'confused']);
    expect(ok.reactions[0]).to.include({ name: 'clap', symbol: '👏' });
    expect(resolveSignals('got-it lost').problem).to.match(/unknown signal "lost"/);
    expect(resolveSignals('got-it got-it').problem).to.match(/twice/);
    expect(resolveSignals('Got-It').problem).to.match(/not a signal name/);
    expect(resolveSignals('').problem).to.match(/at least one/);
    expect(resolveSignals([{ name: 'lost', kind: 'state' }]).problem).to.match(/needs a label/);
    expect(resolveSignals([{ name: 'lost', kind: 'state', label: 'Lost', weight: 3 }]).problem).to.match(/weight/);
    const custom = resolveSignals(['got-it', { name: 'lost', kind: 'state', label: { en: 'Lost', nl: 'Kwijt' }, weight: -1 }]);
    expect(custom.problem).to.equal(null);
    expect(pickLabel(custom.states[1]!.label!, 'nl-BE')).to.equal('Kwijt');
    expect(pickLabel(custom.states[1]!.label!, 'fr')).to.equal('Lost');
  });

  it('parses related topics', () => {
    expect(parseRelated('poll:warmup  poll:quiz').topics).to.deep.equal(['poll:warmup', 'poll:quiz']);
    expect(parseRelated('poll').problem).to.match(/not a topic name/);
    expect(parseRelated('wiki:home').problem).to.match(/no participation source for "wiki"/);
  });
});
