import { html, LitElement } from 'lit';
import { AnnouncerController } from '../src/core/lit/announcer.js';
import { baseStyles, frameStyles } from '../src/core/lit/base-styles.js';
import { ClockController } from '../src/core/lit/clock-controller.js';
import { cssProps } from '../src/core/lit/css-props.js';
import { defineElement } from '../src/core/lit/define.js';
import { defineStrings } from '../src/core/i18n/catalogs.js';
import { LocalizeController } from '../src/core/lit/localize-controller.js';
import { newOpId } from '../src/core/protocol/ids.js';
import { accept, type TopicModel } from '../src/core/protocol/model.js';
import { SessionController } from '../src/core/lit/session-controller.js';
import { authoringErrorView, connectionLines, rejectionView, statusLine } from '../src/core/lit/widget-views.js';
import { canModerate } from '../src/core/protocol/wire.js';

/**
 * The size floor of a widget (`npm run size`, row "floor"): an empty widget that uses everything of
 * the core a real widget does (session on the embedded local authority, durable outbox, strings,
 * announcer, clock, shared views and styles) and nothing of its own. What a budgeted widget adds
 * on top of this row is the widget itself. Not shipped; built only by the size report.
 */
const strings = defineStrings('core-floor', { floorTitle: 'Empty widget' }, { nl: async () => ({ floorTitle: 'Lege widget' }) });
const model: TopicModel<number> = { kind: 'floor', initial: () => 0, decide: () => accept(null), evolve: (n) => n + 1 };

class PkCoreFloor extends LitElement {
  static override styles = [baseStyles, frameStyles];
  readonly #i18n = new LocalizeController(this, strings);
  readonly #announcer = new AnnouncerController(this);
  readonly #ctl = new SessionController(this, () => 'floor:x', model);
  readonly #clock = new ClockController(this, () => false);
  override render() {
    const t = this.#i18n;
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.#announcer.text}</div>
      <div part="base" style=${cssProps({ '--_pct': '0%' })} @click=${() => this.#announcer.say(newOpId())}>
      ${statusLine(connectionLines(t, this.#ctl.session))} ${rejectionView(t, this.#ctl.handle, {})}
      ${canModerate(this.#ctl.session?.identity.role ?? 'participant') ? authoringErrorView(this, t, t.t('floorTitle'), ['x', 'y'], String(this.#clock)) : this.#ctl.handle?.state}
    </div>`;
  }
}
defineElement('core-floor', PkCoreFloor);
