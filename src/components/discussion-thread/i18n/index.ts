import { defineStrings } from '../../../core/i18n/catalogs.js';
import type { LocalizeController } from '../../../core/lit/localize-controller.js';
import type { CoreCatalog } from '../../../core/i18n/en.js';
import { en, type ThreadStrings } from './en.js';
import type { StaffStrings } from './staff.js';

/** <pk-discussion-thread>'s strings with the core's, English bundled, other languages on demand. */
export const threadStrings = defineStrings('discussion-thread', en, {
  nl: () => import('./nl.js').then((m) => m.nl),
  de: () => import('./de.js').then((m) => m.de),
  fr: () => import('./fr.js').then((m) => m.fr),
  es: () => import('./es.js').then((m) => m.es),
  pt: () => import('./pt.js').then((m) => m.pt),
  ar: () => import('./ar.js').then((m) => m.ar),
  ja: () => import('./ja.js').then((m) => m.ja),
});

declare module '../../../core/i18n/registry.js' {
  interface PulsekitStrings {
    /** `<pk-discussion-thread>`, its facilitator tools included. */
    'discussion-thread': CoreCatalog & ThreadStrings & StaffStrings;
  }
}

/** Rejection codes of this widget's authority and the string that explains each. */
export const THREAD_ERRORS: Readonly<Record<string, keyof ThreadStrings>> = {
  thread_locked: 'threadErrLocked',
  thread_full: 'threadErrFull',
  post_empty: 'threadErrEmpty',
  post_too_long: 'threadErrTooLong',
  post_not_found: 'threadErrNotFound',
  post_deleted: 'threadErrDeleted',
  not_author: 'threadErrNotAuthor',
  edit_window_closed: 'threadErrEditWindow',
  edit_conflict: 'threadErrEditConflict',
  already_upvoted: 'threadErrAlreadyUpvoted',
  own_post: 'threadErrOwnPost',
  not_upvoted: 'threadErrNoChange',
  already_reacted: 'threadErrNoChange',
  not_reacted: 'threadErrNoChange',
};

/** The thread's localize controller, as its controllers and views receive it. */
export type ThreadLocalize = LocalizeController<CoreCatalog & ThreadStrings>;
