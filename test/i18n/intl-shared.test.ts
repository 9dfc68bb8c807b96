// Intl formatters are built once per locale and options for the whole page, and only when a render
// needs one (#18, decisions §49): building one costs milliseconds (the page's first NumberFormat
// 20-90 ms here), so two widgets in one language, re-rendering every second, must not build more.
import { expect, html, waitUntil } from '@open-wc/testing';
import { pollModel } from '../../src/components/pulse-poll/poll-model.js';
import { MemoryHub } from '../../src/core/transports/memory-transport.js';
import { clientOnHub, pollOnHub, shadowText, uniqueRoom } from '../support.js';

type Kind = 'NumberFormat' | 'PluralRules' | 'DateTimeFormat' | 'ListFormat' | 'RelativeTimeFormat';
const KINDS: Kind[] = ['NumberFormat', 'PluralRules', 'DateTimeFormat', 'ListFormat', 'RelativeTimeFormat'];

/** Counts `new Intl.X(locale, options)` per kind, locale and options, until `restore()`. */
function countIntl() {
  const built = new Map<string, number>();
  const originals = KINDS.map((k) => [k, Intl[k]] as const);
  for (const [kind, Orig] of originals) {
    const Base = Orig as unknown as new (l?: unknown, o?: unknown) => object;
    // A subclass, so formatters keep working; only construction is counted.
    const Counting = class extends Base {
      constructor(locale?: unknown, options?: unknown) {
        super(locale, options);
        const key = `${kind} ${String(locale)} ${JSON.stringify(options ?? {})}`;
        built.set(key, (built.get(key) ?? 0) + 1);
      }
    };
    (Intl as unknown as Record<string, unknown>)[kind] = Counting;
  }
  return {
    built,
    restore: () => originals.forEach(([kind, Orig]) => ((Intl as unknown as Record<string, unknown>)[kind] = Orig)),
  };
}

describe('Intl formatters are shared (#18)', () => {
  it('two polls in one language, their timers ticking, build each formatter once', async () => {
    const spy = countIntl();
    try {
      const hub = new MemoryHub();
      const room = uniqueRoom('intl');
      const tpl = html`<pk-pulse-poll lang="nl-BE" poll-id="q" question="Tempo?"
        ><option value="a">Traag</option><option value="b">Goed</option></pk-pulse-poll
      >`;
      const a = await pollOnHub(hub, room, { id: 'pia' }, tpl);
      const b = await pollOnHub(hub, room, { id: 'piet' }, tpl);
      const fac = clientOnHub(hub, room, 'fay', 'facilitator');
      const fh = fac.topic('poll:q', pollModel);
      await fh.send('open', {
        config: {
          question: 'Tempo?',
          kind: 'single',
          options: [
            { value: 'a', label: 'Traag' },
            { value: 'b', label: 'Goed' },
          ],
          allowChange: false,
          anonymous: true,
          results: 'live',
        },
        seconds: 120,
      });
      // The countdown (m:ss) renders in both, and moves on at least twice.
      const clock = (el: Element) => /\d+:\d\d/.exec(shadowText(el))?.[0];
      await waitUntil(() => clock(a.poll) && clock(b.poll), 'both polls show the countdown', { timeout: 8000 });
      for (let i = 0; i < 2; i++) {
        const was = clock(a.poll);
        await waitUntil(() => clock(a.poll) !== was, 'the countdown moves on', { timeout: 8000 });
      }
      const ours = [...spy.built].filter(([key]) => key.includes(' nl-BE '));
      expect(ours.length, 'the polls formatted numbers in their language').to.be.greaterThan(0);
      for (const [key, n] of ours) expect(n, `${key} built ${n} times`).to.equal(1);
      await fac.close();
    } finally {
      spy.restore();
    }
  });
});
