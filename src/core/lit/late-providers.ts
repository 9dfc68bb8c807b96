import { ContextRoot } from '@lit/context';
import { pageSingleton } from '../protocol/page-singleton.js';

/**
 * Makes providers that arrive late still reach the widgets that asked before them: a widget
 * defined before `<pk-session>`, or a `<pk-session>` inserted around widgets later. Lit's
 * ContextRoot, on the document, keeps unanswered requests and replays them when a provider of their
 * context connects. Once per page and Pulsekit version; a no-op where there is no document (SSR).
 */
export function watchForLateProviders(): void {
  if (typeof document === 'undefined') return;
  pageSingleton('context-root', () => {
    const root = new ContextRoot();
    root.attach(document as unknown as HTMLElement);
    return root;
  });
}
