import { defineElement, type DefineOptions } from '../../core/define.js';
import { PkSession } from './pk-session.js';

/** `<pk-session>`: the optional session provider. Side-effect free; import ./define.js to register. */
export { PkSession };

/** Registers `<pk-session>` (or `<prefix-session>`). Safe to call twice. */
export function defineSession(options?: DefineOptions): string {
  return defineElement('session', PkSession, options);
}
