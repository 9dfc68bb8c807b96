// Issue #12 item 3: every widget counts the people present the same way: participants, not staff.
// Facilitators and producers run a poll and read its results; they are not expected to answer.
import { expect, html, waitUntil } from '@open-wc/testing';
import type { PkEngagementMeter } from '../../src/components/engagement-meter/pk-engagement-meter.js';
import type { PkPulsePoll } from '../../src/components/pulse-poll/pk-pulse-poll.js';
import type { PkSessionSurvey } from '../../src/components/session-survey/pk-session-survey.js';
import { presentParticipants } from '../../src/core/protocol/presence.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { shadowText, uniqueRoom, waitForText, widgetOnHub, type Who } from '../support.js';

const abc = html`<option value="a">Alpha</option><option value="b">Bravo</option>`;
const page = (pollExtra = '') => html`<pk-pulse-poll poll-id="q" question="Pick one" ?draft=${pollExtra === 'draft'}>${abc}</pk-pulse-poll>
  <pk-engagement-meter meter-id="m"></pk-engagement-meter>
  <pk-session-survey survey-id="s" .definition=${{ title: 'Eval', questions: [{ id: 'r', type: 'rating', title: 'How was it?' }] }}></pk-session-survey>`;

const pia: Who = { id: 'pia', name: 'Pia' };
const fay: Who = { id: 'fay', name: 'Fay', role: 'facilitator' };
const pat: Who = { id: 'pat', name: 'Pat', role: 'producer' };

async function join(hub: MemoryHub, room: string, who: Who, extra = '') {
  const { session, el: poll } = await widgetOnHub<PkPulsePoll>(hub, room, who, page(extra), 'pk-pulse-poll');
  const meter = session.querySelector<PkEngagementMeter>('pk-engagement-meter')!;
  const survey = session.querySelector<PkSessionSurvey>('pk-session-survey')!;
  await Promise.all([meter.updateComplete, survey.updateComplete]);
  return { session, poll, meter, survey };
}

describe('presence: participants present, counted the same way by every widget', () => {
  it('one participant, a facilitator and a producer: "1 of 1 responded", "1 participant present", "1 of 1 present", for staff and participants alike', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('presence');
    const p = await join(hub, room, pia);
    const f = await join(hub, room, fay);
    await join(hub, room, pat);
    await waitUntil(() => p.poll.ctl.session?.presence?.count === 3 && f.poll.ctl.session?.presence?.count === 3, 'all three present');
    await p.poll.vote(['a']);
    // The participant answers the survey as a person does: a star, then Send.
    p.survey.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name=r]')[3]!.click();
    await p.survey.updateComplete;
    p.survey.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitForText(f.poll, /1 of 1 responded/);
    await waitForText(p.poll, /1 of 1 responded/);
    await waitForText(f.meter, /1 participant present/);
    await waitForText(f.survey, /1 of 1 present/);
    for (const el of [f.poll, p.poll]) expect(shadowText(el)).to.not.match(/of 3 responded/);
  });

  it('staff see the question, the results and the controls, never a vote form nor "Waiting for the facilitator" (accessible)', async () => {
    const hub = new MemoryHub();
    const room = uniqueRoom('presence-draft');
    const f = await join(hub, room, fay, 'draft');
    const p = await join(hub, room, pia, 'draft');
    await waitForText(p.poll, /Waiting for the facilitator to open this poll/);
    await waitUntil(() => f.poll.shadowRoot!.querySelector('[part~=controls]'), 'the controls');
    const text = shadowText(f.poll);
    expect(f.poll.shadowRoot!.querySelector('form'), 'no vote form for staff').to.not.exist;
    expect(text).to.not.match(/Waiting for the facilitator/);
    expect(text).to.match(/Participants see the question and wait until you open the poll/);
    expect(text).to.match(/Pick one/);
    await expect(f.poll).to.be.accessible();
    // Opened: still no form for staff, the participant's form appears.
    await f.poll.ctl.handle!.send('open', { config: f.poll.authoredConfig, seconds: null });
    await waitUntil(() => p.poll.shadowRoot!.querySelector('form'), 'the participant can vote');
    await f.poll.updateComplete;
    expect(f.poll.shadowRoot!.querySelector('form')).to.not.exist;
    expect(shadowText(f.poll)).to.not.match(/Participants see the question and wait/);
  });

  it('presentParticipants: the participant count, else the participants in the list, else the total', () => {
    const a = (id: string, role: 'participant' | 'facilitator' | 'producer' = 'participant') => ({ id, name: id, role });
    expect(presentParticipants(null)).to.equal(null);
    expect(presentParticipants({ count: 3, participants: [a('p'), a('f', 'facilitator'), a('x', 'producer')] })).to.equal(1);
    expect(presentParticipants({ count: 3, participantCount: 1 })).to.equal(1);
    expect(presentParticipants({ count: 3 })).to.equal(3);
  });
});
