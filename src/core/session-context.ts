import { createContext } from '@lit/context';
import type { SessionClient } from './session-client.js';

/**
 * Context carrying the session from `<pk-session>` to widgets. The key is a unique Symbol, so two
 * copies of Pulsekit on one page never hand each other their sessions.
 */
export const sessionContext = createContext<SessionClient | undefined>(Symbol('pulsekit-session'));
