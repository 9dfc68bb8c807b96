// xAPI statements of poll and meter events (docs/xapi.md): every event type gives valid statements
// (Learning Locker's validator), with the documented verb, and anonymity is kept.
import { expect } from '@open-wc/testing';
import { statementsFor, VERBS, EXTENSIONS } from '../../src/xapi.js';
import type { XapiOptions, XapiStatement } from '../../src/core/protocol/xapi-types.js';
import { ana, ben, expectValid, fran, namesNobody, replay, single, type Accepted } from './xapi-support.js';

const options: XapiOptions = { baseIri: 'https://lms.example/pulsekit', room: 'course-42', sessionLabel: 'Day 1', language: 'en' };
const build = (list: Accepted[], o = options): XapiStatement[][] => list.map(({ event, before }) => statementsFor(event, before, o));
const verbsOf = (all: XapiStatement[][]): string[] => all.map((s) => s.map((x) => x.verb.display.en).join('+'));

describe('xAPI statements: poll', () => {
  it('votes and the whole lifecycle: valid, the documented verbs, results on close and on a new round', async () => {
    const all = build(
      replay('poll:warmup', [
        { actor: fran, type: 'open', data: { config: single, seconds: 60 } },
        { actor: ana, type: 'vote', data: { round: 1, choices: ['a b'] } },
        { actor: ana, type: 'vote', data: { round: 1, choices: ['c'] } },
        { actor: ben, type: 'vote', data: { round: 1, choices: ['a b'] } },
        { actor: fran, type: 'reveal', data: { revealed: true } },
        { actor: fran, type: 'reveal', data: { revealed: false } },
        { actor: fran, type: 'extend', data: { seconds: 30 } },
        { actor: fran, type: 'timer', data: { seconds: null } },
        { actor: fran, type: 'timer', data: { seconds: 120 } },
        { actor: fran, type: 'close', data: {} },
        { actor: fran, type: 'reset', data: {} },
        { actor: fran, type: 'open', data: { config: { ...single, anonymous: true } } },
        { actor: ana, type: 'vote', data: { round: 2, choices: ['c'] } },
      ]),
    );
    await expectValid(all.flat());
    expect(verbsOf(all)).to.deep.equal([
      'opened',
      'answered',
      'answered',
      'answered',
      'shared',
      'unshared',
      'scheduled',
      'canceled',
      'scheduled',
      'closed',
      'started',
      'opened',
      'answered',
    ]);
    const [open, first, changed, , , , , , , close, reset, , anonymous] = all.map((s) => s[0]!);
    expect(open.object.definition).to.deep.include({
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      interactionType: 'choice',
      name: { en: 'Which topic first?' },
    });
    expect(open.object.id).to.equal('https://lms.example/pulsekit/rooms/course-42/poll/warmup');
    expect(open.actor).to.deep.equal({ objectType: 'Agent', account: { homePage: 'https://lms.example/pulsekit', name: 'fran-id' } });
    expect(first.result?.response, 'component ids are percent-encoded values').to.equal('a%20b');
    expect(first.object.definition?.choices?.map((c) => c.id)).to.deep.equal(['a%20b', 'c']);
    expect(first.context.extensions).to.include({ [EXTENSIONS.round]: 1, [EXTENSIONS.changed]: false, [EXTENSIONS.session]: 'Day 1' });
    expect(changed.context.extensions[EXTENSIONS.changed]).to.equal(true);
    const results = {
      round: 1,
      responded: 2,
      rows: [
        { value: 'a b', label: 'Accessibility', count: 1 },
        { value: 'c', label: 'Coaching', count: 1 },
      ],
    };
    expect(close.result?.extensions?.[EXTENSIONS.results]).to.deep.equal(results);
    expect(reset.result?.extensions?.[EXTENSIONS.results], 'the round a new round ends').to.deep.equal(results);
    expect(reset.context.extensions[EXTENSIONS.round], 'the round that starts').to.equal(2);
    expect(all[6]![0]!.context.extensions[EXTENSIONS.closesAt]).to.match(/Z$/);
    // A named vote names the participant by id only; an anonymous one names nobody.
    expect(first.actor).to.deep.equal({ objectType: 'Agent', account: { homePage: 'https://lms.example/pulsekit', name: 'ana-id' } });
    expect(JSON.stringify(all)).to.not.contain(ana.name);
    expect(anonymous.actor).to.deep.equal({
      objectType: 'Group',
      name: 'Anonymous participants',
      account: { homePage: 'https://lms.example/pulsekit', name: 'anonymous@course-42' },
    });
    expect(namesNobody([anonymous], ana)).to.equal(true);
  });

  it('scale, multiple, text and self-serve polls: the interaction type and response of each', async () => {
    const scale = replay('poll:scale', [
      {
        actor: fran,
        type: 'open',
        data: {
          config: {
            ...single,
            kind: 'scale',
            options: [{ value: '3', label: 'Getting there' }],
            min: 1,
            max: 5,
            minLabel: 'Not at all',
            maxLabel: 'Completely',
          },
        },
      },
      { actor: ana, type: 'vote', data: { round: 1, choices: ['4'] } },
    ]);
    const multiple = replay('poll:multi', [
      { actor: fran, type: 'open', data: { config: { ...single, kind: 'multiple' } } },
      { actor: ana, type: 'vote', data: { round: 1, choices: ['a b', 'c'] } },
    ]);
    const text = replay('poll:words', [
      { actor: fran, type: 'open', data: { config: { ...single, kind: 'text', options: [], maxChoices: 2 } } },
      { actor: ana, type: 'vote', data: { round: 1, choices: ['Team  work', 'Focus'] } },
    ]);
    const selfServe = replay('poll:quick', [
      { actor: ana, type: 'vote', data: { round: 1, choices: ['yes'], kind: 'single', anonymous: true } },
    ]);
    const [s, m, t, q] = [scale, multiple, text, selfServe].map((list) => build(list).flat().pop()!);
    await expectValid([s, m, t, q]);
    expect(s.object.definition?.interactionType).to.equal('likert');
    expect(s.object.definition?.scale?.map((p) => `${p.id}=${p.description?.en}`)).to.deep.equal([
      '1=Not at all',
      '2=2',
      '3=Getting there',
      '4=4',
      '5=Completely',
    ]);
    expect(s.result?.response).to.equal('4');
    expect(m.result?.response).to.equal('a%20b[,]c');
    expect(t.object.definition?.interactionType).to.equal('fill-in');
    expect(t.result?.response, 'text answers as the authority normalized them').to.equal('Team work[,]Focus');
    expect(q.object.definition).to.deep.equal({ type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice' });
    expect(q.actor.objectType).to.equal('Group');
  });
});

describe('xAPI statements: engagement meter', () => {
  it('signals, hands and controls: valid, the documented verbs; a signal names its giver only in named mode, and no slot leaves the meter', async () => {
    const all = build(
      replay('meter:class', [
        { actor: ana, type: 'state', data: { state: 'confused' } },
        { actor: ana, type: 'react', data: { reaction: 'clap' } },
        { actor: ana, type: 'hand', data: { raised: true } },
        { actor: fran, type: 'lower', data: { slot: 1 } },
        { actor: ana, type: 'state', data: { state: null } },
        { actor: fran, type: 'named', data: { named: true } },
        { actor: ben, type: 'state', data: { state: 'got-it' } },
        { actor: ben, type: 'hand', data: { raised: true } },
        { actor: ben, type: 'hand', data: { raised: false } },
        { actor: fran, type: 'mark', data: { label: 'Slide 12' } },
        { actor: fran, type: 'clear', data: {} },
        { actor: fran, type: 'named', data: { named: false } },
      ]),
    );
    await expectValid(all.flat());
    expect(verbsOf(all)).to.deep.equal([
      'responded',
      'responded',
      'requested attention',
      'acknowledged',
      'retracted',
      'enabled',
      'responded',
      'requested attention',
      'retracted',
      'bookmarked',
      'cleared',
      'disabled',
    ]);
    expect(all[0]![0]!.result?.response).to.equal('confused');
    expect(all[0]![0]!.verb).to.deep.equal(VERBS.responded);
    expect(all[9]![0]!.result?.response).to.equal('Slide 12');
    expect(
      namesNobody(
        all
          .slice(0, 5)
          .flat()
          .filter((s) => s.actor.objectType === 'Group'),
        ana,
      ),
    ).to.equal(true);
    expect(
      all
        .slice(0, 5)
        .flat()
        .filter((s) => s.actor.objectType !== 'Group')
        .map((s) => (s.actor as { account?: { name: string } }).account?.name),
    ).to.deep.equal(['fran-id']);
    expect(JSON.stringify(all)).to.not.contain(ana.id);
    expect(all[6]![0]!.actor).to.deep.include({ account: { homePage: 'https://lms.example/pulsekit', name: 'ben-id' } });
    expect(JSON.stringify(all)).to.not.match(/"slot"|\bslot\b/);
  });
});
