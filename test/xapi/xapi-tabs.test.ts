// Outside in: a host page without a Pulsekit server (the default local transport in a real tab of
// the test's Chromium) gets xAPI statements from <pk-session xapi-base>, one per action its user
// takes through the widgets' UI, each valid, and each op's statement once, across reloads and
// resends too.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { XapiStatement } from '../../src/core/protocol/xapi-types.js';
import { expectValid } from './xapi-support.js';
import { quietFor } from '../quiet.mjs';
import { uniqueRoom } from '../support.js';

const open = (room: string, pid: string) =>
  executeServerCommand<number, { path: string }>('tab-open', { path: `/test/fixtures/xapi-tab.html?room=${room}&pid=${pid}` });
const evalIn = <T>(id: number, expression: string) =>
  executeServerCommand<T, { id: number; expression: string }>('tab-eval', { id, expression });
const waitIn = (id: number, expression: string, timeout = 15000) => executeServerCommand('tab-wait', { id, expression, timeout });
const reload = (id: number) => executeServerCommand('tab-reload', { id });
const closeTab = (id: number) => executeServerCommand('tab-close', { id });

const ready = `window.pk.status() === 'open' && window.pk.loaded()`;
const statementsOf = (t: number) => evalIn<XapiStatement[]>(t, 'window.pk.statements()');
const verbs = (list: XapiStatement[]) => list.map((s) => s.verb.display.en);
/** How many statements each op (by statement id) got. */
const perOp = (list: XapiStatement[]) =>
  Object.values(list.reduce<Record<string, number>>((m, s) => ({ ...m, [s.id]: (m[s.id] ?? 0) + 1 }), {}));

describe('xAPI statements on a host page without a server (real tab, local transport)', function () {
  this.timeout(90000);

  it('a vote, a post, a signal and a survey response through the UI: one valid statement each, on the event', async () => {
    const room = uniqueRoom('xapi-ui');
    const t = await open(room, 'ana-id');
    try {
      await waitIn(t, ready);
      await evalIn(t, `window.pk.vote('slow')`);
      await waitIn(t, `window.pk.statements().length === 1`);
      await evalIn(t, `window.pk.post('Can we slow down a little?')`);
      await waitIn(t, `window.pk.statements().length === 2`);
      await evalIn(t, `window.pk.signal(/^Confused$/)`);
      await waitIn(t, `window.pk.statements().length === 3`);
      await evalIn(t, `window.pk.answer(4)`);
      await waitIn(t, `window.pk.statements().length === 4 && window.pk.surveyCount() === 1`);
      const list = await statementsOf(t);
      await expectValid(list);
      expect(verbs(list)).to.deep.equal(['answered', 'commented', 'responded', 'completed']);
      expect(list.map((s) => s.object.id)).to.deep.equal([
        `https://lms.example/pulsekit/rooms/${room}/poll/pace`,
        `https://lms.example/pulsekit/rooms/${room}/thread/qa`,
        `https://lms.example/pulsekit/rooms/${room}/meter/class`,
        `https://lms.example/pulsekit/rooms/${room}/survey/day-1`,
      ]);
      expect(list[1]!.result?.response).to.equal('Can we slow down a little?');
      // The poll, meter and survey are anonymous by default: nobody is named; the post is not anonymous.
      expect(list.map((s) => s.actor.objectType)).to.deep.equal(['Group', 'Agent', 'Group', 'Group']);
      expect(JSON.stringify([list[0], list[2], list[3]])).to.not.match(/ana-id|Ana Anders/);
      expect(JSON.stringify(list), 'never the display name').to.not.contain('Ana Anders');
      expect(new Set(list.map((s) => s.context.extensions['https://pulsekit.github.io/xapi/extensions/session']))).to.deep.equal(
        new Set(['Day 1']),
      );
      // A reload delivers nothing again.
      await reload(t);
      await waitIn(t, ready);
      await quietFor(500, 'statement delivered again after the reload', async () => (await statementsOf(t)).length !== 4);
    } finally {
      await closeTab(t);
    }
  });

  it('an op sent offline and delivered after a reload: its statement once, after the reload', async () => {
    const room = uniqueRoom('xapi-offline');
    const t = await open(room, 'ben-id');
    try {
      await waitIn(t, ready);
      await evalIn(t, `window.pk.drop()`);
      await evalIn(t, `window.pk.vote('ok')`);
      await waitIn(t, `window.pk.queued() === 1`);
      expect(await statementsOf(t), 'not accepted yet: no statement').to.have.length(0);
      await reload(t);
      await waitIn(t, `${ready} && window.pk.queued() === 0 && window.pk.statements().length === 1`);
      await reload(t);
      await waitIn(t, `${ready} && window.pk.tally().ok === 1`);
      await quietFor(500, 'statement delivered again after the second reload', async () => (await statementsOf(t)).length !== 1);
      const list = await statementsOf(t);
      expect(verbs(list)).to.deep.equal(['answered']);
      await expectValid(list);
    } finally {
      await closeTab(t);
    }
  });

  it('a lost ack: the event was seen and its statement delivered, then the page reloads before any resend: still once', async () => {
    const room = uniqueRoom('xapi-lostack');
    const t = await open(room, 'cai-id');
    try {
      await waitIn(t, ready);
      await evalIn(t, `window.pk.post('First, which loads the builder')`);
      await waitIn(t, `window.pk.statements().length === 1`);
      // The next send commits but its ack is lost; the page goes offline as soon as the statement is out.
      await evalIn(t, `window.pk.loseNextAck(); window.pk.dropAfterNextStatement()`);
      await evalIn(t, `window.pk.post('Second, whose ack is lost')`);
      await waitIn(t, `window.pk.statements().length === 2`);
      await reload(t);
      await waitIn(t, `${ready} && window.pk.queued() === 0`);
      await quietFor(800, 'statement delivered twice', async () => (await statementsOf(t)).length !== 2);
      const list = await statementsOf(t);
      expect(verbs(list)).to.deep.equal(['commented', 'commented']);
      expect(perOp(list)).to.deep.equal([1, 1]);
    } finally {
      await closeTab(t);
    }
  });
});
