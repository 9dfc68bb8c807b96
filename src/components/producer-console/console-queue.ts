import { html, nothing, type TemplateResult } from 'lit';
import { diagnosticsList, KIND_LABELS, type Say } from '../help-button/help-views.js';
import { HELP_TEXT_MAX } from '../help-button/help-model.js';
import { HELP_STEPS, type HelpRequest, type HelpStep } from '../help-button/help-types.js';

/** Most requests one render lists (the newest open ones are found through the filter). */
export const REQUESTS_SHOWN = 100;

const STEP_LABELS: Record<HelpStep, string> = {
  identify: 'consoleStepIdentify',
  isolate: 'consoleStepIsolate',
  fix: 'consoleStepFix',
  confirm: 'consoleStepConfirm',
};

/** What the queue's view needs from its element. */
export interface QueueView {
  say: Say;
  /** The requests to list, in the order asked. */
  requests: HelpRequest[];
  /** The viewer's id, role and a time formatter. */
  me: { id: string; producer: boolean };
  time: (at: number) => string;
  on: {
    ack: (r: HelpRequest) => void;
    step: (r: HelpRequest, step: HelpStep, done: boolean) => void;
    reply: (r: HelpRequest, form: HTMLFormElement) => void;
    resolve: (r: HelpRequest) => void;
  };
}

/** Where a request stands, in staff's words. */
function standing(say: Say, r: HelpRequest): string {
  if (r.status === 'resolved') return say('consoleResolved');
  if (r.status === 'withdrawn') return say('consoleWithdrawn');
  return r.handler ? say('consoleHandledBy', { name: r.handler.name }) : say('consoleWaiting');
}

/** The help queue as staff work it: one article per request, in the order asked. */
export function renderQueue(v: QueueView): TemplateResult {
  const say = v.say;
  if (!v.requests.length) return html`<p>${say('consoleQueueEmpty')}</p>`;
  return html`<ol class="queue">
    ${v.requests.slice(0, REQUESTS_SHOWN).map((r) => {
      const open = r.status === 'open' || r.status === 'acknowledged';
      // §42: the handler, or a producer, acts on an acknowledged request; others see it read-only.
      const mayAct = open && (!r.handler || r.handler.id === v.me.id || v.me.producer);
      const label = `help-${r.id}`;
      return html`<li>
        <article part="request" aria-labelledby=${label} data-request=${r.id}>
          <h4 id=${label}><bdi>${r.who.name}</bdi>: ${say(KIND_LABELS[r.kind])}</h4>
          <p class="meta">${say('consoleAsked', { time: v.time(r.at) })} · <strong>${standing(v.say, r)}</strong></p>
          ${r.text ? html`<p><bdi>${r.text}</bdi></p>` : nothing}
          ${r.diagnostics ? diagnosticsList(v.say, r.diagnostics) : html`<p class="note">${say('consoleNoDiagnostics')}</p>`}
          ${r.replies.map(
            (reply) =>
              html`<blockquote>
                <p class="note">${say('helpReplyFrom', { name: reply.by })}</p>
                <p><bdi>${reply.text}</bdi></p>
              </blockquote>`,
          )}
          ${mayAct ? renderActions(v, r, say) : nothing}
        </article>
      </li>`;
    })}
  </ol>`;
}

function renderActions(v: QueueView, r: HelpRequest, say: Say): TemplateResult {
  const mine = r.handler?.id === v.me.id;
  return html`${
    mine
      ? nothing
      : html`<button type="button" data-act="ack" @click=${() => v.on.ack(r)}>
            ${say(r.handler ? 'consoleTakeOver' : 'consoleAck')}
          </button>`
  }
    <fieldset>
      <legend>${say('consoleChecklist')}</legend>
      ${HELP_STEPS.map(
        (step) =>
          html`<label
            ><input
              type="checkbox"
              data-step=${step}
              .checked=${r.steps[step] !== undefined}
              @change=${(e: Event) => v.on.step(r, step, (e.target as HTMLInputElement).checked)}
            />${say(STEP_LABELS[step])}</label
          >`,
      )}
    </fieldset>
    <form
      class="reply"
      @submit=${(e: Event) => {
        e.preventDefault();
        v.on.reply(r, e.target as HTMLFormElement);
      }}
    >
      <label for=${`reply-${r.id}`}>${say('consoleReply')}</label>
      <input id=${`reply-${r.id}`} name="text" maxlength=${HELP_TEXT_MAX} required />
      <button type="submit" data-act="reply">${say('consoleSendReply')}</button>
    </form>
    <button type="button" class="primary" data-act="resolve" @click=${() => v.on.resolve(r)}>${say('consoleResolve')}</button>`;
}
