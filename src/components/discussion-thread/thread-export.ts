import { stripBidi } from '../../core/protocol/text.js';
import { parseMarkdown } from './markdown.js';
import { escapeInline, escapeLineStarts, toSafeMarkdown } from './markdown-export.js';
import { getPost, threadRows } from './thread-model.js';
import type { Reaction, ThreadPost, ThreadState } from './thread-types.js';

/**
 * Pure builders for the facilitator's "export" menu: the thread as JSON (for archives and other
 * tools) and as Markdown (to paste into a wiki or course page). Posts come in reading order
 * (oldest first, replies under their parent). Nothing here touches the DOM. Text people typed
 * goes through the core's one rule for it (`stripBidi`), and the Markdown is as safe as the view.
 */

/** What an export is about. */
export interface ExportInfo {
  /** The thread's id. */
  threadId: string;
  /** The thread's title as the widget shows it (its `label`, else the localized "Discussion"); the id when absent. */
  title?: string;
  /** When the export was made (ms since epoch). */
  exportedAt: number;
  /** Name shown for anonymous posts and unknown authors. */
  anonymousName?: string;
}

/** One post in a JSON export. */
export interface ExportedPost {
  id: string;
  parent: string | null;
  replyTo: string | null;
  depth: number;
  /** Author's display name; null when anonymous or unknown to the exporter. */
  author: string | null;
  role: string | null;
  anonymous: boolean;
  /** ISO 8601 (UTC). */
  postedAt: string;
  editedAt: string | null;
  /** Markdown source; null for a deleted post (tombstone). */
  body: string | null;
  deleted: boolean;
  hidden: boolean;
  pinned: boolean;
  answered: boolean;
  votes: number;
  reactions: Partial<Record<Reaction, number>>;
}

/** The JSON export document. */
export interface ThreadExport {
  format: 'pulsekit-thread';
  version: 1;
  threadId: string;
  /** The thread's title (its label), as the widget shows it. */
  title: string;
  exportedAt: string;
  locked: boolean;
  posts: ExportedPost[];
}

const iso = (ms: number): string => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
};

/** The title of an export: the widget's, else the thread id; never blank. */
const titleOf = (info: ExportInfo): string =>
  stripBidi(info.title ?? '')
    .replace(/\s+/g, ' ')
    .trim() || info.threadId;

function ordered(state: ThreadState): ThreadPost[] {
  const { rows } = threadRows(state, { sort: 'oldest' });
  const out: ThreadPost[] = [];
  for (const r of rows) {
    const p = getPost(state, r.id);
    if (p) out.push(p);
  }
  return out;
}

/** Builds the JSON export document of a thread. */
export function threadExport(state: ThreadState, info: ExportInfo): ThreadExport {
  return {
    format: 'pulsekit-thread',
    version: 1,
    threadId: info.threadId,
    title: titleOf(info),
    exportedAt: iso(info.exportedAt),
    locked: state.locked,
    posts: ordered(state).map((p) => ({
      id: p.id,
      parent: p.parent,
      replyTo: p.replyTo,
      depth: p.depth,
      author: p.anonymous || !p.author ? null : stripBidi(p.author.name),
      role: p.anonymous || !p.author ? null : p.author.role,
      anonymous: p.anonymous,
      postedAt: iso(p.at),
      editedAt: p.editedAt === null ? null : iso(p.editedAt),
      body: p.deleted ? null : stripBidi(p.body),
      deleted: p.deleted,
      hidden: p.hidden,
      pinned: p.pinned,
      answered: p.answered,
      votes: p.votes,
      reactions: { ...p.reactions },
    })),
  };
}

/** The thread as a JSON string (pretty-printed). */
export function threadToJson(state: ThreadState, info: ExportInfo): string {
  return `${JSON.stringify(threadExport(state, info), null, 2)}\n`;
}

/** Escapes a single-line label (a name, the title) so Markdown reads it as plain text. */
const escapeLabel = (text: string): string => escapeLineStarts(escapeInline(text.replace(/[\r\n]+/g, ' ')));

/**
 * The thread as a Markdown document, titled by the thread's title: one list item per post, replies
 * nested under their parent, with author, time, upvotes and moderation marks on the first line and
 * the post below it (indented so it stays inside the item). Posts are written from their parsed
 * form (`toSafeMarkdown`): no raw HTML and no link the view would not show.
 */
export function threadToMarkdown(state: ThreadState, info: ExportInfo): string {
  const anon = info.anonymousName ?? 'Anonymous';
  const posts = ordered(state);
  const lines: string[] = [
    `# ${escapeLabel(titleOf(info))}`,
    '',
    `Thread \`${info.threadId}\` · exported ${iso(info.exportedAt)} · ${posts.filter((p) => !p.deleted).length} posts${state.locked ? ' · locked' : ''}`,
    '',
  ];
  for (const p of posts) {
    const pad = '  '.repeat(p.depth);
    const who = p.deleted ? '' : p.anonymous || !p.author ? anon : p.author.name || anon;
    const marks = [
      p.deleted ? '' : `**${escapeLabel(who)}**${p.author && !p.anonymous && p.author.role !== 'participant' ? ` (${p.author.role})` : ''}`,
      iso(p.at),
      p.editedAt !== null && !p.deleted ? `edited ${iso(p.editedAt)}` : '',
      p.votes > 0 ? `${p.votes} upvote${p.votes === 1 ? '' : 's'}` : '',
      p.pinned ? 'pinned' : '',
      p.answered ? 'answered' : '',
      p.hidden ? 'hidden by a facilitator' : '',
      ...Object.entries(p.reactions).map(([r, n]) => `${r} ${n}`),
    ].filter(Boolean);
    lines.push(`${pad}- ${marks.join(' · ')}`);
    lines.push('');
    const body = p.deleted ? '_This post was deleted._' : toSafeMarkdown(parseMarkdown(p.body));
    for (const l of body.split('\n')) lines.push(l ? `${pad}  ${l}` : '');
    lines.push('');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
