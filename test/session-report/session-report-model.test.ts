// The session report's figures from a scripted session with known answers (stories/session-report-script.ts):
// real operations through a MemoryHub's authority, histories fetched as the facilitator (and as a
// participant) through a real MemoryTransport, folded by the pure report model.
import { expect } from '@open-wc/testing';
import { buildReport, type ReportInput } from '../../src/components/session-report/report-model.js';
import { ReportHistories } from '../../src/components/session-report/report-history.js';
import { parseReportTopics } from '../../src/components/session-report/report-topics.js';
import { tableCsv } from '../../src/components/session-report/report-csv.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { FAY, person, playScript, REPORT_TOPICS, sessionScript, STEP_MS } from '../../stories/session-report-script.js';
import { uniqueRoom } from '../support.js';

const STATES = [
  { name: 'got-it', weight: 1 },
  { name: 'confused', weight: -1 },
];

/** The reported topics' histories as `who` may fetch them from the hub. */
async function histories(hub: MemoryHub, room: string, who: Actor) {
  const transport = new MemoryTransport(hub);
  await transport.connect({ room, identity: who });
  const h = new ReportHistories({ transport });
  const topics = parseReportTopics(REPORT_TOPICS).topics;
  await h.refresh(topics);
  await transport.close();
  return h.list(topics);
}

describe('session report model (scripted session, known answers)', () => {
  let input: ReportInput;
  let start: number;

  before(async () => {
    const room = uniqueRoom('report-model');
    const played = await playScript(room);
    start = played.start;
    const steps = sessionScript().length;
    input = {
      room,
      histories: await histories(played.hub, room, FAY),
      // Five participants present from the start, as sampled by a report that was open.
      attendance: [{ at: start, present: 5 }],
      seen: ['p1', 'p2', 'p3', 'p4', 'p5'],
      now: start + (steps + 1) * STEP_MS,
      meter: { states: STATES, minGroup: 1 },
    };
  });

  it('participation per widget: who took part at least once, as a share of the five present', () => {
    const r = buildReport(input);
    expect(r.present).to.equal(5);
    const by = Object.fromEntries(r.participation.map((p) => [p.topic, p]));
    expect(by['poll:warmup']).to.include({ participants: 4, exact: true, rate: 0.8 });
    expect(by['survey:after']).to.include({ participants: 3, exact: true, rate: 0.6 });
    expect(by['thread:qa']).to.include({ participants: 3, exact: true, rate: 0.6 });
    expect(by['meter:class']).to.include({ participants: 2, exact: true, rate: 0.4 });
  });

  it('poll results per round', () => {
    const [r1, r2] = buildReport(input).polls;
    expect(r1).to.deep.include({ topic: 'poll:warmup', round: 1, question: 'Ready to start?', responded: 3, current: false });
    expect(r1!.rows.map((x) => [x.label, x.count, Math.round(x.percent)])).to.deep.equal([
      ['Yes', 2, 67],
      ['Not yet', 1, 33],
    ]);
    expect(r2).to.deep.include({ round: 2, responded: 2, current: true });
    expect(r2!.rows.map((x) => [x.label, x.count])).to.deep.equal([
      ['Yes', 1],
      ['Not yet', 1],
    ]);
  });

  it('survey summary: response rate, averages, NPS', () => {
    const [s] = buildReport(input).surveys;
    expect(s).to.deep.include({ topic: 'survey:after', title: 'After day 1', responses: 3, rate: 0.6, closed: false });
    const q = Object.fromEntries(s!.questions!.map((x) => [x.id, x]));
    expect(q.useful).to.include({ answers: 3, average: 3, nps: null });
    expect(q.nps).to.include({ answers: 3, nps: 33 });
    expect(q.nps!.average).to.be.closeTo(25 / 3, 1e-9);
  });

  it('thread activity: posts, answered and unanswered questions', () => {
    const [t] = buildReport(input).threads;
    expect(t).to.include({ topic: 'thread:qa', posts: 3, replies: 1, questions: 2, answered: 1 });
    expect(t!.unanswered.map((q) => q.body)).to.deep.equal(['Is there a recording?']);
  });

  it('engagement index timeline with the marker, from the meter state and aggregate', () => {
    const [e] = buildReport(input).engagement;
    expect(e!.markers.map((m) => m.label)).to.deep.equal(['break']);
    expect(e!.withPresence).to.equal(true);
    // At the end: of five present, one got-it (+1) and one confused (-1): mood 0.5, no reactions →
    // 100 × (0.5 × 0.5) / 0.7 = 35.7 → 36. Before the first signal nobody was in a state: mood 0.5 too.
    expect(e!.points.at(-1)!.index).to.equal(36);
    expect(e!.points.length).to.be.greaterThan(1);
  });

  it('attendance: the samples and from when', () => {
    const r = buildReport(input);
    expect(r.attendance).to.deep.include({ since: start, peak: 5 });
  });

  it('CSV tables carry the figures and neutralize formulas', () => {
    const r = buildReport(input);
    expect(tableCsv(r, 'participation').split('\r\n')).to.include('poll:warmup,poll,4,yes,5,0.8');
    expect(tableCsv(r, 'polls')).to.contain('poll:warmup,1,Ready to start?,single,3,Yes,2,66.7');
    const hostile = buildReport({
      ...input,
      histories: input.histories.map((h) =>
        h.topic !== 'thread:qa'
          ? h
          : {
              ...h,
              events: h.events.map((e) =>
                e.type === 'post' && (e.data as { body: string }).body.startsWith('Is there')
                  ? { ...e, data: { ...(e.data as object), body: '=HYPERLINK("x")' } }
                  : e,
              ),
            },
      ),
    });
    expect(tableCsv(hostile, 'threads')).to.contain(`"'=HYPERLINK(""x"")"`);
  });

  it('present never undercounts: without samples, those seen taking part count', () => {
    const r = buildReport({ ...input, attendance: [], seen: [] });
    // p1-p4 took part somewhere: four present, the poll's rate 4/4.
    expect(r.present).to.equal(4);
    expect(r.participation.find((p) => p.topic === 'poll:warmup')!.rate).to.equal(1);
    expect(r.attendance.since).to.equal(null);
  });

  it('an anonymous poll across rounds gives a lower bound, marked as such', async () => {
    const room = uniqueRoom('report-anon');
    const steps = sessionScript().map((s) =>
      s.topic === 'poll:warmup' && s.type === 'open'
        ? { ...s, data: { config: { ...(s.data as { config: object }).config, anonymous: true } } }
        : s,
    );
    const played = await playScript(room, steps);
    const r = buildReport({ ...input, room, histories: await histories(played.hub, room, FAY) });
    expect(r.participation.find((p) => p.topic === 'poll:warmup')).to.include({ participants: 3, exact: false });
  });

  it("a participant's fetch gets no one else's survey answers: the authority decides what the report can read", async () => {
    const room = uniqueRoom('report-participant');
    const played = await playScript(room);
    const r = buildReport({ ...input, room, histories: await histories(played.hub, room, person(5)) });
    const [s] = r.surveys;
    // The count is public; the answers are not, so no averages.
    expect(s!.responses).to.equal(3);
    expect(s!.questions!.every((q) => q.answers === 0)).to.equal(true);
  });
});
