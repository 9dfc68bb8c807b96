import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { PkProducerConsole } from './pk-producer-console.js';

/** `<pk-producer-console>`. Side-effect free; import ./define.js to register. */
export { PkProducerConsole };
export { peopleRows, PEOPLE_SHOWN, type PeopleSort, type PersonRow } from './console-people.js';
export { REQUESTS_SHOWN } from './console-queue.js';

/** Registers `<pk-producer-console>` (or `<prefix-producer-console>`). Safe to call twice. */
export function defineProducerConsole(options?: DefineOptions): string {
  return defineElement('producer-console', PkProducerConsole, options);
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
