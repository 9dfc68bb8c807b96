import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from '../../core/lit/localize-controller.js';
import type { reportStrings } from './i18n/index.js';
import { barSvg, lineSvg } from './report-charts.js';
import type { ReportEngagement, ReportPollRound, ReportSurvey, ReportThread, SessionReport } from './report-model.js';
import type { ReportTable } from './report-tables.js';

type T = LocalizeController<typeof reportStrings.en>;

/** What the report's view needs besides the figures. */
export interface ReportView {
  t: T;
  report: SessionReport;
  /** Formats an authority time as a short time of day in the report's language. */
  time: (at: number) => string;
  /** Tables that can be downloaded, and whether xAPI statements can. */
  tables: readonly ReportTable[];
  xapi: boolean;
  on: { csv: (table: ReportTable, button: HTMLElement) => void; json: (button: HTMLElement) => void; xapi: (button: HTMLElement) => void };
}

const pct = (t: T, r: number | null) => (r === null ? '–' : t.f.percent(r));

/** A section with its heading (a level-3 heading under the report's own). */
const section = (id: string, title: string, body: unknown) =>
  html`<section part="section" aria-labelledby=${`${id}-h`}><h3 id=${`${id}-h`}>${title}</h3>${body}</section>`;

function attendance(v: ReportView): TemplateResult {
  const { t, report } = v;
  const a = report.attendance;
  const samples = a.samples;
  return section(
    'attendance',
    t.t('reportAttendance'),
    html`<p>${a.since === null ? t.t('reportAttendanceNone') : t.t('reportAttendanceSince', { time: v.time(a.since) })}</p>
      <p>${t.t('reportPresentBase', { n: report.present })}</p>
      ${lineSvg(
        samples.map((s) => ({ at: s.at, value: s.present })),
        Math.max(1, a.peak ?? 0),
      )}
      ${
        samples.length
          ? html`<details>
            <summary>${t.t('reportPresentCount')}</summary>
            <table>
              <thead><tr><th scope="col">${t.t('reportTime')}</th><th scope="col">${t.t('reportPresentCount')}</th></tr></thead>
              <tbody>${samples.map((s) => html`<tr><td>${v.time(s.at)}</td><td>${s.present === null ? '–' : t.f.num(s.present)}</td></tr>`)}</tbody>
            </table>
          </details>`
          : nothing
      }`,
  );
}

function participation(v: ReportView): TemplateResult {
  const { t, report } = v;
  const rows = report.participation;
  return section(
    'participation',
    t.t('reportParticipation'),
    html`<table>
        <thead><tr><th scope="col">${t.t('reportWidget')}</th><th scope="col">${t.t('reportTookPart')}</th><th scope="col">${t.t('reportRate')}</th><td class="chart"></td></tr></thead>
        <tbody>
          ${rows.map((r) => html`<tr><th scope="row"><bdi>${r.topic}</bdi></th><td>${r.exact ? t.f.num(r.participants) : t.t('reportAtLeast', { n: r.participants })}</td><td>${pct(t, r.rate)}</td><td class="chart">${barSvg(r.rate)}</td></tr>`)}
        </tbody>
      </table>`,
  );
}

function pollRound(t: T, r: ReportPollRound, i: number): TemplateResult {
  const id = `poll-${i}`;
  const round = r.current ? t.t('reportRoundNow', { n: r.round }) : t.t('reportRound', { n: r.round });
  return html`<figure aria-labelledby=${id}>
    <figcaption id=${id}><strong>${r.question ? html`<bdi>${r.question}</bdi>` : t.t('reportSelfServe')}</strong> · <bdi>${r.topic}</bdi> · ${round} · ${t.t('reportResponded', { n: r.responded })}</figcaption>
    <table>
      <thead><tr><th scope="col">${t.t('reportAnswer')}</th><th scope="col">${t.t('reportVotes')}</th><th scope="col">%</th><td class="chart"></td></tr></thead>
      <tbody>${r.rows.map((row) => html`<tr><th scope="row"><bdi>${row.label}</bdi></th><td>${t.f.num(row.count)}</td><td>${t.f.percent(row.percent / 100)}</td><td class="chart">${barSvg(row.percent / 100)}</td></tr>`)}</tbody>
    </table>
  </figure>`;
}

function engagement(v: ReportView, e: ReportEngagement): TemplateResult {
  const { t } = v;
  const known = e.points.map((p) => p.index).filter((n): n is number => n !== null);
  const last = [...e.points].reverse().find((p) => p.index !== null)?.index ?? null;
  return html`<figure aria-labelledby=${`${e.topic}-cap`}>
    <figcaption id=${`${e.topic}-cap`}><bdi>${e.topic}</bdi>: ${known.length && last !== null ? t.t('reportIndexSummary', { min: Math.min(...known), max: Math.max(...known), last }) : t.t('reportIndexWithheld')}</figcaption>
    ${lineSvg(
      e.points.map((p) => ({ at: p.at, value: p.index })),
      100,
      e.markers,
    )}
    ${e.points.length && !e.withPresence ? html`<p part="note">${t.t('reportWithoutPresence')}</p>` : nothing}
    ${
      e.markers.length
        ? html`<p>${t.t('reportMarkers')}:</p>
          <ul>${e.markers.map((m) => html`<li>${v.time(m.at)}: <bdi>${m.label}</bdi></li>`)}</ul>`
        : nothing
    }
    ${
      known.length
        ? html`<details>
          <summary>${t.t('reportIndex')}</summary>
          <table>
            <thead><tr><th scope="col">${t.t('reportTime')}</th><th scope="col">${t.t('reportIndex')}</th></tr></thead>
            <tbody>${e.points.filter((p) => p.index !== null).map((p) => html`<tr><td>${v.time(p.at)}</td><td>${t.f.num(p.index!)}</td></tr>`)}</tbody>
          </table>
        </details>`
        : nothing
    }
  </figure>`;
}

function survey(t: T, s: ReportSurvey): TemplateResult {
  const head =
    s.rate === null
      ? t.t('reportResponsesOnly', { n: s.responses })
      : t.t('reportResponseRate', { n: s.responses, rate: t.f.percent(s.rate) });
  return html`<div class="block">
    <p><strong><bdi>${s.title ?? s.topic}</bdi></strong> · ${head}${s.closed ? html` · ${t.t('reportClosed')}` : nothing}</p>
    ${s.rate !== null ? html`<div class="chart">${barSvg(s.rate)}</div>` : nothing}
    ${
      s.questions === null
        ? html`<p part="note">${t.t('reportNoDefinition')}</p>`
        : html`<table>
          <thead><tr><th scope="col">${t.t('reportQuestion')}</th><th scope="col">${t.t('reportAnswers')}</th><th scope="col">${t.t('reportAverage')}</th><th scope="col">${t.t('reportNps')}</th></tr></thead>
          <tbody>
            ${s.questions.map(
              (q) =>
                html`<tr><th scope="row"><bdi>${q.title}</bdi></th><td>${t.f.num(q.answers)}</td><td>${q.average === null ? '–' : t.f.num(Math.round(q.average * 10) / 10)}</td><td>${q.nps === null ? '–' : t.f.num(q.nps)}</td></tr>`,
            )}
          </tbody>
        </table>`
    }
  </div>`;
}

function thread(t: T, th: ReportThread): TemplateResult {
  const figures: Array<[string, number]> = [
    [t.t('reportPosts'), th.posts],
    [t.t('reportReplies'), th.replies],
    [t.t('reportQuestions'), th.questions],
    [t.t('reportAnswered'), th.answered],
    [t.t('reportUnanswered'), th.unanswered.length],
  ];
  return html`<div class="block">
    <p><strong><bdi>${th.topic}</bdi></strong></p>
    <dl class="figures">${figures.map(([k, n]) => html`<div><dt>${k}</dt><dd>${t.f.num(n)}</dd></div>`)}</dl>
    ${
      th.unanswered.length
        ? html`<p>${t.t('reportUnanswered')}:</p>
          <ul>${th.unanswered.map((q) => html`<li><bdi class="body">${q.body}</bdi> <span class="muted">(${t.t('reportUpvotes', { n: q.votes })})</span></li>`)}</ul>`
        : nothing
    }
  </div>`;
}

function downloads(v: ReportView): TemplateResult {
  const { t } = v;
  return section(
    'downloads',
    t.t('reportDownloads'),
    html`<div class="buttons">
        ${v.tables.map((table) => html`<button type="button" data-export=${`csv-${table.id}`} @click=${(e: Event) => v.on.csv(table, e.currentTarget as HTMLElement)}>${t.t('reportCsv', { table: table.title })}</button>`)}
        <button type="button" data-export="json" @click=${(e: Event) => v.on.json(e.currentTarget as HTMLElement)}>${t.t('reportJson')}</button>
        ${v.xapi ? html`<button type="button" data-export="xapi" @click=${(e: Event) => v.on.xapi(e.currentTarget as HTMLElement)}>${t.t('reportXapi')}</button>` : nothing}
      </div>
      ${v.xapi ? nothing : html`<p part="note">${t.t('reportNoXapi')}</p>`}`,
  );
}

/** The whole report: attendance, participation, polls, engagement, surveys, threads, downloads. */
export function renderReport(v: ReportView): TemplateResult {
  const { t, report } = v;
  const empty =
    report.participation.every((p) => p.participants === 0) &&
    report.polls.length === 0 &&
    report.engagement.every((e) => e.markers.length === 0 && e.points.length === 0);
  return html`${empty ? html`<p part="note">${t.t('reportEmpty')}</p>` : nothing}
    ${report.fromSnapshot.length ? html`<p part="note">${t.t('reportSnapshot')}</p>` : nothing} ${attendance(v)} ${participation(v)}
    ${
      report.polls.length
        ? section(
            'polls',
            t.t('reportPolls'),
            report.polls.map((r, i) => pollRound(t, r, i)),
          )
        : nothing
    }
    ${
      report.engagement.length
        ? section(
            'engagement',
            t.t('reportEngagement'),
            report.engagement.map((e) => engagement(v, e)),
          )
        : nothing
    }
    ${
      report.surveys.length
        ? section(
            'surveys',
            t.t('reportSurveys'),
            report.surveys.map((s) => survey(t, s)),
          )
        : nothing
    }
    ${
      report.threads.length
        ? section(
            'threads',
            t.t('reportThreads'),
            report.threads.map((th) => thread(t, th)),
          )
        : nothing
    } ${downloads(v)}`;
}
