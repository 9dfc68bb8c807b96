import { html, nothing, type TemplateResult } from 'lit';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { ThrottleController } from '../../core/lit/render-throttle.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { connectionLines, rejectionView, statusLine } from '../../core/lit/widget-views.js';
import type { Role } from '../../core/protocol/wire.js';
import { HELP_ERRORS, type Say } from '../help-button/help-views.js';
import { helpModel } from '../help-button/help-model.js';
import type { HelpRequest, HelpState, HelpStep } from '../help-button/help-types.js';
import { LazyModule, LazyModuleController } from '../../core/lit/lazy-module.js';
import { peopleRows, type PeopleSort, type PersonRow } from './console-people.js';
import { renderPeople } from './console-people-view.js';
import { ConsoleSessionController } from './console-session.js';
import { renderQueue } from './console-queue.js';
import { consoleStyles } from './producer-console.styles.js';
import { consoleStrings } from './i18n/index.js';

const ROLE_LABELS: Record<Role, string> = {
  participant: 'consoleRoleParticipant',
  facilitator: 'consoleRoleFacilitator',
  producer: 'consoleRoleProducer',
};

/** People listed before the table virtualizes (and loads the virtualizer). */
const VIRTUALIZE_AFTER = 50;
/** The virtualizer (shared with the thread's chunk); when it cannot load, the first rows only. */
const virtualizerModule = new LazyModule(
  () => import('@lit-labs/virtualizer/virtualize.js'),
  'the virtualizer; listing the first people only',
);

/**
 * The producer's console, for facilitators and producers: the room's tech-help queue in the order
 * asked (acknowledge or take over, the four-step recovery checklist, a private reply, resolve) and
 * everyone present with their role, language, connection, waiting operations, last activity, the
 * widgets they took part in and whether they asked for help, filterable and sortable by any column.
 * Bounded for a class of 2,000: renders at most once a second, keeps only the rows in view in the
 * DOM (virtualized) and lists at most 100 requests. A participant sees a short notice; the authority's projection keeps other people's
 * requests unreadable to them whatever the page does.
 *
 * @summary Producer console for facilitators and producers.
 * @csspart base - The console's frame.
 * @csspart status - Status line (connection).
 * @csspart notice - What a participant sees instead of the console.
 * @csspart section - One section (help requests, people).
 * @csspart request - One help request.
 * @csspart people - The table of people present.
 * @csspart error - A refused action.
 * @cssprop --pk-font-size - Base size; everything scales from it (default 1em).
 * @cssprop --pk-font-family - Font stack.
 * @cssprop --pk-color-text - Text colour.
 * @cssprop --pk-color-muted - Secondary text colour.
 * @cssprop --pk-color-surface - Background.
 * @cssprop --pk-color-border - Borders and rules.
 * @cssprop --pk-color-accent - Buttons and the replies' rule.
 * @cssprop --pk-radius - Corner radius.
 * @cssprop --pk-space - Spacing unit.
 */
export class PkProducerConsole extends PkWidget<HelpState, typeof consoleStrings.en> {
  static override styles = [baseStyles, frameStyles, consoleStyles];

  static override properties = {
    helpId: { attribute: 'help-id', reflect: true },
    show: { reflect: true },
    filter: {},
    sort: { reflect: true },
  };

  /** The help queue: `help:<help-id>` (default `room`, the one `<pk-help-button>` uses by default). */
  helpId = 'room';
  /** Which requests are listed: `open` (default) or `all`. */
  show: 'open' | 'all' = 'open';
  /** Shows only the people whose name contains this text. */
  filter = '';
  /**
   * Order of the people: a column (`name`, the default, `role`, `language`, `connection`, `queued`,
   * `active`, `widgets`, `help`), with a leading `-` for the other way (`-active`: latest first).
   */
  sort: PeopleSort = 'name';

  /** Gate of every automatic re-render: at most once a second. */
  readonly throttle = new ThrottleController(this, 1000);
  readonly #virtualizer = new LazyModuleController(this, virtualizerModule);
  declare readonly ctl: ConsoleSessionController;

  constructor() {
    super({
      kind: 'help',
      idAttribute: 'help-id',
      model: helpModel,
      strings: consoleStrings,
      session: (host, topic, onChange) => new ConsoleSessionController(host, topic, () => this.helpId, onChange),
    });
  }

  protected get widgetId(): string {
    return this.helpId;
  }

  /** The help requests as the authority let this viewer see them, in the order asked (all of them for staff). */
  get requests(): HelpRequest[] {
    return this.ctl.handle?.state.requests ?? [];
  }

  protected override topicChanged(): void {
    this.followClock();
    this.throttle.request();
  }

  #say: Say = (key, params) => (this.i18n.t as (k: string, p?: unknown) => string)(key, params);

  #time = (at: number): string => {
    try {
      return new Intl.DateTimeFormat(this.i18n.lang, { hour: '2-digit', minute: '2-digit' }).format(at);
    } catch {
      return new Date(at).toISOString().slice(11, 16);
    }
  };

  /** The request's first control after a re-render, or the section's heading. */
  #focusOn = (r: HelpRequest, act: string) => () =>
    this.renderRoot.querySelector<HTMLElement>(`[data-request="${CSS.escape(r.id)}"] [data-act="${act}"]`) ??
    this.renderRoot.querySelector<HTMLElement>('#queue-title');

  #on = {
    ack: (r: HelpRequest) => void this.act({ type: 'ack', data: { id: r.id }, focus: this.#focusOn(r, 'resolve') }),
    step: (r: HelpRequest, step: HelpStep, done: boolean) => void this.act({ type: 'step', data: { id: r.id, step, done } }),
    reply: (r: HelpRequest, form: HTMLFormElement) => {
      const input = form.elements.namedItem('text') as HTMLInputElement;
      void this.act({
        type: 'reply',
        data: { id: r.id, text: input.value },
        confirm: this.#say('consoleReplySent'),
        onSend: () => (input.value = ''),
      });
    },
    resolve: (r: HelpRequest) =>
      void this.act({ type: 'resolve', data: { id: r.id }, focus: () => this.renderRoot.querySelector<HTMLElement>('#queue-title') }),
  };

  protected override render(): TemplateResult {
    const problem = this.idProblem();
    if (problem) return this.renderAuthoringError(this.i18n.t('consoleCannotShow'), problem);
    const session = this.ctl.session;
    return html`<div part="base" lang=${this.i18n.lang} dir=${this.i18n.dir}>
      <h2>${this.i18n.t('consoleTitle')}</h2>
      ${statusLine(connectionLines(this.i18n, session))}
      ${session && !this.staff ? html`<p part="notice">${this.i18n.t('consoleStaffOnly')}</p>` : html`${this.#renderQueue()} ${this.#renderPeople()}`}
      ${this.renderLiveRegion()}
    </div>`;
  }

  #renderQueue(): TemplateResult {
    const all = this.requests;
    const requests = this.show === 'all' ? all : all.filter((r) => r.status === 'open' || r.status === 'acknowledged');
    const me = this.ctl.session?.identity;
    return html`<section part="section" aria-labelledby="queue-title">
      <div class="head">
        <h3 id="queue-title" tabindex="-1">${this.i18n.t('consoleQueue')}</h3>
        <label
          >${this.i18n.t('consoleShow')}
          <select @change=${(e: Event) => (this.show = (e.target as HTMLSelectElement).value as 'open' | 'all')}>
            <option value="open" ?selected=${this.show !== 'all'}>${this.i18n.t('consoleShowOpen')}</option>
            <option value="all" ?selected=${this.show === 'all'}>${this.i18n.t('consoleShowAll')}</option>
          </select></label
        >
      </div>
      ${rejectionView(this.i18n, this.ctl.handle, HELP_ERRORS)}
      ${renderQueue({ say: this.#say, requests, me: { id: me?.id ?? '', producer: me?.role === 'producer' }, time: this.#time, on: this.#on })}
    </section>`;
  }

  /** A person's connection as staff read it: gone since their last report, or what they reported. */
  #connection(p: PersonRow): string {
    if (!p.present) return this.i18n.t('consoleGone', { time: p.status ? this.#time(p.status.at) : '' });
    if (!p.status) return this.i18n.t('consoleNotReported');
    return `${p.status.state} · ${p.status.transport}`;
  }

  /** Orders the people by `column`; the same column again reverses the order. */
  #sortBy = (column: string): void => {
    this.sort = (this.sort === column ? `-${column}` : column) as PeopleSort;
  };

  #renderPeople(): TemplateResult {
    const t = this.i18n;
    const presence = this.ctl.session?.presence;
    const present = presence?.participants;
    const status = this.ctl.status?.state ?? null;
    const { rows } = peopleRows(present ?? [], this.ctl.handle?.state ?? null, status, this.filter, this.sort);
    // Loaded only once the room is larger than a screenful: a small class never downloads it.
    const virtualize =
      rows.length > VIRTUALIZE_AFTER ? this.#virtualizer.render({ loaded: (m) => m.virtualize, failed: () => undefined }) : undefined;
    return html`<section part="section" aria-labelledby="people-title">
      <div class="head">
        <h3 id="people-title">${t.t('consolePeople')}</h3>
        ${presence ? html`<span>${t.t('consolePeopleCount', { n: presence.count })}</span>` : nothing}
      </div>
      ${
        present || (status && status.count > 0)
          ? html`<div class="tools">
                <label
                  >${t.t('consoleFilter')}
                  <input type="search" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}
                /></label>
              </div>
              ${renderPeople({
                rows,
                sort: this.sort,
                virtualize,
                heading: {
                  name: t.t('consoleName'),
                  role: t.t('consoleRole'),
                  language: t.t('consoleLanguage'),
                  connection: t.t('consoleConnection'),
                  queued: t.t('helpDiagQueued'),
                  active: t.t('consoleActive'),
                  widgets: t.t('consoleWidgets'),
                  help: t.t('consoleHelp'),
                },
                cell: {
                  role: (p) => this.#say(ROLE_LABELS[p.role]),
                  language: (p) => p.status?.language ?? '',
                  connection: (p) => this.#connection(p),
                  queued: (p) => (p.status ? t.f.num(p.status.queued) : ''),
                  active: (p) => (p.status?.active ? this.#time(p.status.active) : ''),
                  widgets: (p) => (p.status?.widgets ?? []).join(', '),
                  help: (p) => (p.help === 'open' ? t.t('consoleWaiting') : p.help === 'acknowledged' ? t.t('consoleBeingHelped') : ''),
                },
                more: (n) => t.t('consoleMore', { n }),
                sortBy: this.#sortBy,
              })}`
          : html`<p class="note">${t.t('consoleNoPresence')}</p>`
      }
    </section>`;
  }
}
