import { stripBidi } from '../../core/protocol/text.js';
import type { MdBlock, MdInline } from './markdown.js';

/**
 * Writes the markdown AST back as Markdown for the thread's export, as safe as the view: the file
 * holds only what the view shows. Every piece of text is escaped, so nothing a participant typed
 * becomes markup in the wiki or course page the file is pasted into: raw HTML (`<` and `>` become
 * entities, which every Markdown flavour and HTML itself read as text), link or image syntax,
 * headings, tables. The only links are the ones the parser kept (http, https, mailto, already
 * serialized by `safeLink()`), each followed by its real target as in the view. Pure.
 */

/** Characters that are Markdown syntax anywhere in a line (CommonMark, GFM tables and strikethrough). */
const INLINE_SYNTAX = /[\\`*_[\]|~]/g;
/** An entity reference could start here (`&amp;`, `&#106;`): the ampersand is written as one. */
const ENTITY_START = /&(?=[#A-Za-z])/g;
/** What would start a block at the beginning of a line: heading, quote, list item, thematic break, setext underline. */
const BLOCK_START = /^(\s*)(#|>|[-+=]|\d{1,9}[.)])/;

/** Escapes text so that Markdown (and HTML) reads it as the text it is. */
export function escapeInline(text: string): string {
  return stripBidi(text)
    .replace(ENTITY_START, '&amp;')
    .replace(INLINE_SYNTAX, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escapes the start of each line that would otherwise begin a block. */
export const escapeLineStarts = (text: string): string =>
  text
    .split('\n')
    .map((line) =>
      line.replace(BLOCK_START, (_m, space: string, mark: string) =>
        /^\d/.test(mark) ? `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${space}\\${mark}`,
      ),
    )
    .join('\n');

/** The longest run of backticks in `text`. */
function longestTicks(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** A link target fit for `(…)`: the serialized URL with the few characters that could end it encoded. */
const destination = (href: string): string =>
  href.replace(/[()<>\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

function inline(nodes: MdInline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return escapeInline(n.text);
        case 'break':
          return '\n';
        case 'code': {
          const text = stripBidi(n.text);
          const fence = '`'.repeat(longestTicks(text) + 1);
          const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
          return `${fence}${pad}${text}${pad}${fence}`;
        }
        case 'strong':
          return `**${inline(n.children)}**`;
        case 'em':
          return `*${inline(n.children)}*`;
        case 'link': {
          const label = inline(n.children).replace(/\n/g, ' ');
          return `[${label}](${destination(n.href)})${n.auto ? '' : ` (${escapeInline(n.target)})`}`;
        }
        default:
          return '';
      }
    })
    .join('');
}

function block(b: MdBlock): string {
  switch (b.type) {
    case 'paragraph':
      return escapeLineStarts(inline(b.children));
    case 'codeblock': {
      const text = stripBidi(b.text);
      const fence = '`'.repeat(Math.max(3, longestTicks(text) + 1));
      return `${fence}\n${text}\n${fence}`;
    }
    case 'blockquote':
      return blocks(b.children)
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
    case 'list':
      return b.items
        .map((item, i) => {
          const marker = b.ordered ? `${b.start + i}. ` : '- ';
          const indent = ' '.repeat(marker.length);
          const body = blocks(item)
            .split('\n')
            .map((l, k) => (k === 0 ? `${marker}${l}` : l ? `${indent}${l}` : ''))
            .join('\n');
          return body || marker.trimEnd();
        })
        .join('\n');
    default:
      return '';
  }
}

function blocks(bs: MdBlock[]): string {
  return bs.map(block).join('\n\n');
}

/** Markdown of parsed post blocks, with everything a participant typed escaped (see the module note). */
export function toSafeMarkdown(bs: MdBlock[]): string {
  return blocks(bs);
}
