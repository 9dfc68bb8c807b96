// Intranet pages run strict CSPs. A real policy (meta tag, enforced by Chromium) forbids inline
// styles; the poll must render its bars without a single violation.
import { expect, html, waitUntil } from '@open-wc/testing';
import { MemoryHub } from '../src/core/transports/memory-transport.js';
import { quietFor } from './quiet.mjs';
import { clientOnHub, pollOnHub, uniqueRoom } from './support.js';
import { pollModel } from '../src/components/pulse-poll/poll-model.js';

describe('strict CSP (style-src without unsafe-inline)', () => {
  it('the poll renders result bars with no CSP violation, from the first render on', async () => {
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "style-src 'self'";
    document.head.append(meta);
    const violations: string[] = [];
    const onViolation = (e: SecurityPolicyViolationEvent) => violations.push(`${e.violatedDirective} ${e.sample}`);
    document.addEventListener('securitypolicyviolation', onViolation);
    try {
      const hub = new MemoryHub();
      const room = uniqueRoom('csp');
      const voter = clientOnHub(hub, room, 'v1');
      await voter.topic('poll:c', pollModel).send('vote', { round: 1, choices: ['a'] });
      const { poll } = await pollOnHub(
        hub,
        room,
        { id: 'me' },
        html`<pk-pulse-poll poll-id="c" question="Q"><option value="a">A</option><option value="b">B</option></pk-pulse-poll>`,
      );
      await waitUntil(() => poll.pollState.responded === 1);
      await poll.updateComplete;
      const bar = poll.shadowRoot!.querySelector<HTMLElement>('[part=bar]')!;
      expect(bar.style.getPropertyValue('--_pct')).to.equal('100%');
      expect(bar.hasAttribute('style') && /--_pct/.test(bar.getAttribute('style')!), 'set through the CSSOM').to.equal(true);
      await quietFor(50, 'CSP violation', () => violations.join(', '));
      await voter.close();
    } finally {
      document.removeEventListener('securitypolicyviolation', onViolation);
    }
  });
});
