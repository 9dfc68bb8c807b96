/**
 * The facilitator's results view of `<pk-session-survey>`, loaded on demand (dynamic import) only
 * for facilitators and producers, so participants never download it. Numbers are always written
 * out: bars and heat colours repeat them, never replace them.
 */
import { adoptStyles, html, nothing, type ReactiveController, type ReactiveElement, type TemplateResult } from 'lit';
import { stripBidi } from '../../core/protocol/text.js';
import { cssProps } from '../../core/lit/css-props.js';
import { downloadText } from '../../core/lit/download.js';
import { presentParticipants } from '../../core/protocol/presence.js';
import type { LocalizeController as Localize } from '../../core/lit/localize-controller.js';
import type { surveyStrings } from './i18n/index.js';
import { resultsStrings } from './i18n/results.js';
import { LocalizeController as Localizer } from '../../core/lit/localize-controller.js';
import { toCsv } from './survey-csv.js';
import { resultsStyles } from './survey-results.styles.js';
import { summarize, type DistRow, type QuestionStats } from './survey-stats.js';
import { actionsRow, button, type PkSessionSurvey } from './pk-session-survey.js';
import type { SurveyDefinition, SurveyState } from './survey-types.js';

/** The results view's localizer (its own strings, loaded with it). */
type LocalizeController = Localize<typeof resultsStrings.en>;

/** What the results view reads of the element. */
type SurveyElement = Pick<PkSessionSurvey, 'surveyId' | 'invited' | 'ctl' | 'surveyState'>;

/** What the element hands the results view. */
export interface ResultsInput {
  /** The element's localizer (strings the form shares) and the results view's. */
  t: Localize<typeof surveyStrings.en>;
  r: LocalizeController;
  /** The element: its id, invited count and session. */
  el: SurveyElement;
  def: SurveyDefinition;
  /** State shown (frozen while paused). */
  state: SurveyState;
  /** Live state (controls act on it). */
  live: SurveyState;
  paused: boolean;
  /** The page's definition, which a facilitator may publish. */
  authored: SurveyDefinition | null;
  pause(): void;
  preview(): void;
}

const one = (t: LocalizeController, v: number | null | undefined) =>
  v === null || v === undefined ? '–' : t.f.num(Math.round(v * 10) / 10);

function distTable(t: LocalizeController, rows: DistRow[]): TemplateResult {
  return html`<table class="dist">
    <thead>
      <tr>
        <th scope="col">${t.t('surveyAnswer')}</th>
        <th scope="col">${t.t('surveyCount')}</th>
        <th scope="col">${t.t('surveyShare')}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) => html`<tr>
          <th scope="row" dir="auto" lang=${t.contentLang ?? nothing}>${r.label}</th>
          <td class="num">${t.f.num(r.count)}</td>
          <td class="num">
            <span class="bar" aria-hidden="true" style=${cssProps({ '--_pct': `${Math.round(Math.min(1, r.share) * 100)}%` })}></span>${t.f.percent(r.share)}
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function questionBlock(t: LocalizeController, s: QuestionStats): TemplateResult {
  const q = s.q;
  let body: unknown = nothing;
  if (s.n === 0) body = html`<p class="note">${t.t('surveyNoAnswers')}</p>`;
  else if (s.nps !== undefined && s.nps) {
    const n = s.nps;
    body = html`<p>
        <strong>${t.t('surveyNps', { value: `${n.score > 0 ? '+' : ''}${t.f.num(n.score)}` })}</strong> ·
        ${t.t('surveyPromoters', { n: n.promoters })} · ${t.t('surveyPassives', { n: n.passives })} · ${t.t('surveyDetractors', { n: n.detractors })}
      </p>
      <p>${t.t('surveyAverage', { value: one(t, s.avg) })}</p>
      ${distTable(t, s.dist!)}`;
  } else if (s.dist)
    body = html`${s.avg !== undefined ? html`<p>${t.t('surveyAverage', { value: one(t, s.avg) })}</p>` : nothing}${distTable(t, s.dist)}`;
  else if (s.ranks)
    body = html`<table class="dist">
      <thead>
        <tr>
          <th scope="col">${t.t('surveyAnswer')}</th>
          <th scope="col">${t.t('surveyAvgRank')}</th>
        </tr>
      </thead>
      <tbody>
        ${s.ranks.map((r) => html`<tr><th scope="row" dir="auto" lang=${t.contentLang ?? nothing}>${r.label}</th><td class="num">${one(t, r.avg)}</td></tr>`)}
      </tbody>
    </table>`;
  else if (s.rows) {
    const max = Math.max(1, ...s.rows.flatMap((r) => r.counts));
    body = html`<div class="scroll">
      <table part="heat">
        <thead>
          <tr>
            <td></td>
            ${q.scale!.map((c) => html`<th scope="col" dir="auto" lang=${t.contentLang ?? nothing}>${c}</th>`)}
            <th scope="col">${t.t('surveyAvg')}</th>
          </tr>
        </thead>
        <tbody>
          ${s.rows.map(
            (r) => html`<tr>
              <th scope="row" dir="auto" lang=${t.contentLang ?? nothing}>${r.label}</th>
              ${r.counts.map((c) => html`<td class="num heat" style=${cssProps({ '--_heat': `${Math.round((c / max) * 45)}%` })}>${t.f.num(c)}</td>`)}
              <td class="num">${one(t, r.avg)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  } else if (s.texts)
    body = html`<ul class="texts">${s.texts.map((x) => html`<li dir="auto" lang=${t.contentLang ?? nothing}>${stripBidi(x)}</li>`)}</ul>`;
  return html`<section class="rq" aria-labelledby="rq-${q.id}">
    <h4 id="rq-${q.id}" dir="auto" lang=${t.contentLang ?? nothing}>${q.title}</h4>
    <p class="note">${t.t('surveyAnswers', { n: s.n })}</p>
    ${body}
  </section>`;
}

/** Renders the results: response count and rate, controls, CSV export, and one block per question. */
export function renderResults(i: ResultsInput): TemplateResult {
  const { t, r, el, state: s, live, authored, paused } = i;
  const responses = Object.values(s.responses);
  const present = presentParticipants(el.ctl.session?.presence);
  const send = (type: string, data: unknown = {}) => void el.ctl.handle?.send(type, data);
  const rate = (n: number, m: number | null, key: 'surveyRatePresent' | 'surveyRateInvited') =>
    m && m > 0 ? html` · ${r.t(key, { n, m })}` : nothing;
  return html`<section part="results" aria-labelledby="res-h">
    <h3 id="res-h">${r.t('surveyResults')}</h3>
    <p><strong>${r.t('surveyResponses', { n: s.count })}</strong>${rate(s.count, present, 'surveyRatePresent')}${rate(s.count, el.invited, 'surveyRateInvited')}</p>
    <div part="controls" role="group" aria-label=${r.t('surveyControls')}>
      ${button(r.t('surveyExport'), () => downloadText(`survey-${el.surveyId}.csv`, toCsv(i.def, responses), 'text/csv'))}
      <button type="button" aria-pressed=${paused} @click=${i.pause}>${paused ? r.t('surveyResume') : r.t('surveyPause')}</button>
      ${live.closed ? button(r.t('surveyReopen'), () => send('reopen')) : button(r.t('surveyCloseNow'), () => send('close'))}
      ${
        authored && JSON.stringify(authored) !== JSON.stringify(live.definition)
          ? button(r.t('surveyPublish'), () => send('publish', { definition: authored }))
          : nothing
      }
      ${button(r.t('surveyPreview'), i.preview)}
    </div>
    ${live.closed ? html`<p class="note">${t.t('surveyClosed')}</p>` : nothing}
    ${live.definition ? html`<p class="note">${r.t('surveyPublished')}</p>` : nothing}
    ${summarize(i.def, responses).map((q) => questionBlock(r, q))}
  </section>`;
}

/** What the element gives its results panel. */
export interface ResultsPanelHooks {
  /** The element's localizer (strings the form shares). */
  t: Localize<typeof surveyStrings.en>;
  el: SurveyElement;
  /** The page's definition, which a facilitator may publish. */
  authored(): SurveyDefinition | null;
  /** Shows the form as participants see it, or (false) the results again. */
  preview(on: boolean): void;
  /** Staff follow the survey and its state is loaded: a new response count may be announced. */
  watching(): boolean;
  /** Says something politely (throttled). */
  say(message: string): void;
}

/**
 * The facilitator's side of the element, set up once this chunk has loaded (participants never
 * load it): the results view's strings and styles, pausing live results, the "Show results" button
 * of the preview, and the announcement of each new response count.
 */
export class ResultsPanel implements ReactiveController {
  /** The results view's strings. */
  readonly r: LocalizeController;
  /** The state shown while live results are paused. */
  #paused: SurveyState | null = null;
  #lastCount = -1;

  constructor(
    private readonly host: ReactiveElement,
    private readonly hooks: ResultsPanelHooks,
  ) {
    host.addController(this);
    this.r = new Localizer(host, resultsStrings);
    // The view's styles join the element's only now.
    adoptStyles(host.renderRoot as ShadowRoot, [...(host.constructor as typeof ReactiveElement).elementStyles, resultsStyles]);
  }

  /** The results of `def`: live, or as they were when paused. */
  render(def: SurveyDefinition): TemplateResult {
    const { t, el } = this.hooks;
    const live = el.surveyState;
    return renderResults({
      t,
      r: this.r,
      el,
      def,
      state: this.#paused ?? live,
      live,
      paused: !!this.#paused,
      authored: this.hooks.authored(),
      pause: () => {
        this.#paused = this.#paused ? null : live;
        this.host.requestUpdate();
      },
      preview: () => this.hooks.preview(true),
    });
  }

  /** Under the preview: the way back to the results. */
  renderShowResults(): TemplateResult {
    return actionsRow(this.r.t('surveyShowResults'), () => this.hooks.preview(false));
  }

  hostUpdated(): void {
    // Announced in this view's strings: only once its catalog for the current language has settled.
    const { count } = this.hooks.el.surveyState;
    if (!this.r.settled || this.#paused || count === this.#lastCount || !this.hooks.watching()) return;
    if (this.#lastCount >= 0) this.hooks.say(this.r.t('surveyResponses', { n: count }));
    this.#lastCount = count;
  }
}
