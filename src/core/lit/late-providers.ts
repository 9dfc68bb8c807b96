import { pageSingleton } from '../protocol/page-singleton.js';
import {
  eventOrigin,
  sessionContext,
  SessionRequestEvent,
  type ContextProviderArrival,
  type ContextRequest,
  type SessionCallback,
} from './session-context.js';

/**
 * Makes providers that arrive late still reach the widgets that asked before them: a widget
 * defined before `<pk-session>`, or a `<pk-session>` inserted around widgets later. On the
 * document, it keeps the session requests nobody answered and asks them again when a session
 * provider connects (what @lit/context's ContextRoot does, for our one context). Once per page and
 * Pulsekit version; a no-op where there is no document (SSR).
 */
export function watchForLateProviders(): void {
  if (typeof document === 'undefined') return;
  pageSingleton('context-root', () => {
    // Weakly held: a widget removed before any provider came is not kept alive by its old request.
    const unanswered = new WeakMap<Element, Set<SessionCallback>>();
    let askers: Array<WeakRef<Element>> = [];
    document.addEventListener('context-request', (event) => {
      const request = event as ContextRequest;
      if (request.context !== sessionContext || !request.subscribe) return;
      const asker = eventOrigin(request);
      let callbacks = unanswered.get(asker);
      if (!callbacks) {
        unanswered.set(asker, (callbacks = new Set()));
        askers.push(new WeakRef(asker));
      }
      callbacks.add(request.callback);
    });
    document.addEventListener('context-provider', (event) => {
      if ((event as ContextProviderArrival).context !== sessionContext) return;
      const waiting = askers;
      askers = [];
      for (const ref of waiting) {
        const asker = ref.deref();
        const callbacks = asker && unanswered.get(asker);
        if (!asker || !callbacks) continue;
        // Asked again; those the new provider does not answer come back here.
        unanswered.delete(asker);
        for (const callback of callbacks) asker.dispatchEvent(new SessionRequestEvent(asker, callback));
      }
    });
    return true;
  });
}
