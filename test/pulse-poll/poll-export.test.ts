// The poll export: every round as CSV and JSON, for facilitators. The pure builders on states made by
// the real model, then the facilitator's buttons on a real MemoryHub authority.
import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { pollExport, pollToCsv, type PkPollExportDetail } from '../../src/components/pulse-poll/poll-export.js';
import type { PollConfig } from '../../src/components/pulse-poll/poll-types.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { pollModel, resultRows } from '../../src/components/pulse-poll/poll-model.js';
import { button, clientOnHub, pollOnHub, shadowText, uniqueRoom } from '../support.js';
import { ana, ben, fran, replay, single as named } from '../xapi/xapi-support.js';

/** Anonymous, answers final, and a label a spreadsheet would run as a formula. */
const single: PollConfig = {
  ...named,
  options: [
    { value: 'a', label: 'Accessibility' },
    { value: 'b', label: '=HYPERLINK("http://x")' },
  ],
  allowChange: false,
  anonymous: true,
};
const words: PollConfig = { ...single, question: 'One word for today?', kind: 'text', options: [], maxChoices: 2 };
/** The poll after the last accepted event of a script. */
const finalState = (list: ReturnType<typeof replay>) => pollModel.evolve(list[list.length - 1]!.before, list[list.length - 1]!.event);

describe('poll export (pure)', () => {
  it('every round, oldest first: option, label, votes, share of respondents, and the text answers of a text round', () => {
    const state = finalState(
      replay('poll:x', [
        { actor: fran, type: 'open', data: { config: single } },
        { actor: ana, type: 'vote', data: { round: 1, choices: ['a'] } },
        { actor: ben, type: 'vote', data: { round: 1, choices: ['a'] } },
        { actor: fran, type: 'reset', data: {} },
        { actor: fran, type: 'open', data: { config: words } },
        { actor: ana, type: 'vote', data: { round: 2, choices: ['Focus', 'Fun'] } },
        { actor: ben, type: 'vote', data: { round: 2, choices: ['focus '] } },
        { actor: fran, type: 'reset', data: {} },
      ]),
    );
    const doc = pollExport(state, { pollId: 'x', exportedAt: Date.UTC(2026, 0, 2), rowsOf: resultRows });
    expect(doc).to.include({ format: 'pulsekit-poll', version: 1, pollId: 'x', exportedAt: '2026-01-02T00:00:00.000Z' });
    expect(doc.rounds.map((r) => [r.round, r.kind, r.responded, r.current])).to.deep.equal([
      [1, 'single', 2, false],
      [2, 'text', 2, false],
      [3, 'text', 0, true],
    ]);
    expect(doc.rounds[0]!.options).to.deep.equal([
      { value: 'a', label: 'Accessibility', votes: 2, share: 100 },
      { value: 'b', label: '=HYPERLINK("http://x")', votes: 0, share: 0 },
    ]);
    expect(doc.rounds[1]!.options).to.deep.equal([
      { value: 'focus', label: 'Focus', votes: 2, share: 100 },
      { value: 'fun', label: 'Fun', votes: 1, share: 50 },
    ]);
    const csv = pollToCsv(state, { pollId: 'x', exportedAt: 0, rowsOf: resultRows }).split('\r\n');
    expect(csv[0]).to.equal('round,question,kind,option,label,votes,share,responded');
    expect(csv[1]).to.equal('1,Which topic first?,single,a,Accessibility,2,100,2');
    expect(csv[2], 'a formula is defused').to.equal(`1,Which topic first?,single,b,"'=HYPERLINK(""http://x"")",0,0,2`);
    expect(csv[3]).to.equal('2,One word for today?,text,focus,Focus,2,100,2');
    expect(csv).to.have.length(6); // 4 rows, the header and the final CRLF's empty tail
    expect(JSON.stringify(doc), 'counts only: nobody named').to.not.match(/ana-id|ben-id|Ana|Ben/);
  });

  it("a self-serve round takes its question and options from the page's configuration", () => {
    const state = finalState(
      replay('poll:quick', [{ actor: ana, type: 'vote', data: { round: 1, choices: ['b'], kind: 'single', anonymous: true } }]),
    );
    const [round] = pollExport(state, { pollId: 'quick', exportedAt: 0, fallback: single, rowsOf: resultRows }).rounds;
    expect(round!.question).to.equal('Which topic first?');
    expect(round!.options.map((o) => `${o.value}:${o.votes}:${o.share}`)).to.deep.equal(['a:0:0', 'b:1:100']);
  });
});

describe('poll export (facilitator)', () => {
  it('the controls export every round as CSV and JSON (pk-poll-export, cancelable); participants get no export', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('poll-export');
    const tpl = html`<pk-pulse-poll poll-id="pace" question="How is the pace?" draft><option value="slow">Too slow</option><option value="ok">Just right</option></pk-pulse-poll>`;
    const f = await pollOnHub(hub, room, { id: 'fran', role: 'facilitator' }, tpl);
    await waitUntil(() => f.poll.shadowRoot!.querySelector('[part~=controls]'), 'controls', { timeout: 5000 });
    button(f.poll, /Open poll/).click();
    const voter = clientOnHub(hub, room, 'ana');
    const h = voter.topic('poll:pace', pollModel);
    await waitUntil(() => h.state.status === 'open', 'opened', { timeout: 5000 });
    expect((await h.send('vote', { round: 1, choices: ['slow'] })).status).to.equal('applied');
    await waitUntil(() => f.poll.pollState.responded === 1, 'vote seen', { timeout: 5000 });
    f.poll.addEventListener('pk-poll-export', (e) => e.preventDefault());
    const csv = oneEvent(f.poll, 'pk-poll-export');
    button(f.poll, /Export all rounds \(CSV\)/).click();
    const c = ((await csv) as CustomEvent<PkPollExportDetail>).detail;
    expect(c).to.include({ pollId: 'pace', format: 'csv', filename: 'poll-pace.csv' });
    expect(c.content.split('\r\n').slice(0, 3)).to.deep.equal([
      'round,question,kind,option,label,votes,share,responded',
      '1,How is the pace?,single,slow,Too slow,1,100,1',
      '1,How is the pace?,single,ok,Just right,0,0,1',
    ]);
    const json = oneEvent(f.poll, 'pk-poll-export');
    button(f.poll, /Export all rounds \(JSON\)/).click();
    const j = ((await json) as CustomEvent<PkPollExportDetail>).detail;
    expect(JSON.parse(j.content).rounds[0].options[0]).to.deep.equal({ value: 'slow', label: 'Too slow', votes: 1, share: 100 });
    await expect(f.poll).to.be.accessible();
    const p = await pollOnHub(hub, room, { id: 'ben' }, tpl);
    await waitUntil(() => /Too slow/.test(shadowText(p.poll)), 'participant view', { timeout: 5000 });
    expect(shadowText(p.poll)).to.not.match(/Export/);
    await voter.close();
  });
});
