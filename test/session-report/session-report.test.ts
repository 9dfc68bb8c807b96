// <pk-session-report> as people meet it: a facilitator's report joined to a room where
// participants act through the real widgets, on a MemoryHub; a participant's report; the downloads.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/components/session-report/define.js';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkReportExportDetail, PkSessionReport } from '../../src/components/session-report/pk-session-report.js';
import type { PkSession } from '../../src/components/session/pk-session.js';
import { MemoryHub, MemoryTransport } from '../../src/core/transports/memory-transport.js';
import type { Actor } from '../../src/core/protocol/wire.js';
import { EXTENSIONS, type XapiStatement } from '../../src/core/protocol/xapi.js';
import { FAY, person, playScript, REPORT_TOPICS } from '../../stories/session-report-script.js';
import { expectPageAccessible } from '../axe-page.js';
import { shadowText, uniqueRoom, waitForText, widgetOnHub } from '../support.js';
import { expectValid, namesNobody } from '../xapi/xapi-support.js';

/** A MemoryTransport that notes which topics it was asked to read (the real reads still happen). */
class ReadingTransport extends MemoryTransport {
  read: string[] = [];
  override fetch(topic: string, since: number, limit?: number) {
    this.read.push(topic);
    return super.fetch(topic, since, limit);
  }
}

/** The scripted poll as a page writes it. */
const warmupPoll = html`<pk-pulse-poll poll-id="warmup" question="Ready to start?"><option value="yes">Yes</option><option value="no">Not yet</option></pk-pulse-poll>`;

/** A report for `who` in its own <pk-session> on `hub`. */
async function reportAs(
  hub: MemoryHub,
  room: string,
  who: Actor,
  { xapiBase, lang, topics = REPORT_TOPICS }: { xapiBase?: string; lang?: string; topics?: string } = {},
) {
  const transport = new ReadingTransport(hub);
  const session = await fixture<PkSession>(html`<pk-session
    room=${room}
    user-role=${who.role}
    participant-id=${who.id}
    participant-name=${ifDefined(who.name)}
    xapi-base=${ifDefined(xapiBase)}
    lang=${ifDefined(lang)}
    .transport=${transport}
    ><pk-session-report topics=${topics}></pk-session-report
  ></pk-session>`);
  const report = session.querySelector('pk-session-report') as PkSessionReport;
  await waitUntil(() => transport.status === 'open', 'transport opens', { timeout: 5000 });
  return { session, report, transport };
}

const loaded = (r: PkSessionReport) =>
  waitUntil(() => r.loaded && r.report !== null && shadowText(r).includes('Downloads'), `report loads: ${shadowText(r)}`, {
    timeout: 8000,
  });

/** Clicks a download button and returns the prepared file (the browser download is cancelled). */
async function clickExport(report: PkSessionReport, which: string): Promise<{ detail: PkReportExportDetail; button: HTMLButtonElement }> {
  const button = report.shadowRoot!.querySelector<HTMLButtonElement>(`[data-export="${which}"]`);
  expect(button, `button ${which}`).to.exist;
  const got = new Promise<PkReportExportDetail>((resolve) =>
    report.addEventListener(
      'pk-report-export',
      (e) => {
        e.preventDefault();
        resolve(e.detail);
      },
      { once: true },
    ),
  );
  button!.focus();
  button!.click();
  const detail = await got;
  await waitUntil(() => shadowText(report).includes(`Downloaded ${detail.filename}`), 'download announced', { timeout: 9000 }).catch(() => {
    throw new Error(`not announced: ${shadowText(report)}`);
  });
  return { detail, button: button! };
}

describe('<pk-session-report>', () => {
  it("joins the room's widgets for a facilitator, and follows what participants do in the real widgets", async () => {
    const room = uniqueRoom('report');
    const { hub } = await playScript(room);
    // Two participants in the room now, each on their own session with the poll.
    const six = await widgetOnHub<PkPulsePoll>(hub, room, person(6), warmupPoll, 'pk-pulse-poll');
    await widgetOnHub<PkPulsePoll>(hub, room, person(7), warmupPoll, 'pk-pulse-poll');
    const { report } = await reportAs(hub, room, FAY);
    await loaded(report);
    const text = shadowText(report);
    for (const s of [
      'Session report',
      'Attendance',
      'Participation',
      'Ready to start?',
      'Round 2 (current)',
      'After day 1',
      'How useful was today?',
      'Is there a recording?',
      'break',
    ])
      expect(text).to.contain(s);
    // Presence: the two participants on the page now; staff never counted.
    await waitUntil(() => report.report!.attendance.samples.at(-1)?.present === 2, 'attendance sampled', { timeout: 5000 });

    await waitUntil(() => six.el.handle?.loaded, 'poll loaded', { timeout: 5000 });
    await six.el.vote(['yes']);
    await waitUntil(() => report.report!.polls.at(-1)!.responded === 3, 'the new vote reaches the report', { timeout: 8000 });
    const poll = report.report!.participation.find((p) => p.topic === 'poll:warmup')!;
    expect(poll.participants).to.equal(5);
    // p1-p4 took part earlier, p6 and p7 are here now: six participants counted as present.
    expect(report.report!.present).to.equal(6);
    expect(poll.rate).to.equal(5 / 6);
    await waitForText(report, /Round 2 \(current\) · 3 responses/, 6000);
  });

  it('the connection drops while the report is open: it says so, and catches up with what happened meanwhile', async () => {
    const room = uniqueRoom('report-offline');
    const { hub } = await playScript(room);
    const { report, transport } = await reportAs(hub, room, FAY);
    await loaded(report);
    transport.simulateDrop();
    await waitForText(report, /Offline/);
    // Meanwhile a participant answers round 2 on their own page.
    const six = await widgetOnHub<PkPulsePoll>(hub, room, person(6), warmupPoll, 'pk-pulse-poll');
    await waitUntil(() => six.el.handle?.loaded, 'poll loaded', { timeout: 5000 });
    await six.el.vote(['no']);
    expect(report.report!.polls.at(-1)!.responded, 'nothing read while offline').to.equal(2);
    transport.simulateRestore();
    await waitUntil(() => report.report!.polls.at(-1)!.responded === 3, 'the vote is read after the connection is back', { timeout: 8000 });
    await waitUntil(() => !/Offline/.test(shadowText(report)), 'the offline line goes', { timeout: 4000 });
    expect(report.report!.polls.at(-1)!.rows.find((r) => r.label === 'Not yet')!.count).to.equal(2);
  });

  it('a participant gets a short notice and the report reads nothing for them', async () => {
    const room = uniqueRoom('report-participant');
    const { hub } = await playScript(room);
    const { report, transport } = await reportAs(hub, room, person(1));
    await waitForText(report, /This report is for facilitators and producers\./);
    // A facilitator's report on the same page reads and shows everything meanwhile.
    const staff = await reportAs(hub, room, FAY);
    await loaded(staff.report);
    staff.session.remove();
    expect(report.report).to.equal(null);
    const text = shadowText(report);
    for (const s of ['Ready to start?', 'After day 1', 'recording', 'Downloads']) expect(text).to.not.contain(s);
    expect(transport.read.filter((t) => REPORT_TOPICS.split(' ').includes(t))).to.deep.equal([]);
    await expectPageAccessible();
  });

  it('an empty room: zero figures, no rounds, the downloads still there; accessible', async () => {
    const room = uniqueRoom('report-empty');
    const hub = new MemoryHub();
    const { report } = await reportAs(hub, room, FAY);
    await loaded(report);
    expect(shadowText(report)).to.contain('Nothing has happened in these widgets yet.');
    expect(report.report!.polls).to.deep.equal([]);
    await expectPageAccessible();
  });

  it('downloads: CSV per table and the whole report as JSON, with focus kept on the button used', async () => {
    const room = uniqueRoom('report-csv');
    const { hub } = await playScript(room);
    const { report } = await reportAs(hub, room, FAY);
    await loaded(report);
    const csv = await clickExport(report, 'csv-polls');
    expect(csv.detail.filename).to.match(new RegExp(`^session-report-${room}-\\d{4}-\\d\\d-\\d\\d-polls\\.csv$`));
    const lines = csv.detail.content.trim().split('\r\n');
    expect(lines[0]).to.equal('topic,round,question,kind,responded,answer,count,percent');
    expect(lines).to.include('poll:warmup,1,Ready to start?,single,3,Yes,2,66.7');
    expect(report.shadowRoot!.activeElement).to.equal(csv.button);

    const threads = await clickExport(report, 'csv-threads');
    expect(threads.detail.content).to.contain('thread:qa,3,1,2,1,1,Is there a recording?,0');

    const json = await clickExport(report, 'json');
    const doc = JSON.parse(json.detail.content);
    expect(doc).to.include({ format: 'pulsekit-session-report', version: 1, room, present: 4 });
    expect(doc.polls).to.have.length(2);
    expect(doc.surveys[0].questions[1]).to.include({ id: 'nps', nps: 33 });
    expect(report.shadowRoot!.activeElement).to.equal(json.button);
    // No xapi-base on the session: no xAPI button, and the report says why.
    expect(report.shadowRoot!.querySelector('[data-export="xapi"]')).to.equal(null);
    expect(shadowText(report)).to.contain('xAPI statements need an xAPI base IRI');
    await expectPageAccessible();
  });

  it('downloads the xAPI statements with <pk-session xapi-base>: valid, one id per event, anonymous survey answers name nobody', async () => {
    const room = uniqueRoom('report-xapi');
    const { hub } = await playScript(room);
    const { report } = await reportAs(hub, room, FAY, { xapiBase: 'https://lms.example/pulsekit' });
    await loaded(report);
    const { detail } = await clickExport(report, 'xapi');
    const statements = JSON.parse(detail.content) as XapiStatement[];
    expect(new Set(statements.map((s) => s.id)).size).to.equal(statements.length);
    const topicOf = (s: XapiStatement) => s.context.extensions[EXTENSIONS.topic];
    // 18 scripted events, each gives at least one statement.
    expect(statements.length).to.be.at.least(18);
    const votes = statements.filter((s) => topicOf(s) === 'poll:warmup' && s.verb.id.endsWith('/answered'));
    expect(votes.map((s) => s.actor.account?.name).sort()).to.deep.equal(['p1', 'p1', 'p2', 'p3', 'p4']);
    const survey = statements.filter((s) => topicOf(s) === 'survey:after');
    for (const n of [1, 2, 3]) expect(namesNobody(survey, person(n)), `survey statements name nobody (p${n})`).to.equal(true);
    await expectValid(statements);
  });

  it('right to left in Arabic, with a scripted session; accessible', async () => {
    const room = uniqueRoom('report-rtl');
    const { hub } = await playScript(room);
    const { report } = await reportAs(hub, room, FAY, { lang: 'ar' });
    await waitUntil(
      () => report.loaded && shadowText(report).includes('تقرير الجلسة') && shadowText(report).includes('التنزيلات'),
      'Arabic report',
      { timeout: 8000 },
    );
    expect(report.shadowRoot!.querySelector('[part~=base]')!.getAttribute('dir')).to.equal('rtl');
    await expectPageAccessible();
  });

  it('says what is wrong with the topics attribute', async () => {
    const errors: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => errors.push(a.join(' '));
    try {
      const { report } = await reportAs(new MemoryHub(), uniqueRoom('report-bad'), FAY, { topics: 'poll:warmup quiz:x' });
      await waitForText(report, /cannot be shown.*cannot read "quiz" topics/);
    } finally {
      console.error = orig;
    }
    expect(errors.some((e) => e.includes('cannot read "quiz" topics'))).to.equal(true);
  });
});
