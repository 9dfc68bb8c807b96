import { html, nothing, type TemplateResult } from 'lit';
import { errorMessage } from './error-messages.js';
import type { CoreCatalog } from '../i18n/en.js';
import { sharedT, type LocalizeController } from './localize-controller.js';
import type { SessionClient } from '../client/session-client.js';
import type { PendingOp, TopicHandle } from '../client/topic-handle.js';

/**
 * Views every widget renders the same way: the connection status, the latest rejection of my
 * action, and an authoring mistake. One copy, so they look, read and announce alike everywhere.
 */

/** The connection's lines: offline, cannot reach the session, and (unless `queued` is false) "N waiting". */
export function connectionLines<C extends CoreCatalog>(
  t: LocalizeController<C>,
  session: SessionClient | null | undefined,
  queued = true,
): string[] {
  const say = sharedT(t);
  const lines: string[] = [];
  if (!session) return lines;
  if (session.status === 'offline') lines.push(say('statusOffline'));
  else if (session.status === 'failed' || session.status === 'closed' || session.failure) lines.push(say('statusFailed'));
  if (queued && session.queued > 0) lines.push(say('queued', { n: session.queued }));
  return lines;
}

/**
 * What to say about one of my actions that is not safe on this device yet: "Saving…" while its
 * outbox write is in flight, a warning when the outbox failed and it lives in this page only; null
 * once it is stored (the widget then says queued or sending in its own words).
 */
export function unsafeNote<C extends CoreCatalog>(t: LocalizeController<C>, pending: PendingOp | undefined): string | null {
  if (!pending || pending.status === 'sent') return null;
  if (pending.status === 'saving') return sharedT(t)('pendingSaving');
  return pending.durable ? null : sharedT(t)('pendingNotSaved');
}

/** The status line (`part="status"`) of these lines, or nothing when there are none. */
export const statusLine = (lines: string[]): TemplateResult | typeof nothing =>
  // Focusable by script (tabindex -1): where focus lands when a render removed the focused control.
  lines.length ? html`<p part="status" tabindex="-1">${lines.join(' · ')}</p>` : nothing;

/** The latest rejection of my action on this topic (`part="error"`, an alert), with a dismiss button. */
export function rejectionView<C extends CoreCatalog>(
  t: LocalizeController<C>,
  handle: TopicHandle<unknown> | null | undefined,
  codes: Readonly<Record<string, keyof C>>,
): TemplateResult | typeof nothing {
  const err = handle?.lastError;
  if (!err) return nothing;
  return html`<div part="error" role="alert">
    <span>${errorMessage(t, err, codes)}</span>
    <button type="button" @click=${() => handle.dismissError()}>${sharedT(t)('dismiss')}</button>
  </div>`;
}

const logged = new WeakMap<Element, string>();

/**
 * An authoring mistake (a missing id, a broken definition...): shown in the element instead of an
 * empty box, the problem in English as written for the page's author, and logged once per change.
 */
export function authoringErrorView<C extends object>(
  host: Element,
  t: LocalizeController<C>,
  title: string,
  id: [attribute: string, value: string],
  problem: string,
): TemplateResult {
  if (logged.get(host) !== problem) {
    logged.set(host, problem);
    console.error(`[pulsekit] <${host.localName} ${id[0]}="${id[1]}">: ${problem}`);
  }
  return html`<div part="base error" role="alert" lang=${t.lang} dir=${t.dir}>
    <strong>${title}</strong>
    <span class="pre" lang="en" dir="ltr">${problem}</span>
  </div>`;
}
