import { defineElement, type DefineOptions } from '../../core/lit/define.js';
import { PkHelpButton } from './pk-help-button.js';

/** `<pk-help-button>` and the pure help-queue model. Side-effect free; import ./define.js to register. */
export { PkHelpButton };
export type { PkHelpRequestDetail } from './pk-help-button.js';
export {
  helpModel,
  helpTopic,
  checkDiagnostics,
  latestRequestOf,
  HELP_KIND,
  HELP_TEXT_MAX,
  HELP_MAX_REQUESTS,
  HELP_MAX_REPLIES,
} from './help-model.js';
export { browserFamily, collectDiagnostics } from './help-diagnostics.js';
export { statusModel, statusTopic, STATUS_KIND, STATUS_MAX_PEOPLE, type PersonStatus, type StatusState } from './status-model.js';
export { StatusReporter, STATUS_INTERVAL_MS } from './status-reporter.js';
export * from './help-types.js';

/** Registers `<pk-help-button>` (or `<prefix-help-button>`). Safe to call twice. */
export function defineHelpButton(options?: DefineOptions): string {
  return defineElement('help-button', PkHelpButton, options);
}

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from '../../tag-name-map.js';
