import { html, nothing, svg } from 'lit';
import { intl } from '../../core/i18n/format.js';
import { cssProps } from '../../core/lit/css-props.js';
import { stripBidi } from '../../core/protocol/text.js';
import type { StaffText } from './i18n/staff.js';
import type { MeterAlerts } from './meter-alerts.js';
import { METER_LIMITS } from './meter-model.js';
import type { ResolvedSignal, SignalSet } from './meter-signals.js';
import { sparkline, type TimelineSample } from './meter-timeline.js';
import type { MeterAggregate, MeterState } from './meter-types.js';

/**
 * The facilitator and producer view of `<pk-engagement-meter>`: alerts, the pulse, the timeline,
 * the hand queue and the controls. Pure rendering of what the staff controller (meter-staff.ts)
 * hands over; every action goes back to it through `on`.
 */
export interface FacilitatorView {
  /** The staff strings in the element's language. */
  t: StaffText;
  set: SignalSet;
  s: MeterState;
  now: number;
  /** The pulse now, and the one shown while live numbers are paused. */
  live: MeterAggregate | null;
  paused: MeterAggregate | null;
  alerts: MeterAlerts;
  threshold: number;
  minGroup: number;
  samples: readonly TimelineSample[];
  /** State drawn on the timeline beside the index. */
  tracked: string;
  confirmClear: boolean;
  label(signal: ResolvedSignal): string;
  labelOf(name: string): string;
  on: {
    pause(): void;
    mark(e: SubmitEvent): void;
    download(format: 'csv' | 'json'): void;
    lower(slot: number, who: string): void;
    named(): void;
    askClear(confirm: boolean): void;
    clear(): void;
  };
}

/** The whole view: alerts, the pulse, the timeline, the hand queue and the controls. */
export function renderFacilitator(v: FacilitatorView) {
  return html`${renderAlerts(v)} ${renderSummary(v)} ${renderTimeline(v)} ${renderHands(v)} ${renderControls(v)}`;
}

/** Alerts: visible with the live share; the live region says each crossing once (see MeterAlerts). */
export function renderAlerts(v: FacilitatorView) {
  const { t, live } = v;
  const latest = v.alerts.latest;
  const shown = v.paused ?? live;
  return html`<div class="alerts">
      ${
        shown
          ? v.alerts
              .active()
              .map(
                (name) =>
                  html`<p part="alert">${t.t('meterAlert', { state: v.labelOf(name), percent: t.f.percent(shown.shares[name] ?? 0), threshold: t.f.percent(v.threshold) })}</p>`,
              )
          : nothing
      }
    </div>
    <div class="visually-hidden" role="alert" data-crossing=${latest?.n ?? 0}>
      ${latest ? t.t('meterAlert', { state: v.labelOf(latest.signal), percent: t.f.percent(latest.share ?? 0), threshold: t.f.percent(v.threshold) }) : nothing}
    </div>`;
}

export function renderSummary(v: FacilitatorView) {
  const { t, live, set } = v;
  if (!live) return nothing;
  const a = v.paused ?? live;
  const alerting = new Set(v.alerts.active());
  return html`<section part="summary" aria-labelledby="pulse-h">
    <h3 id="pulse-h">${t.t('meterPulse')}</h3>
    <div class="headline">
      <span>${a.present === null ? t.t('meterPresentUnknown') : t.t('meterPresent', { n: a.present })}${a.base !== a.present && !a.hidden ? html` · ${t.t('meterBase', { n: a.base })}` : nothing}</span>
      ${a.index !== null ? html`<span class="index" part="index">${t.t('meterIndex', { n: a.index })}</span>` : nothing}
    </div>
    ${
      a.hidden
        ? html`<p class="note">${t.t('meterHidden', { n: v.minGroup })}</p>`
        : html`<ul aria-label=${t.t('meterStatesHeading')}>
            ${set.states.map((st) => {
              const n = a.counts[st.name] ?? 0;
              const share = a.shares[st.name] ?? 0;
              return html`<li class="state-row">
                <span>${v.label(st)}</span>
                <div part="bar" class=${alerting.has(st.name) ? 'alerting' : ''} aria-hidden="true" style=${cssProps({ '--_pct': `${Math.round(Math.min(1, share) * 1000) / 10}%` })}></div>
                <span class="count">${t.t('meterCount', { n, percent: t.f.percent(share) })}</span>
                ${renderNames(v, a.names[st.name])}
              </li>`;
            })}
          </ul>
          ${
            set.reactions.length
              ? html`<p class="note">
                ${t.t('meterRecentReactions')}:
                ${
                  Object.keys(a.reactions).length
                    ? intl('ListFormat', t.lang, { style: 'short', type: 'unit' }).format(
                        set.reactions.filter((r) => a.reactions[r.name]).map((r) => `${v.label(r)} ${t.f.num(a.reactions[r.name]!)}`),
                      )
                    : t.t('meterNoReactions')
                }
              </p>`
              : nothing
          }`
    }
    ${
      a.hidden && !v.paused
        ? nothing
        : html`<div class="row">
          <button type="button" aria-pressed=${v.paused ? 'true' : 'false'} @click=${v.on.pause}>${t.t('meterPause')}</button>
          ${v.paused ? html`<span class="note">${t.t('meterPaused')}</span>` : nothing}
        </div>`
    }
  </section>`;
}

/** Who is in a state, in named mode: the names as a localized list, each isolated (bidi). */
function renderNames(v: FacilitatorView, names: string[] | undefined) {
  if (!names?.length) return nothing;
  const { t } = v;
  const shown = names.map((n) => n.trim() || t.t('meterHandUnnamed'));
  const parts = intl('ListFormat', t.lang, { style: 'long', type: 'conjunction' }).formatToParts(shown);
  return html`<span part="names" class="note">${parts.map((p) => (p.type === 'element' ? html`<bdi>${p.value}</bdi>` : p.value))}</span>`;
}

export function renderTimeline(v: FacilitatorView) {
  const { t, s, tracked } = v;
  const trackedLabel = tracked ? v.labelOf(tracked) : '';
  const geo = sparkline([...v.samples], s.markers, tracked);
  const last = v.samples[v.samples.length - 1];
  const time = intl('DateTimeFormat', t.lang, { hour: '2-digit', minute: '2-digit' });
  const nowText =
    last && last.index !== null
      ? t.t('meterSparkNow', { index: t.f.num(last.index), state: trackedLabel, share: t.f.percent(last.shares[tracked] ?? 0) })
      : t.t('meterNoSamples');
  return html`<section part="timeline" aria-labelledby="timeline-h">
    <h3 id="timeline-h">${t.t('meterTimeline')}</h3>
    <svg part="sparkline" viewBox="0 0 ${geo.width} ${geo.height}" preserveAspectRatio="none" role="img" aria-labelledby="spark-title spark-desc">
      <title id="spark-title">${t.t('meterSparkTitle', { state: trackedLabel })}</title>
      <desc id="spark-desc">${nowText}</desc>
      ${geo.index.map((pts) => svg`<polyline class="line-index" points=${pts}></polyline>`)}
      ${geo.share.map((pts) => svg`<polyline class="line-share" points=${pts}></polyline>`)}
      ${geo.markers.map((m) => svg`<line class="line-marker" x1=${m.x} x2=${m.x} y1="0" y2=${geo.height}><title>${m.label}</title></line>`)}
    </svg>
    <div class="legend" aria-hidden="true">
      <span><span class="swatch"></span>${t.t('meterLegendIndex')}</span>
      <span><span class="swatch share"></span>${t.t('meterLegendShare', { state: trackedLabel })}</span>
    </div>
    <p class="note">${nowText}</p>
    ${
      s.markers.length
        ? html`<ol aria-label=${t.t('meterMarkers')}>
          ${s.markers.map((m) => html`<li><time datetime=${new Date(m.at).toISOString()}>${time.format(m.at)}</time> · <span dir="auto" lang=${t.contentLang ?? nothing}>${stripBidi(m.label)}</span></li>`)}
        </ol>`
        : nothing
    }
    <form class="row" @submit=${v.on.mark}>
      <label class="visually-hidden" for="marker">${t.t('meterMarkerLabel')}</label>
      <input id="marker" name="marker" type="text" maxlength=${METER_LIMITS.maxLabelLength} autocomplete="off" placeholder=${t.t('meterMarkerPlaceholder')} />
      <button type="submit">${t.t('meterDropMarker')}</button>
    </form>
    <div class="row">
      <button type="button" @click=${() => v.on.download('csv')}>${t.t('meterDownloadCsv')}</button>
      <button type="button" @click=${() => v.on.download('json')}>${t.t('meterDownloadJson')}</button>
    </div>
  </section>`;
}

export function renderHands(v: FacilitatorView) {
  const { t, s, now } = v;
  return html`<section part="hands" aria-labelledby="hands-h">
    <h3 id="hands-h" tabindex="-1">${t.t('meterHands', { n: s.hands.length })}</h3>
    ${
      s.hands.length === 0
        ? html`<p class="note">${t.t('meterNoHands')}</p>`
        : html`<ol>
          ${s.hands.map((hand, i) => {
            const who =
              s.named && hand.name !== undefined ? stripBidi(hand.name) || t.t('meterHandUnnamed') : t.t('meterHandAnon', { n: i + 1 });
            return html`<li class="hand">
              <span><span dir="auto">${who}</span> <span class="note">· ${t.t('meterWaiting', { time: t.f.duration((now - hand.at) / 1000) })}</span></span>
              <button type="button" data-slot=${hand.slot} aria-label=${t.t('meterLowerHand', { who })} @click=${() => v.on.lower(hand.slot, who)}>${t.t('meterLower')}</button>
            </li>`;
          })}
        </ol>`
    }
  </section>`;
}

export function renderControls(v: FacilitatorView) {
  const { t, s } = v;
  return html`<section part="controls" aria-labelledby="controls-h">
    <h3 id="controls-h">${t.t('meterControls')}</h3>
    <div class="row">
      <button type="button" aria-pressed=${s.named ? 'true' : 'false'} aria-describedby="named-help" @click=${v.on.named}>${t.t('meterNamedMode')}</button>
      <span class="note" id="named-help">${t.t('meterNamedHelp')}</span>
    </div>
    <div class="row">
      ${
        v.confirmClear
          ? html`<span>${t.t('meterClearConfirm')}</span>
            <button type="button" class="primary" data-clear="confirm" @click=${v.on.clear}>${t.t('meterClearAll')}</button>
            <button type="button" @click=${() => v.on.askClear(false)}>${t.t('meterCancel')}</button>`
          : html`<button type="button" data-clear="ask" @click=${() => v.on.askClear(true)}>${t.t('meterClearAll')}</button>`
      }
    </div>
  </section>`;
}
