import { createContext } from '@lit/context';
import type { SessionClient } from '../client/session-client.js';
import { VERSION } from '../protocol/version.js';

/**
 * Context carrying the session from `<pk-session>` to widgets: the provider's session, or `null`
 * while the provider is not ready to give one (its network transport is still loading). The key is
 * shared by every copy of this Pulsekit version on the page (a widget from `pulse-poll.js` joins a
 * `<pk-session>` defined by `pulsekit.js`) and differs between versions, so two versions never
 * hand each other their sessions.
 */
export const sessionContext = createContext<SessionClient | null>(Symbol.for(`pulsekit.session-context@${VERSION}`));
