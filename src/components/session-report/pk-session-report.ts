import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { baseStyles, frameStyles } from '../../core/lit/base-styles.js';
import { downloadText } from '../../core/lit/download.js';
import { LazyModule } from '../../core/lit/lazy-module.js';
import { ThrottleController } from '../../core/lit/render-throttle.js';
import { AuthorityClock } from '../../core/lit/authority-clock.js';
import { PkWidget } from '../../core/lit/widget-base.js';
import { statusLine, connectionLines } from '../../core/lit/widget-views.js';
import type { Actor } from '../../core/protocol/wire.js';
import type { XapiAgent, XapiOptions } from '../../core/protocol/xapi-types.js';
import { DEFAULT_SIGNALS, resolveSignals } from '../engagement-meter/meter-signals.js';
import type { MeterSignal } from '../engagement-meter/meter-types.js';
import { reportStrings } from './i18n/index.js';
import { AttendanceStore } from './report-attendance.js';
import { ReportHistories } from './report-history.js';
import { buildReport, REPORT_MODELS, type SessionReport } from './report-model.js';
import { reportJson, tableCsv } from './report-csv.js';
import { NO_TOPIC, ReportSessionController } from './report-session.js';
import { tablesWithRows, type ReportTable, type ReportTableId } from './report-tables.js';
import { parseReportTopics, reportKindOf } from './report-topics.js';
import { renderReport } from './report-view.js';
import { reportStyles } from './session-report.styles.js';

/** Detail of `pk-report-export` (cancelable: cancel to handle the file yourself). */
export interface PkReportExportDetail {
  /** `csv` (one table), `json` (the whole report) or `xapi` (the statements, as a JSON array). */
  format: 'csv' | 'json' | 'xapi';
  /** The table of a CSV export, else null. */
  table: ReportTableId | null;
  /** Suggested file name, for example `session-report-course-42-2026-12-04-polls.csv`. */
  filename: string;
  /** The file's text. */
  content: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A `<pk-session-report>` download was prepared. */
    'pk-report-export': CustomEvent<PkReportExportDetail>;
  }
}

/** The xAPI statements' writer, loaded on the first click on its download. */
const xapiChunk = new LazyModule(() => import('./report-export.js'), "the session report's xAPI download");

/** The xAPI settings of the closest session provider (`<pk-session xapi-base>`), if any. */
interface ProviderXapi {
  xapiBase?: string;
  xapiHomePage?: string;
  sessionLabel?: string;
  xapiAgent?: ((actor: Actor) => XapiAgent | null | undefined) | null;
}

/** The closest `*-session` ancestor, across shadow roots. */
function providerOf(el: Element): (Element & ProviderXapi) | null {
  for (let node: Node | null = el.parentNode; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    if (node instanceof Element && node.localName.endsWith('-session')) return node as Element & ProviderXapi;
  }
  return null;
}

const fileSafe = (s: string) => s.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'room';

/**
 * A report of a live session for facilitators and producers: attendance over time, participation
 * per widget, poll results per round, the engagement index with markers, the survey summary and the
 * thread's activity, joined from the room's widgets named in `topics`. Downloads: CSV per table,
 * the whole report as JSON and the xAPI statements. A participant sees a short notice and nothing
 * is read for them.
 *
 * @summary Session report for facilitators and producers.
 * @fires {CustomEvent<PkReportExportDetail>} pk-report-export - A download was prepared (cancelable: cancel to handle the file yourself).
 * @csspart base - The report's frame.
 * @csspart status - Status line (connection).
 * @csspart error - An error message.
 * @csspart notice - What a participant sees instead of the report.
 * @csspart section - One section (attendance, participation, polls, engagement, surveys, threads, downloads).
 * @csspart note - A remark on how a figure was counted.
 * @cssprop --pk-font-size - Base size; everything scales from it (default 1em).
 * @cssprop --pk-font-family - Font stack.
 * @cssprop --pk-color-text - Text colour.
 * @cssprop --pk-color-muted - Secondary text colour.
 * @cssprop --pk-color-surface - Background.
 * @cssprop --pk-color-border - Borders and table rules.
 * @cssprop --pk-color-accent - Bars and lines.
 * @cssprop --pk-color-warning - Marker rules on the timelines.
 * @cssprop --pk-color-track - Background of bars and timelines.
 * @cssprop --pk-radius - Corner radius.
 * @cssprop --pk-space - Spacing unit.
 */
export class PkSessionReport extends PkWidget<null, typeof reportStrings.en> {
  static override styles = [baseStyles, frameStyles, reportStyles];

  // One static object instead of a decorator per property: no decorator helpers in the bundle.
  static override properties = {
    topics: { reflect: true },
    sampleSeconds: { attribute: 'sample-seconds', type: Number },
    minGroup: { attribute: 'min-group', type: Number },
    signals: {},
  };

  /** The widgets to report on, space-separated topic names: `poll:warmup meter:class survey:after thread:qa`. */
  topics = '';
  /** Seconds between attendance samples while the report is open (default 30). */
  sampleSeconds = 30;
  /** Fewest participants for which the engagement index is shown, as on the meter (default 5). */
  minGroup = 5;
  /** The meter's signals, when it does not use the built-in set (same values as the meter's `signals`). */
  signals: string | Array<string | MeterSignal> = DEFAULT_SIGNALS;

  /** Gate of every automatic re-render: at most once a second. */
  readonly throttle = new ThrottleController(this, 1000);
  declare readonly ctl: ReportSessionController;

  #histories: ReportHistories | null = null;
  #attendance = new AttendanceStore();
  #loaded = false;
  #failed = false;
  #report: SessionReport | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #downloadFailed = false;
  #xapiShown = false;

  constructor() {
    super({
      kind: 'report',
      idAttribute: 'topics',
      model: NO_TOPIC,
      strings: reportStrings,
      clock: new AuthorityClock(),
      session: (host, _topic, onChange) => new ReportSessionController(host, () => parseReportTopics(this.topics).topics, onChange),
    });
  }

  protected get widgetId(): string {
    return this.topics;
  }

  /** The report reads several topics and owns none. */
  protected override topicName(): string | null {
    return null;
  }

  protected override idProblem(): string | null {
    return parseReportTopics(this.topics).problem;
  }

  /** The figures as last computed (facilitators and producers; null for participants and before the first read). */
  get report(): SessionReport | null {
    return this.#report;
  }

  /** Whether the topics' histories have been read once (or could not be). */
  get loaded(): boolean {
    return this.#loaded;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => {
      this.#sample();
      // The provider's xapi-base may be set after the report rendered: show or hide the button.
      if ((this.xapiOptions() !== null) !== this.#xapiShown) this.requestUpdate();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  /** A change of the session or a topic: read what is new (staff only), then render through the throttle. */
  protected override topicChanged(): void {
    for (const h of this.ctl.handles) this.clock.follow(h);
    this.#sample();
    void this.#read();
    this.throttle.request();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('topics')) this.ctl.refresh();
  }

  /** Samples attendance (at most every `sample-seconds`, or when it changed). */
  #sample(): void {
    const session = this.ctl.session;
    if (!session || !this.staff || session.status !== 'open') return;
    if (session.presence === null && session.transport.onPresence) return;
    const every = Math.max(1, Number.isFinite(this.sampleSeconds) ? this.sampleSeconds : 30) * 1000;
    const before = this.#attendance.samples;
    this.#attendance.sample(session.room, Math.round(this.clock.now()), session.presence, every);
    if (this.#attendance.samples !== before) {
      this.#compute();
      this.throttle.request();
    }
  }

  /** Fetches what is new on every topic through the session's transport. */
  async #read(): Promise<void> {
    const session = this.ctl.session;
    if (!session || !this.staff || this.idProblem() || session.status !== 'open') return;
    const histories = this.#historiesFor(session);
    try {
      await histories.refresh(parseReportTopics(this.topics).topics);
      this.#failed = false;
    } catch (err) {
      console.warn('[pulsekit] the session report could not read the session:', err);
      this.#failed = true;
    }
    if (histories !== this.#histories) return;
    this.#loaded = true;
    this.#compute();
    this.throttle.request();
  }

  #historiesSession: unknown = null;

  /** The histories of `session`: a new session (another room, role or transport) starts afresh. */
  #historiesFor(session: NonNullable<typeof this.ctl.session>): ReportHistories {
    if (this.#historiesSession !== session || !this.#histories) {
      this.#historiesSession = session;
      this.#histories = new ReportHistories(session);
      this.#loaded = false;
    }
    return this.#histories;
  }

  #compute(): void {
    const session = this.ctl.session;
    if (!session || !this.#histories || !this.staff) {
      this.#report = null;
      return;
    }
    const set = resolveSignals(this.signals);
    this.#report = buildReport({
      room: session.room,
      histories: this.#histories.list(parseReportTopics(this.topics).topics),
      attendance: this.#attendance.samples,
      seen: [...this.#attendance.seen],
      now: Math.round(this.clock.now()),
      meter: { states: set.states.map((s) => ({ name: s.name, weight: s.weight })), minGroup: this.minGroup },
    });
  }

  #time = (at: number): string => {
    try {
      return new Intl.DateTimeFormat(this.i18n.lang, { hour: '2-digit', minute: '2-digit' }).format(at);
    } catch {
      return new Date(at).toISOString().slice(11, 16);
    }
  };

  /** The tables with rows, titled in the user's language. */
  #tables(report: SessionReport): ReportTable[] {
    const titles: Record<ReportTableId, string> = {
      attendance: this.i18n.t('reportAttendance'),
      participation: this.i18n.t('reportParticipation'),
      polls: this.i18n.t('reportPolls'),
      engagement: this.i18n.t('reportEngagement'),
      surveys: this.i18n.t('reportSurveys'),
      threads: this.i18n.t('reportThreads'),
    };
    return tablesWithRows(report).map((id) => ({ id, title: titles[id] }));
  }

  /** The xAPI options from the closest `<pk-session xapi-base>`, or null when it has none. */
  xapiOptions(): XapiOptions | null {
    const p = providerOf(this);
    const session = this.ctl.session;
    if (!p?.xapiBase || !session) return null;
    return {
      baseIri: p.xapiBase,
      room: session.room,
      homePage: p.xapiHomePage || undefined,
      sessionLabel: p.sessionLabel || undefined,
      language: p.closest('[lang]')?.getAttribute('lang') || undefined,
      agent: p.xapiAgent ?? undefined,
    };
  }

  protected override render(): TemplateResult {
    const problem = this.idProblem();
    if (problem) return this.renderAuthoringError(this.i18n.t('reportCannotShow'), problem);
    const session = this.ctl.session;
    return html`<div part="base" lang=${this.i18n.lang} dir=${this.i18n.dir}>
      <h2>${this.i18n.t('reportTitle')}</h2>
      ${statusLine(connectionLines(this.i18n, session, false))} ${session && !this.staff ? html`<p part="notice">${this.i18n.t('reportStaffOnly')}</p>` : this.#renderBody()}
      ${this.#downloadFailed ? html`<p part="error" role="alert">${this.i18n.t('reportDownloadFailed')}</p>` : nothing} ${this.renderLiveRegion()}
    </div>`;
  }

  #renderBody(): TemplateResult {
    const report = this.#report;
    if (this.#failed && !report?.participation.some((p) => p.participants > 0)) {
      return html`<div part="error" role="alert">
        <span>${this.i18n.t('reportFetchFailed')}</span>
        <button type="button" data-focus @click=${() => void this.#read()}>${this.i18n.t('reportTryAgain')}</button>
      </div>`;
    }
    if (!this.#loaded || !report) return html`<p part="status">${this.i18n.t('reportLoading')}</p>`;
    this.#xapiShown = this.xapiOptions() !== null;
    return renderReport({
      t: this.i18n,
      report,
      time: this.#time,
      tables: this.#tables(report),
      xapi: this.#xapiShown,
      on: {
        csv: (table, button) => void this.download('csv', table.id, button),
        json: (button) => void this.download('json', null, button),
        xapi: (button) => void this.download('xapi', null, button),
      },
    });
  }

  /**
   * Prepares one download (a table as CSV, the whole report as JSON, or the xAPI statements), fires
   * `pk-report-export` and, unless it is cancelled, hands the file to the browser. Focus stays on
   * (or returns to) the button used; the result is announced politely. Resolves with the detail,
   * or null when it could not be prepared.
   */
  async download(
    format: PkReportExportDetail['format'],
    table: ReportTableId | null = null,
    button?: HTMLElement,
  ): Promise<PkReportExportDetail | null> {
    const report = this.#report;
    const session = this.ctl.session;
    const detail = report && session ? await this.#prepare(report, session.room, format, table) : null;
    this.#downloadFailed = detail === null;
    if (detail) {
      if (this.emit('pk-report-export', detail, true))
        downloadText(detail.filename, detail.content, format === 'csv' ? 'text/csv' : 'application/json');
      this.announcer.say(this.i18n.t('reportDownloaded', { file: detail.filename }));
    }
    this.requestUpdate();
    await this.updateComplete;
    // Focus stays on the button used (or its successor after a re-render).
    const selector = `[data-export="${format === 'csv' ? `csv-${table}` : format}"]`;
    (button?.isConnected ? button : this.renderRoot.querySelector<HTMLElement>(selector))?.focus();
    return detail;
  }

  /** The file of one download, or null when it cannot be made (the xAPI writer did not load, no xapi-base). */
  async #prepare(
    report: SessionReport,
    room: string,
    format: PkReportExportDetail['format'],
    table: ReportTableId | null,
  ): Promise<PkReportExportDetail | null> {
    const stem = `session-report-${fileSafe(room)}-${new Date(report.generatedAt).toISOString().slice(0, 10)}`;
    if (format === 'csv') {
      const id = table ?? 'participation';
      return { format, table: id, filename: `${stem}-${id}.csv`, content: tableCsv(report, id) };
    }
    if (format === 'json') return { format, table: null, filename: `${stem}.json`, content: reportJson(report) };
    const options = this.xapiOptions();
    await xapiChunk.load();
    if (!options || !this.#histories || !xapiChunk.value) return null;
    const modelOf = (topic: string) => {
      const kind = reportKindOf(topic);
      return kind ? REPORT_MODELS[kind] : null;
    };
    const statements = await xapiChunk.value.reportStatements(
      this.#histories.list(parseReportTopics(this.topics).topics),
      modelOf,
      options,
    );
    return { format, table: null, filename: `${stem}-xapi.json`, content: JSON.stringify(statements, null, 2) };
  }
}
