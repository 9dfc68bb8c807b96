// The page `bench/thread.mjs` loads in Chromium: builds an N-post thread on an in-memory authority,
// then times a real <pk-discussion-thread> inside a real <pk-session> from insertion to the first
// event reaching it and to the first painted posts, counts the DOM it ends up with, and scrolls it
// to the end and back watching for long tasks.
import '../src/define-all.js';
import { threadModel } from '../src/components/discussion-thread/thread-model.js';
import type { PkDiscussionThread } from '../src/components/discussion-thread/pk-discussion-thread.js';
import { MemoryHub, MemoryTransport } from '../src/core/transports/memory-transport.js';
import { MemoryOutbox } from '../src/core/client/outbox.js';
import { SessionClient } from '../src/core/client/session-client.js';
import type { Actor, EventEnvelope, Operation } from '../src/core/protocol/wire.js';

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/** A deterministic thread: a third top-level posts, the rest replies (up to 3 levels), some votes and reactions. */
async function seed(hub: MemoryHub, room: string, n: number): Promise<void> {
  const people: Actor[] = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, role: 'participant' }));
  const links = await Promise.all(
    people.map(async (a) => {
      const t = new MemoryTransport(hub);
      await t.connect({ room, identity: a });
      return t;
    }),
  );
  let x = 12345;
  const rnd = (k: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % k;
  };
  const ids: string[] = [];
  const depth = new Map<string, number>();
  for (let start = 0; start < n; start += 100) {
    const who = (start / 100) % people.length;
    const batch: Operation[] = [];
    for (let i = start; i < Math.min(n, start + 100); i++) {
      const opId = `bench-${i.toString().padStart(6, '0')}`;
      const parent = i % 3 === 0 || ids.length === 0 ? null : ids[ids.length - 1 - rnd(Math.min(ids.length, 50))]!;
      const d = parent ? Math.min(2, (depth.get(parent) ?? 0) + 1) : 0;
      const body = `Post ${i}: **notes** from breakout room ${i % 12}, with a [link](https://example.org/${i}) and \`code\`.\n\n- point one\n- point two`;
      batch.push({ opId, clientId: people[who]!.id, topic: 'thread:t', type: 'post', data: { body, parent }, createdAt: Date.now() });
      ids.push(opId);
      depth.set(opId, d);
    }
    const acks = await links[who]!.send(batch);
    const bad = acks.find((a) => a.status !== 'applied');
    if (bad) throw new Error(`seed failed: ${JSON.stringify(bad)}`);
  }
  // Some upvotes and reactions from people who did not write the post.
  for (let k = 0; k < Math.min(500, n / 10); k++) {
    const voter = (k % people.length) as number;
    const target = ids[rnd(ids.length)]!;
    await links[voter]!.send([
      {
        opId: `bench-vote-${k}`,
        clientId: people[voter]!.id,
        topic: 'thread:t',
        type: 'react',
        data: { postId: target, reaction: 'like', on: true },
        createdAt: Date.now(),
      },
    ]);
  }
  await Promise.all(links.map((l) => l.close()));
}

/** Elements in the document, shadow roots included. */
function countElements(root: Document | ShadowRoot | Element): number {
  let n = 0;
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      n++;
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return n;
}

let prepared: { hub: MemoryHub; n: number; seedMs: number } | null = null;
let mounted: { session: HTMLElement; thread: PkDiscussionThread; baseline: number; n: number } | null = null;

const bench = {
  /** Builds the thread (not timed). */
  async prepare(n: number) {
    const hub = new MemoryHub({ models: [threadModel] });
    const s0 = performance.now();
    await seed(hub, 'bench', n);
    prepared = { hub, n, seedMs: performance.now() - s0 };
  },
  /** Mounts an n-post thread and times it; the thread stays for `scroll()` and `finish()`. */
  async run(n: number) {
    if (prepared?.n !== n) await bench.prepare(n);
    const { hub, seedMs } = prepared!;
    const baseline = countElements(document);
    await frame();

    const t0 = performance.now();
    const session = document.createElement('pk-session') as HTMLElement & { transport: unknown };
    session.setAttribute('room', 'bench');
    session.setAttribute('participant-id', 'viewer');
    session.setAttribute('participant-name', 'Viewer');
    session.transport = new MemoryTransport(hub);
    const thread = document.createElement('pk-discussion-thread') as PkDiscussionThread;
    thread.setAttribute('thread-id', 't');
    session.append(thread);
    document.body.append(session);
    // First data: the first event reaches the element's topic (the transport has delivered).
    let firstData = NaN;
    void (async () => {
      for (let i = 0; i < 10_000 && !thread.ctl.handle; i++) await (i < 100 ? Promise.resolve() : frame());
      const handle = thread.ctl.handle;
      if (!handle) return;
      const off = handle.subscribe(() => {
        if (handle.cursor > 0 && Number.isNaN(firstData)) {
          firstData = performance.now() - t0;
          off();
        }
      });
    })();
    // First render: the first posts are in the DOM and a frame has painted them.
    while (!thread.shadowRoot?.querySelector('article[data-id]')) await frame();
    await frame();
    const firstRender = performance.now() - t0;
    // Settled: every post loaded and the rendered set stable for 5 frames (virtualizer done).
    let last = -1;
    let stable = 0;
    while (stable < 5) {
      await frame();
      const now = thread.shadowRoot!.querySelectorAll('article[data-id]').length;
      stable = thread.threadLoaded && now === last ? stable + 1 : 0;
      last = now;
    }
    const settled = performance.now() - t0;
    const domNodes = countElements(document) - baseline;
    const posts = thread.threadState.count;
    const virtual = !!thread.shadowRoot!.querySelector('[part~=feed].virtual');
    mounted = { session, thread, baseline, n };
    return { firstData, n, seedMs, firstRender, settled, domNodes, articles: last, posts, virtual };
  },

  /**
   * Scrolls the page to the end of the thread and back in `steps` jumps each way, two frames per
   * jump, and reports the long tasks (over 50 ms) meanwhile and the DOM at the far end.
   */
  async scroll(steps = 30) {
    const { thread, baseline } = mounted!;
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
    observer.observe({ type: 'longtask' });
    const t0 = performance.now();
    const height = () => document.documentElement.scrollHeight - innerHeight;
    let domAtEnd = 0;
    let articlesAtEnd = 0;
    for (const down of [true, false]) {
      for (let i = 1; i <= steps; i++) {
        scrollTo(0, Math.round((height() * (down ? i : steps - i)) / steps));
        await frame();
        await frame();
      }
      if (down) {
        domAtEnd = countElements(document) - baseline;
        articlesAtEnd = thread.shadowRoot!.querySelectorAll('article[data-id]').length;
      }
    }
    await frame();
    await new Promise((r) => setTimeout(r, 100)); // the last entries reach the observer
    observer.disconnect();
    return {
      scrollMs: performance.now() - t0,
      longTasks: tasks.length,
      longTaskMs: tasks.reduce((a, b) => a + b, 0),
      longestTask: Math.max(0, ...tasks),
      domAtEnd,
      articlesAtEnd,
      scrollHeight: document.documentElement.scrollHeight,
    };
  },

  /** Removes the thread, then times the same history through a bare session (no element). */
  async finish() {
    const { session, n } = mounted!;
    mounted = null;
    session.remove();
    await frame();
    const d0 = performance.now();
    const client = new SessionClient({
      room: 'bench',
      transport: new MemoryTransport(prepared!.hub),
      identity: { id: 'probe' },
      outbox: new MemoryOutbox(),
    });
    const handle = client.topic('thread:t', threadModel);
    while (!(handle.loaded && handle.state.count >= n)) await new Promise((r) => setTimeout(r, 0));
    const dataOnly = performance.now() - d0;
    await client.close();
    // The model alone on the same history: one fold of every event (what a replay or a load does,
    // decisions §64), then the baseline, `evolve` one event at a time.
    const reader = new MemoryTransport(prepared!.hub);
    await reader.connect({ room: 'bench', identity: { id: 'reader', name: 'Reader', role: 'facilitator' } });
    const events: EventEnvelope[] = [];
    for (let page = await reader.fetch('thread:t', 0); page.events.length > 0; page = await reader.fetch('thread:t', events.length))
      events.push(...page.events);
    await reader.close();
    const f0 = performance.now();
    const folded = threadModel.fold!(threadModel.initial(), events);
    const foldMs = performance.now() - f0;
    const e0 = performance.now();
    const evolved = events.reduce(threadModel.evolve, threadModel.initial());
    const evolveMs = performance.now() - e0;
    if (JSON.stringify(folded) !== JSON.stringify(evolved)) throw new Error('fold and evolve disagree');
    return { dataOnly, foldMs, evolveMs, events: events.length };
  },
};
(window as unknown as Record<string, unknown>).bench = bench;
(window as unknown as Record<string, unknown>).benchReady = true;
