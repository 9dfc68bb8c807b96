import { html, nothing, type TemplateResult } from 'lit';
import type { PendingOp } from '../../core/client/topic-handle.js';
import { unsafeNote } from '../../core/lit/widget-views.js';
import type { Actor } from '../../core/protocol/wire.js';
import type { ThreadComposer } from './composer.js';
import type { ThreadLocalize } from './i18n/index.js';
import type { MdBlock } from './markdown.js';
import { renderMarkdown } from './markdown-render.js';
import type { ThreadActions } from './thread-actions.js';
import { absoluteTime, hueOf, initials, relativeTime } from './thread-format.js';
import { canEdit, getPost, REACTIONS, type ThreadRow } from './thread-model.js';
import type { Reaction, ThreadPost, ThreadState } from './thread-types.js';

const EMOJI: Record<Reaction, string> = { like: '👍', love: '❤️', laugh: '😄', insight: '💡', thanks: '🙏' };
const REACTION_KEY = {
  like: 'threadReactLike',
  love: 'threadReactLove',
  laugh: 'threadReactLaugh',
  insight: 'threadReactInsight',
  thanks: 'threadReactThanks',
} as const;

/**
 * A class attribute from flags. Lit's classMap does more (it keeps classes set from outside Lit),
 * which a post's element, rendered only here, does not need.
 */
const classes = (flags: Record<string, boolean>): string =>
  Object.keys(flags)
    .filter((name) => flags[name])
    .join(' ');

/** My actions not yet delivered, by the post they concern (a new post by its op id). */
export function pendingByPost(pending: readonly PendingOp[]): Map<string, PendingOp> {
  const out = new Map<string, PendingOp>();
  for (const p of pending) {
    if (p.status === 'sent') continue;
    const d = p.op.data as { postId?: unknown } | null;
    const id = p.op.type === 'post' ? p.op.opId : typeof d?.postId === 'string' ? d.postId : null;
    if (id && (p.op.type === 'post' || p.op.type === 'edit' || !out.has(id))) out.set(id, p);
  }
  return out;
}

/** Everything one render of the feed's posts shares. */
export interface PostViewContext {
  t: ThreadLocalize;
  s: ThreadState;
  me: Actor;
  moderator: boolean;
  /** Locked for the viewer. */
  closed: boolean;
  readonly: boolean;
  pending: Map<string, PendingOp>;
  now: number;
  /** Rows in the feed. */
  total: number;
  /** The post that holds the roving tabindex. */
  focusId: string | null;
  composer: ThreadComposer;
  actions: ThreadActions;
  /** Post whose reaction picker is open. */
  picker: string | null;
  /** Opens (a post id) or closes (null) the reaction picker; `refocus` gives focus back to its button. */
  setPicker(id: string | null, refocus?: boolean): void;
  /** A post's author as shown. */
  name(p: ThreadPost | undefined): string;
  /** A post's parsed Markdown (cached). */
  blocks(body: string): MdBlock[];
  /** Opens the reply box under a post, quoting it when asked. */
  reply(id: string, quote: boolean): void;
  /** A post's moderation toggles, once the facilitator tools' chunk is loaded (null for participants and meanwhile). */
  moderation: ((p: ThreadPost, tab: -1 | typeof nothing) => TemplateResult) | null;
}

/** One row of the feed: a post (with its open boxes) or a tombstone. */
export function renderPost(row: ThreadRow, index: number, ctx: PostViewContext): TemplateResult {
  const t = ctx.t;
  const p = getPost(ctx.s, row.id);
  const common = { post: true, [`d${Math.min(row.depth, 8)}`]: row.depth > 0 };
  if (!p || p.deleted) {
    return html`<article
      part="post tombstone"
      class=${classes({ ...common, tomb: true })}
      data-id=${row.id}
      tabindex=${row.id === ctx.focusId ? 0 : -1}
      aria-posinset=${index + 1}
      aria-setsize=${ctx.total}
      aria-label=${t.t('threadDeletedText')}
    >${t.t('threadDeletedText')}</article>`;
  }
  const mine = !!p.author && p.author.id === ctx.me.id;
  const name = mine && !p.author!.name ? t.t('threadYou') : ctx.name(p);
  const time = relativeTime(p.at, ctx.now, t.lang);
  const status = ctx.pending.get(p.id)?.status;
  const unsafe = unsafeNote(t, ctx.pending.get(p.id));
  const mentioned = !mine && p.mentions.some((m) => m.id === ctx.me.id);
  const hiddenForMe = p.hidden && !ctx.moderator && !mine;
  const replyTarget = p.replyTo ? getPost(ctx.s, p.replyTo) : undefined;
  const role = !p.anonymous && p.author && p.author.role !== 'participant' ? p.author.role : null;
  const { composer, actions } = ctx;
  const tab = p.id === ctx.focusId ? nothing : -1;
  return html`<article
    part="post"
    class=${classes({ ...common, mine, pinned: p.pinned, hidden: p.hidden, mentioned, pending: !!status })}
    data-id=${p.id}
    tabindex=${p.id === ctx.focusId ? 0 : -1}
    aria-posinset=${index + 1}
    aria-setsize=${ctx.total}
    aria-label=${t.t('threadPostLabel', { name, time })}
  >
    <div class="meta" part="post-meta">
      <span part="avatar" class=${`h${hueOf(p.author?.id && !(p.anonymous && !mine) ? p.author.id : 'anonymous')}`} aria-hidden="true"
        >${p.anonymous && !mine ? '?' : initials(name)}</span
      >
      <bdi class="name">${name}</bdi>
      ${role ? html`<span class="badge">${t.t(role === 'producer' ? 'threadRoleProducer' : 'threadRoleFacilitator')}</span>` : nothing}
      <time datetime=${new Date(p.at).toISOString()} title=${absoluteTime(p.at, t.lang)}>${time}</time>
      ${p.editedAt !== null ? html`<span title=${absoluteTime(p.editedAt, t.lang)}>· ${t.t('threadEdited')}</span>` : nothing}
      ${p.pinned ? html`<span class="badge">${t.t('threadPinned')}</span>` : nothing}
      ${p.answered ? html`<span class="badge">${t.t('threadAnswered')}</span>` : nothing}
      ${p.hidden ? html`<span class="badge warn">${t.t('threadHiddenBadge')}</span>` : nothing}
      ${mentioned ? html`<span class="badge">${t.t('threadMentionsYou')}</span>` : nothing}
      ${unsafe ? html`<span class="badge">${unsafe}</span>` : status === 'queued' ? html`<span class="badge">${t.t('threadQueued')}</span>` : status === 'sending' ? html`<span class="badge">${t.t('threadSending')}</span>` : nothing}
    </div>
    ${p.replyTo ? html`<p class="reply-to">${t.t('threadInReplyTo', { name: ctx.name(replyTarget) })}</p>` : nothing}
    ${
      hiddenForMe
        ? html`<p class="hidden-note">${t.t('threadHiddenText')}</p>`
        : html`${p.hidden && mine ? html`<p class="hidden-note">${t.t('threadHiddenOwn')}</p>` : nothing}
          ${
            composer.editing === p.id
              ? composer.render(`edit:${p.id}`, { label: t.t('threadEditLabel'), parent: null, edit: p })
              : html`<div part="post-body" dir="auto" lang=${t.contentLang ?? nothing}>${renderMarkdown(ctx.blocks(p.body), {
                  mentions: p.mentions.map((m) => m.name),
                  me: ctx.me.name,
                  newTab: t.t('threadNewTab'),
                  tabindex: tab === -1 ? -1 : undefined,
                })}</div>`
          }`
    }
    ${ctx.readonly ? renderCounts(p, t) : renderActions(p, mine, hiddenForMe, ctx, tab)}
    ${
      actions.confirming === p.id
        ? html`<div class="confirm" role="group" aria-labelledby="confirm-q">
          <p id="confirm-q">${t.t('threadDeleteConfirm')}</p>
          <button type="button" class="primary" tabindex=${tab} @click=${() => void actions.deletePost(p.id)}>${t.t('threadDelete')}</button>
          <button type="button" class="cancel" tabindex=${tab} @click=${() => actions.cancelDelete(p.id)}>${t.t('threadCancel')}</button>
        </div>`
        : nothing
    }
    ${composer.replyTo === p.id && !ctx.closed ? composer.render(`reply:${p.id}`, { label: t.t('threadReplyLabel', { name }), parent: p.id }) : nothing}
  </article>`;
}

/** Upvotes and reactions as text, for a read-only thread. */
function renderCounts(p: ThreadPost, t: ThreadLocalize) {
  const parts: string[] = [];
  if (p.votes > 0) parts.push(t.t('threadUpvotes', { n: p.votes }));
  for (const r of REACTIONS) {
    const n = p.reactions[r] ?? 0;
    if (n > 0) parts.push(`${EMOJI[r]} ${t.f.num(n)}`);
  }
  return parts.length ? html`<p class="note">${parts.join(' · ')}</p>` : nothing;
}

/**
 * A post's buttons. Toggles keep one label and say their state with aria-pressed. `tab` -1 keeps
 * them out of the tab order unless the post is the feed's current one: Tab then leaves the feed
 * after one post's controls, however long the thread (arrow keys move between posts).
 */
function renderActions(p: ThreadPost, mine: boolean, hiddenForMe: boolean, ctx: PostViewContext, tab: -1 | typeof nothing) {
  const { t, actions, composer } = ctx;
  const voted = p.voters.includes(ctx.me.id);
  const blocked = ctx.closed || hiddenForMe;
  const reactions = REACTIONS.filter((r) => (p.reactions[r] ?? 0) > 0);
  return html`<div part="post-actions">
      <button type="button" tabindex=${tab} aria-pressed=${voted ? 'true' : 'false'} ?disabled=${mine || blocked} @click=${() => void actions.upvote(p.id, !voted)}>
        <span aria-hidden="true">▲</span> ${t.t('threadUpvote')} ${p.votes > 0 ? t.f.num(p.votes) : nothing}
      </button>
      ${reactions.map((r) => {
        const on = (p.reactors[r] ?? []).includes(ctx.me.id);
        const label = t.t('threadReactionCount', { reaction: t.t(REACTION_KEY[r]), n: p.reactions[r] ?? 0 });
        return html`<button type="button" tabindex=${tab} aria-pressed=${on ? 'true' : 'false'} aria-label=${label} title=${label} ?disabled=${blocked} @click=${() => void actions.react(p.id, r, !on)}>
          ${EMOJI[r]} ${t.f.num(p.reactions[r] ?? 0)}
        </button>`;
      })}
      ${
        blocked
          ? nothing
          : html`<button type="button" tabindex=${tab} aria-expanded=${ctx.picker === p.id ? 'true' : 'false'} aria-label=${t.t('threadReact')} title=${t.t('threadReact')} @click=${() => ctx.setPicker(ctx.picker === p.id ? null : p.id)}>
              <span aria-hidden="true">☺+</span>
            </button>
            <button type="button" tabindex=${tab} @click=${() => ctx.reply(p.id, false)}>${t.t('threadReply')}</button>
            <button type="button" tabindex=${tab} @click=${() => ctx.reply(p.id, true)}>${t.t('threadQuote')}</button>`
      }
      ${
        mine && canEdit(p, ctx.me.id, ctx.now) && !ctx.closed && composer.editing !== p.id
          ? html`<button type="button" tabindex=${tab} @click=${() => void composer.openEdit(p)}>${t.t('threadEdit')}</button>`
          : nothing
      }
      ${mine && actions.confirming !== p.id ? html`<button type="button" tabindex=${tab} @click=${() => void actions.askDelete(p.id)}>${t.t('threadDelete')}</button>` : nothing}
      ${ctx.moderation ? ctx.moderation(p, tab) : nothing}
    </div>
    ${
      ctx.picker === p.id && !blocked
        ? html`<div class="picker" role="group" aria-label=${t.t('threadReactions')} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && ctx.setPicker(null, true)}>
          ${REACTIONS.map((r) => {
            const on = (p.reactors[r] ?? []).includes(ctx.me.id);
            return html`<button type="button" tabindex=${tab} aria-pressed=${on ? 'true' : 'false'} aria-label=${t.t(REACTION_KEY[r])} title=${t.t(REACTION_KEY[r])} @click=${() => {
              ctx.setPicker(null);
              void actions.react(p.id, r, !on);
            }}>${EMOJI[r]}</button>`;
          })}
        </div>`
        : nothing
    }`;
}
