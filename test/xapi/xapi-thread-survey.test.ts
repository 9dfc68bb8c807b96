// xAPI statements of thread and survey events (docs/xapi.md): every event type gives valid
// statements (Learning Locker's validator), with the documented verb, and anonymity is kept.
import { expect } from '@open-wc/testing';
import { statementsFor, EXTENSIONS } from '../../src/xapi.js';
import type { XapiOptions, XapiStatement } from '../../src/core/protocol/xapi-types.js';
import { ana, ben, expectValid, fran, namesNobody, replay, surveyDefinition, type Accepted } from './xapi-support.js';

const options: XapiOptions = { baseIri: 'https://lms.example/pulsekit/', room: 'course-42', language: 'en' };
const build = (list: Accepted[], o = options): XapiStatement[][] => list.map(({ event, before }) => statementsFor(event, before, o));
const verbsOf = (all: XapiStatement[][]): string[] => all.map((s) => s.map((x) => x.verb.display.en).join('+'));
const THREAD = 'https://lms.example/pulsekit/rooms/course-42/thread/qa';

describe('xAPI statements: discussion thread', () => {
  it('posts, replies, edits, votes, reactions and moderation: valid, the documented verbs and objects', async () => {
    const p = (on: boolean) => ({ postId: 'post-q1-0001', on });
    const all = build(
      replay('thread:qa', [
        { actor: ana, type: 'post', data: { body: 'What is a retro?' }, opId: 'post-q1-0001' },
        { actor: ben, type: 'post', data: { body: 'A look back.', parent: 'post-q1-0001' }, opId: 'post-r1-0001' },
        { actor: ana, type: 'post', data: { body: 'Deeper', parent: 'post-r1-0001', maxDepth: 2 }, opId: 'post-r2-0001' },
        { actor: ana, type: 'edit', data: { postId: 'post-q1-0001', body: 'What is a retrospective?' } },
        { actor: ben, type: 'upvote', data: p(true) },
        { actor: ben, type: 'upvote', data: p(false) },
        { actor: ben, type: 'react', data: { postId: 'post-q1-0001', reaction: 'thanks', on: true } },
        { actor: ben, type: 'react', data: { postId: 'post-q1-0001', reaction: 'thanks', on: false } },
        { actor: fran, type: 'pin', data: { postId: 'post-q1-0001', pinned: true } },
        { actor: fran, type: 'pin', data: { postId: 'post-q1-0001', pinned: false } },
        { actor: fran, type: 'hide', data: { postId: 'post-r1-0001', hidden: true } },
        { actor: fran, type: 'hide', data: { postId: 'post-r1-0001', hidden: false } },
        { actor: fran, type: 'answer', data: { postId: 'post-q1-0001', answered: true } },
        { actor: fran, type: 'answer', data: { postId: 'post-q1-0001', answered: false } },
        { actor: fran, type: 'lock', data: { locked: true } },
        { actor: fran, type: 'lock', data: { locked: false } },
        { actor: ana, type: 'delete', data: { postId: 'post-r2-0001' } },
      ]),
    );
    await expectValid(all.flat());
    expect(verbsOf(all)).to.deep.equal([
      'commented',
      'replied',
      'replied',
      'updated',
      'voted up',
      'retracted',
      'responded',
      'retracted',
      'promoted',
      'demoted',
      'rejected',
      'approved',
      'resolved',
      'unresolved',
      'closed',
      'opened',
      'deleted',
    ]);
    const [post, reply, deep, edit] = all.map((s) => s[0]!);
    expect(post.object.id).to.equal(THREAD);
    expect(post.result?.response).to.equal('What is a retro?');
    expect(post.context.contextActivities.other?.[0]).to.deep.include({ id: `${THREAD}/posts/post-q1-0001` });
    expect(reply.object).to.deep.include({ id: `${THREAD}/posts/post-q1-0001` });
    expect(reply.object.definition?.type).to.equal('http://id.tincanapi.com/activitytype/forum-topic');
    expect(reply.context.contextActivities.parent?.[0]?.id).to.equal(THREAD);
    // Past max-depth the reply sits under q1 but answers r1, and says so.
    expect(deep.object.id).to.equal(`${THREAD}/posts/post-r1-0001`);
    expect(deep.object.definition?.type).to.equal('http://id.tincanapi.com/activitytype/forum-reply');
    expect(deep.context.extensions[EXTENSIONS.post]).to.equal(`${THREAD}/posts/post-r2-0001`);
    expect(edit.result?.response).to.equal('What is a retrospective?');
    expect(all[6]![0]!.result?.response).to.equal('thanks');
    // Upvotes and reactions never say who, to anyone: nor do their statements.
    expect(namesNobody(all.slice(4, 8).flat(), ben)).to.equal(true);
    expect((post.actor as { account: { name: string } }).account.name).to.equal('ana-id');
  });

  it('an anonymous post, its edit and its deletion name nobody', async () => {
    const all = build(
      replay('thread:qa', [
        { actor: ana, type: 'post', data: { body: 'Anonymous question', anonymous: true }, opId: 'post-a1-0001' },
        { actor: ana, type: 'edit', data: { postId: 'post-a1-0001', body: 'Anonymous question, edited' } },
        { actor: ana, type: 'delete', data: { postId: 'post-a1-0001' } },
      ]),
    ).flat();
    await expectValid(all);
    expect(all.map((s) => s.actor.objectType)).to.deep.equal(['Group', 'Group', 'Group']);
    expect(namesNobody(all, ana)).to.equal(true);
  });
});

const context = (session: string) => ({ room: 'course-42', session, hidden: { cohort: 'b' } });

describe('xAPI statements: session survey', () => {
  it('a named survey: completed with the answers and hidden fields; an edit updated; publish, close and reopen', async () => {
    const all = build(
      replay('survey:day-1', [
        { actor: fran, type: 'publish', data: { definition: surveyDefinition } },
        { actor: ana, type: 'submit', data: { answers: { overall: 4, why: 'Good pace' }, context: context('Morning') } },
        { actor: ana, type: 'submit', data: { answers: { overall: 5, why: 'Good pace' }, context: context('Morning') } },
        { actor: fran, type: 'close', data: {} },
        { actor: fran, type: 'reopen', data: {} },
      ]),
    );
    await expectValid(all.flat());
    expect(verbsOf(all)).to.deep.equal(['opened', 'completed', 'updated', 'closed', 'opened']);
    const [publish, first, edit] = all.map((s) => s[0]!);
    expect(publish.object.definition).to.deep.equal({
      type: 'https://pulsekit.github.io/xapi/activities/survey',
      name: { en: 'After day 1' },
    });
    expect(first.result).to.deep.equal({ completion: true, extensions: { [EXTENSIONS.answers]: { overall: 4, why: 'Good pace' } } });
    expect(first.context.extensions).to.include({ [EXTENSIONS.session]: 'Morning' });
    expect(first.context.extensions[EXTENSIONS.hiddenFields]).to.deep.equal({ cohort: 'b' });
    expect(edit.result?.extensions?.[EXTENSIONS.answers]).to.deep.equal({ overall: 5, why: 'Good pace' });
    expect((first.actor as { account: { name: string } }).account.name).to.equal('ana-id');
  });

  it("an anonymous survey: completed by the room's anonymous group, without answers or hidden fields", async () => {
    const all = build(
      replay('survey:anon', [
        { actor: fran, type: 'publish', data: { definition: { ...surveyDefinition, anonymous: true } } },
        { actor: ana, type: 'submit', data: { answers: { overall: 2, why: 'I am Ana from team B' }, context: context('Morning') } },
      ]),
    );
    const response = all[1]![0]!;
    await expectValid([response]);
    expect(response.actor.objectType).to.equal('Group');
    expect(response.result).to.deep.equal({ completion: true });
    expect(JSON.stringify(response)).to.not.match(/team B|cohort/);
    expect(namesNobody([response], ana)).to.equal(true);
  });
});
