/**
 * The markdown subset of discussion posts, parsed into a small AST. Pure: no DOM, no Lit, no regular
 * expression that can backtrack. Every step is linear in the input: blocks are read line by line
 * (nesting capped), and inline markup is tokenized in one pass with lookup tables built by one
 * backward pass each, then matched with stacks. Anything that does not parse stays literal text.
 *
 * Supported: paragraphs (a newline is a line break), **strong** / __strong__, *em* / _em_,
 * `inline code`, fenced code blocks (``` or ~~~), [links](https://…) and bare http(s) URLs,
 * bullet and numbered lists, > block quotes. No raw HTML, no images, no headings.
 * Links are kept only when `safeLink()` allows them (http, https, mailto); otherwise the source
 * text is shown as typed.
 *
 * This file reads blocks; inline markup is in `markdown-inline.ts` and the link check in
 * `markdown-links.ts`.
 */
import { parseInline, type MdInline } from './markdown-inline.js';

export { MAX_INLINE_NESTING, parseInline, type MdInline } from './markdown-inline.js';
export { decodeEntities, MAX_URL_LENGTH, safeLink, type SafeLink } from './markdown-links.js';

// The rule for direction controls is the core's, shared by every widget (re-exported here for the
// thread's public API).
export { stripBidi } from '../../core/protocol/text.js';

/** Block nodes. */
export type MdBlock =
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'codeblock'; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { type: 'blockquote'; children: MdBlock[] };

/** Deepest nesting of block quotes and lists; deeper markers stay literal text. */
export const MAX_BLOCK_NESTING = 4;

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const QUOTE = /^ {0,3}> ?/;
const BULLET = /^( {0,3})([-*+])( +|\t|$)/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])( +|\t|$)/;
const isBlank = (line: string): boolean => line.trim() === '';

interface ListMarker {
  ordered: boolean;
  start: number;
  /** Column where the item's content starts (continuation lines are indented at least this far). */
  indent: number;
  content: string;
  /** `-`, `*`, `+`, `.` or `)`: items of one list share it. */
  bullet: string;
}

function listMarker(line: string): ListMarker | null {
  const b = BULLET.exec(line);
  if (b) {
    const indent = b[1]!.length + 1 + Math.max(1, Math.min(b[3]!.length, 4));
    return { ordered: false, start: 1, indent, content: line.slice(b[0].length), bullet: b[2]! };
  }
  const o = ORDERED.exec(line);
  if (o) {
    const indent = o[1]!.length + o[2]!.length + 1 + Math.max(1, Math.min(o[4]!.length, 4));
    return { ordered: true, start: Number(o[2]), indent, content: line.slice(o[0].length), bullet: o[3]! };
  }
  return null;
}

const startsBlock = (line: string, depth: number): boolean =>
  FENCE.test(line) || (depth < MAX_BLOCK_NESTING && (QUOTE.test(line) || listMarker(line) !== null));

function dedent(line: string, n: number): string {
  let i = 0;
  while (i < n && i < line.length && line[i] === ' ') i++;
  return line.slice(i);
}

function parseBlocks(lines: string[], depth: number): MdBlock[] {
  const blocks: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const indent = fence[1]!.length;
      const mark = fence[2]!;
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const l = lines[i]!;
        const t = l.trimStart();
        if (
          l.length - t.length < 4 &&
          t.startsWith(mark[0]!.repeat(mark.length)) &&
          t.replace(/[`~]/g, '').trim() === '' &&
          t[0] === mark[0]
        ) {
          i++;
          break;
        }
        body.push(dedent(l, indent));
        i++;
      }
      blocks.push({ type: 'codeblock', text: body.join('\n') });
      continue;
    }
    if (depth < MAX_BLOCK_NESTING && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) {
        inner.push(lines[i]!.replace(QUOTE, ''));
        i++;
      }
      blocks.push({ type: 'blockquote', children: parseBlocks(inner, depth + 1) });
      continue;
    }
    const first = depth < MAX_BLOCK_NESTING ? listMarker(line) : null;
    if (first) {
      const items: MdBlock[][] = [];
      let item: string[] = [first.content];
      let indent = first.indent;
      i++;
      while (i < lines.length) {
        const l = lines[i]!;
        if (isBlank(l)) {
          // A blank line ends the list unless the next line continues it.
          const next = lines[i + 1];
          const m = next !== undefined ? listMarker(next) : null;
          if (next !== undefined && m && m.ordered === first.ordered && m.bullet === first.bullet) {
            item.push('');
            i++;
            continue;
          }
          if (next !== undefined && !isBlank(next) && next.length - next.trimStart().length >= indent) {
            item.push('');
            i++;
            continue;
          }
          break;
        }
        const m = listMarker(l);
        if (m && l.length - l.trimStart().length < indent) {
          if (m.ordered !== first.ordered || m.bullet !== first.bullet) break;
          items.push(parseBlocks(item, depth + 1));
          item = [m.content];
          indent = m.indent;
          i++;
          continue;
        }
        if (l.length - l.trimStart().length >= indent) {
          item.push(dedent(l, indent));
          i++;
          continue;
        }
        if (startsBlock(l, depth)) break;
        item.push(l); // lazy continuation of the item's paragraph
        i++;
      }
      items.push(parseBlocks(item, depth + 1));
      blocks.push({ type: 'list', ordered: first.ordered, start: first.start, items });
      continue;
    }
    const para: string[] = [line];
    i++;
    while (i < lines.length && !isBlank(lines[i]!) && !startsBlock(lines[i]!, depth)) {
      para.push(lines[i]!);
      i++;
    }
    blocks.push({ type: 'paragraph', children: parseInline(para.map((l) => l.trim()).join('\n')) });
  }
  return blocks;
}

/** Parses post source into blocks. Linear in the length of `source`. */
export function parseMarkdown(source: string): MdBlock[] {
  if (typeof source !== 'string' || source === '') return [];
  return parseBlocks(source.split(/\r\n|\r|\n/), 0);
}

/** Plain text of a block list (for previews, quotes and accessible names). */
export function plainText(blocks: MdBlock[]): string {
  const parts: string[] = [];
  const inline = (nodes: MdInline[]) => {
    for (const n of nodes) {
      if (n.type === 'text' || n.type === 'code') parts.push(n.text);
      else if (n.type === 'break') parts.push(' ');
      else inline(n.children);
    }
  };
  const walk = (bs: MdBlock[]) => {
    for (const b of bs) {
      if (b.type === 'paragraph') inline(b.children);
      else if (b.type === 'codeblock') parts.push(b.text);
      else if (b.type === 'blockquote') walk(b.children);
      else for (const item of b.items) walk(item);
      parts.push(' ');
    }
  };
  walk(blocks);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
