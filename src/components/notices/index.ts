import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { PkNotices } from './pk-notices.js';

/** `<pk-notices>` and the pure notices model. Side-effect free; import ./define.js to register. */
export { PkNotices };
export {
  noticesModel,
  activeNotices,
  NOTICES_KIND,
  NOTICES_TOPIC,
  NOTICE_TEXT_MAX,
  NOTICE_SECONDS,
  NOTICE_MAX_ACTIVE,
  type Notice,
  type NoticesState,
} from '../../core/protocol/notices-model.js';

/** Registers `<pk-notices>` (or `<prefix-notices>`). Safe to call twice. */
export function defineNotices(options?: DefineOptions): string {
  return defineElement('notices', PkNotices, options);
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
