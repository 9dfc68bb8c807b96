/** Pulsekit: side-effect free entry. Import `pulsekit/define` (or call defineAll) to register. */
import type { DefineOptions } from './core/define.js';
import { definePulsePoll } from './components/pulse-poll/index.js';
import { defineSession } from './components/session/index.js';

export * from './core/index.js';
export * from './components/session/index.js';
export * from './components/pulse-poll/index.js';

/** Registers every Pulsekit element, optionally under another prefix. Safe to call twice. */
export function defineAll(options?: DefineOptions): string[] {
  // The provider first, so widgets find their session as soon as they upgrade.
  return [defineSession(options), definePulsePoll(options)];
}
