// The survey model through the real authority step: one response per participant, edits only when
// allowed, facilitator-only controls, hostile data, and what each viewer may see.
import { expect } from '@open-wc/testing';
import { authorityStep, modelMap } from '../../src/core/protocol/authority.js';
import { projectEvent, type StoredEvent } from '../../src/core/protocol/model.js';
import type { Ack, Actor, EventEnvelope, Operation } from '../../src/core/protocol/wire.js';
import { hasResponded, myResponse, surveyEventFor, surveyModel, surveyTopic } from '../../src/components/session-survey/survey-model.js';
import { parseDefinition } from '../../src/components/session-survey/survey-schema.js';
import type { SurveyDefinition, SurveyState } from '../../src/components/session-survey/survey-types.js';

const TOPIC = 'survey:eval';
const T0 = 1_750_000_000_000;
const models = modelMap([surveyModel]);
const fac: Actor = { id: 'fac', name: 'Fran', role: 'facilitator' };
const prod: Actor = { id: 'prod', name: 'Pat', role: 'producer' };
const ana: Actor = { id: 'ana', name: 'Ana', role: 'participant' };
const ben: Actor = { id: 'ben', name: 'Ben', role: 'participant' };

const definition = (extra: Record<string, unknown> = {}): SurveyDefinition =>
  parseDefinition({
    title: 'Eval',
    questions: [
      { id: 'nps', type: 'nps', title: 'Recommend?', required: true },
      { id: 'why', type: 'text', title: 'Why?', visibleIf: 'nps <= 6', required: true },
      { id: 'role', type: 'single', title: 'Role', options: ['a', 'b'] },
    ],
    ...extra,
  }).definition!;

const ctx = { room: 'course-1', session: 'Day 1', hidden: { cohort: 'x' } };

/** A minimal authority around the real `authorityStep`, storing events and state like every transport. */
class Room {
  state: SurveyState | undefined;
  events: StoredEvent[] = [];
  private n = 0;

  get s(): SurveyState {
    return this.state ?? surveyModel.initial();
  }

  send(actor: Actor, type: string, data: unknown, opId = `op-${String(++this.n).padStart(6, '0')}`): Ack {
    const op: Operation = { opId, clientId: actor.id, topic: TOPIC, type, data, createdAt: T0 };
    const r = authorityStep<SurveyState>(models, op, actor, undefined, this.state, this.events.length, T0 + this.events.length);
    if (r.event) {
      this.events.push(r.event);
      this.state = r.state;
    }
    return r.ack;
  }

  submit(actor: Actor, answers: unknown, extra: Record<string, unknown> = {}): Ack {
    return this.send(actor, 'submit', { answers, context: ctx, ...extra });
  }

  /** What `viewer` folds from the events as projected for them. */
  foldAs(viewer: Actor): SurveyState {
    let s = surveyModel.initial();
    for (const e of this.events) s = surveyModel.evolve(s, projectEvent(surveyModel, s, e, viewer) as EventEnvelope);
    return s;
  }
}

const code = (ack: Ack) => (ack.status === 'rejected' ? ack.error.code : ack.status);

describe('survey model', () => {
  it('topic names', () => {
    expect(surveyTopic('day-1')).to.equal('survey:day-1');
    expect(() => surveyTopic('a b')).to.throw(/Invalid survey id/);
  });

  it('a self-serve survey takes one response per participant, keyed by an opaque id', () => {
    const r = new Room();
    expect(code(r.submit(ana, { nps: 9 }))).to.equal('applied');
    expect(code(r.submit(ben, { nps: 4, why: 'Too fast' }))).to.equal('applied');
    expect(r.s.count).to.equal(2);
    const rids = Object.keys(r.s.responses);
    expect(rids).to.deep.equal(['op-000001', 'op-000002']);
    expect(JSON.stringify(r.s.responses)).to.not.contain('ana', 'anonymous by default: no participant id in a response');
    expect(r.s.responses['op-000002']).to.deep.include({ answers: { nps: 4, why: 'Too fast' }, context: ctx, at: T0 + 1 });
  });

  it('staff preview and read a survey but do not answer it: a submit from a facilitator or producer is refused', () => {
    const r = new Room();
    for (const staff of [fac, prod]) {
      const ack = r.submit(staff, { nps: 9 });
      expect(ack.status === 'rejected' && ack.error.code).to.equal('participants_only');
    }
    expect(r.s.count).to.equal(0);
    expect(code(r.submit(ana, { nps: 9 }))).to.equal('applied');
  });

  it('a second submit is refused with a clear message unless edits are allowed', () => {
    const r = new Room();
    r.submit(ana, { nps: 9 });
    const again = r.submit(ana, { nps: 3 });
    expect(again).to.deep.include({ status: 'rejected' });
    expect(again.status === 'rejected' && again.error).to.deep.equal({
      code: 'already_submitted',
      message: 'You have already submitted this survey; answers cannot be changed.',
      retryable: false,
    });
    expect(r.s.count).to.equal(1);
    expect(r.s.responses['op-000001'].answers).to.deep.equal({ nps: 9 });
  });

  it('with edits allowed, a second submit updates the same response', () => {
    const r = new Room();
    r.send(fac, 'publish', { definition: definition({ allowEdit: true }) });
    expect(code(r.submit(ana, { nps: 9 }))).to.equal('applied');
    expect(code(r.submit(ana, { nps: 5, why: 'Changed my mind' }))).to.equal('applied');
    expect(r.s.count).to.equal(1);
    const [resp] = Object.values(r.s.responses);
    expect(resp).to.deep.include({ rid: 'op-000002', answers: { nps: 5, why: 'Changed my mind' }, at: T0 + 1, updatedAt: T0 + 2 });
    expect(r.events[2].data).to.deep.include({ rid: 'op-000002', edit: true });
  });

  it('a survey with anonymous responses cannot be republished as named (an edit would name its author)', () => {
    const r = new Room();
    r.send(fac, 'publish', { definition: definition({ allowEdit: true }) });
    expect(code(r.submit(ana, { nps: 9 }))).to.equal('applied');
    const named = r.send(fac, 'publish', { definition: definition({ allowEdit: true, anonymous: false }) });
    expect(named.status === 'rejected' && named.error.code).to.equal('invalid_definition');
    expect(named.status === 'rejected' && named.error.message).to.match(/already has anonymous responses/);
    expect(code(r.submit(ana, { nps: 8 }))).to.equal('applied');
    expect(Object.values(r.foldAs(fac).responses)[0]?.who, 'the edit stays anonymous').to.equal(undefined);
    // Before any response, or when it was named all along, publishing named is fine.
    const fresh = new Room();
    expect(code(fresh.send(fac, 'publish', { definition: definition({ anonymous: false }) }))).to.equal('applied');
    expect(code(fresh.submit(ana, { nps: 9 }))).to.equal('applied');
    expect(code(fresh.send(fac, 'publish', { definition: definition({ anonymous: false, allowEdit: true }) }))).to.equal('applied');
  });

  it('the published definition rules: a self-serve hint cannot turn edits on', () => {
    const r = new Room();
    r.send(fac, 'publish', { definition: definition() });
    r.submit(ana, { nps: 9 }, { allowEdit: true });
    expect(code(r.submit(ana, { nps: 8 }, { allowEdit: true }))).to.equal('already_submitted');
  });

  it('without a published definition, the first submit fixes the rules (here: a page that allows edits)', () => {
    const r = new Room();
    r.submit(ana, { nps: 9 }, { allowEdit: true });
    expect(code(r.submit(ana, { nps: 8 }, { allowEdit: true }))).to.equal('applied');
    expect(r.s.count).to.equal(1);
  });

  // Issue #12 item 2: a participant's operation never sets the rules it is judged by.
  it('a self-serve re-submit carrying allowEdit: true cannot replace a response once the first submit fixed "no edits"', () => {
    const r = new Room();
    expect(code(r.submit(ana, { nps: 9, why: 'first' }))).to.equal('applied');
    expect(r.s.rules).to.deep.equal({ allowEdit: false, anonymous: true });
    expect(code(r.submit(ana, { nps: 2, why: 'forged' }, { allowEdit: true }))).to.equal('already_submitted');
    expect(code(r.submit(ben, { nps: 7 }, { allowEdit: true, anonymous: false }))).to.equal('applied');
    expect(code(r.submit(ben, { nps: 1 }, { allowEdit: true }))).to.equal('already_submitted');
    expect(myResponse(r.s, 'ana')!.answers).to.deep.equal({ nps: 9, why: 'first' });
    expect(r.events.at(-1)!.data, "ben's submit is judged anonymous, as fixed").to.deep.include({ anonymous: true });
    // Every viewer folds the same rules from the events, answers hidden or not.
    expect(r.foldAs(ben).rules).to.deep.equal(r.s.rules);
    // A published definition rules instead.
    r.send(fac, 'publish', { definition: definition({ allowEdit: true }) });
    expect(code(r.submit(ana, { nps: 10 }))).to.equal('applied');
  });

  it('answers are validated against the published definition, and hidden ones dropped', () => {
    const r = new Room();
    r.send(fac, 'publish', { definition: definition() });
    const missing = r.submit(ana, { nps: 3 });
    expect(missing.status === 'rejected' && missing.error).to.deep.include({
      code: 'required_missing',
      message: 'Question "why" needs an answer.',
    });
    const bad = r.submit(ana, { nps: 12 });
    expect(bad.status === 'rejected' && bad.error).to.deep.include({
      code: 'invalid_answer',
      message: 'The answer to question "nps" does not fit a nps question.',
    });
    expect(code(r.submit(ana, { nps: 10, why: 'not asked', role: 'b' }))).to.equal('applied');
    expect(Object.values(r.s.responses)[0].answers).to.deep.equal({ nps: 10, role: 'b' });
  });

  it('close and reopen: closed surveys refuse responses', () => {
    const r = new Room();
    expect(code(r.send(fac, 'close', {}))).to.equal('applied');
    const late = r.submit(ana, { nps: 9 });
    expect(late.status === 'rejected' && late.error).to.deep.include({ code: 'survey_closed', message: 'This survey is closed.' });
    expect(code(r.send(prod, 'reopen', {}))).to.equal('applied');
    expect(code(r.submit(ana, { nps: 9 }))).to.equal('applied');
  });

  it('the authority refuses control operations from participants', () => {
    const r = new Room();
    for (const [type, data] of [
      ['close', {}],
      ['reopen', {}],
      ['publish', { definition: definition() }],
    ] as const) {
      const ack = r.send(ana, type, data);
      expect(ack.status === 'rejected' && ack.error.code, type).to.equal('forbidden');
      expect(ack.status === 'rejected' && ack.error.message).to.match(/^Only a facilitator can/);
    }
    expect(r.events).to.have.length(0);
  });

  it("publish refuses a bad definition with the validator's message", () => {
    const r = new Room();
    const ack = r.send(fac, 'publish', { definition: { title: 'T', questions: [{ id: 'q', type: 'rating', title: 'Q', max: 40 }] } });
    expect(ack.status === 'rejected' && ack.error).to.deep.include({
      code: 'invalid_definition',
      message: 'Question "q" field "max": must be a whole number from 2 to 10',
    });
  });

  describe('hostile data gets a specific code, never a throw', () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['unknown op', 'drop-table', {}, 'bad_operation'],
      ['data not an object', 'submit', 'x', 'bad_operation'],
      ['no context', 'submit', { answers: { nps: 9 } }, 'bad_operation'],
      ['hostile hidden fields', 'submit', { answers: {}, context: { room: 'r', session: '', hidden: { __proto__x: 1 } } }, 'bad_operation'],
      ['answers not an object', 'submit', { answers: [1], context: ctx }, 'invalid_answer'],
      ['answer id with markup', 'submit', { answers: { '<img src=x>': 1 }, context: ctx }, 'invalid_answer'],
      ['nested junk', 'submit', { answers: { a: { b: { c: 1 } } }, context: ctx }, 'invalid_answer'],
      ['huge text', 'submit', { answers: { a: 'x'.repeat(20_000) }, context: ctx }, 'too_large'],
      ['__proto__ answers', 'submit', { answers: JSON.parse('{"__proto__": {"polluted": 1}}'), context: ctx }, 'invalid_answer'],
      ['publish nothing', 'publish', {}, 'invalid_definition'],
    ];
    for (const [name, type, data, want] of cases) {
      it(name, () => {
        const r = new Room();
        expect(code(r.send(name === 'publish nothing' ? fac : ana, type, data))).to.equal(want);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
        expect(r.events).to.have.length(0);
      });
    }

    it('evolve ignores malformed events', () => {
      const s0 = surveyModel.initial();
      const ev = (type: string, data: unknown): EventEnvelope => ({ v: 1, topic: TOPIC, seq: 1, opId: 'x', type, data, at: T0 });
      expect(surveyModel.evolve(s0, ev('submit', null))).to.equal(s0);
      expect(surveyModel.evolve(s0, ev('submit', { rid: 5 }))).to.equal(s0);
      expect(surveyModel.evolve(s0, ev('publish', { definition: { title: 'no questions' } }))).to.equal(s0);
      expect(surveyModel.evolve(s0, ev('whatever', {}))).to.equal(s0);
      // A projection that strips other people's answers still counts the response.
      expect(surveyModel.evolve(s0, ev('submit', { rid: 'r', edit: false })).count).to.equal(1);
    });
  });

  describe('what each viewer may see', () => {
    const room = () => {
      const r = new Room();
      r.submit(ana, { nps: 9 });
      r.submit(ben, { nps: 2 });
      return r;
    };

    it('anonymous (default): nobody else sees who answered, facilitators included', () => {
      const r = room();
      const asFac = r.foldAs(fac);
      expect(asFac.count).to.equal(2);
      expect(Object.keys(asFac.mine)).to.deep.equal([]);
      expect(Object.values(asFac.responses).some((x) => x.who)).to.equal(false);
      const asAna = r.foldAs(ana);
      expect(hasResponded(asAna, 'ana')).to.equal(true);
      expect(myResponse(asAna, 'ana')!.answers).to.deep.equal({ nps: 9 });
      expect(hasResponded(asAna, 'ben')).to.equal(false);
    });

    it('not anonymous: facilitators see names, participants still do not', () => {
      const r = new Room();
      r.send(fac, 'publish', { definition: definition({ anonymous: false }) });
      r.submit(ana, { nps: 9 });
      expect(Object.values(r.foldAs(fac).responses)[0].who).to.deep.equal({ id: 'ana', name: 'Ana' });
      // Participants do not even receive the answers of others (viewEvent), let alone names.
      expect(Object.values(r.foldAs(ben).responses).some((x) => x.who)).to.equal(false);
      expect(Object.keys(r.foldAs(ben).mine)).to.deep.equal([]);
    });

    it('event data projection (for authorities that support it): participants never receive other answers', () => {
      const r = room();
      let s = surveyModel.initial();
      for (const e of r.events) s = surveyModel.evolve(s, projectEvent(surveyModel, s, surveyEventFor(e, ben), ben) as EventEnvelope);
      expect(s.count).to.equal(2);
      expect(myResponse(s, 'ben')!.answers).to.deep.equal({ nps: 2 });
      expect(Object.keys(s.responses)).to.deep.equal(['op-000002']);
      expect(JSON.stringify(r.events.map((e) => surveyEventFor(e, ben).data))).to.not.contain('"nps":9');
      expect(surveyEventFor(r.events[0], fac)).to.equal(r.events[0]);
    });

    it('viewState: participants get the count and their own response only; facilitators get all, but no participant ids', () => {
      const r = room();
      const forAna = surveyModel.viewState!(r.s, ana);
      expect(forAna.count).to.equal(2);
      expect(Object.values(forAna.responses).map((x) => x.answers)).to.deep.equal([{ nps: 9 }]);
      expect(forAna.mine).to.deep.equal({ ana: 'op-000001' });
      const forOther = surveyModel.viewState!(r.s, { id: 'cai', name: 'Cai', role: 'participant' });
      expect(forOther.responses).to.deep.equal({});
      expect(JSON.stringify(forOther)).to.not.contain('"nps"');
      const forFac = surveyModel.viewState!(r.s, fac);
      expect(Object.keys(forFac.responses)).to.have.length(2);
      expect(forFac.mine).to.deep.equal({});
      expect(JSON.stringify(forFac)).to.not.match(/"(ana|ben)"/);
    });
  });
});
