import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { PkSession } from './pk-session.js';

/** `<pk-session>`: the optional session provider. Side-effect free; import ./define.js to register. */
export { PkSession };
export type { PkSessionChangeDetail, PkXapiStatementDetail } from './pk-session.js';

/** Registers `<pk-session>` (or `<prefix-session>`). Safe to call twice. */
export function defineSession(options?: DefineOptions): string {
  return defineElement('session', PkSession, options);
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
