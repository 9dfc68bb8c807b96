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
 */

/** Inline nodes. */
export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: MdInline[] }
  | { type: 'em'; children: MdInline[] }
  | { type: 'link'; href: string; target: string; auto: boolean; children: MdInline[] };

/** Block nodes. */
export type MdBlock =
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'codeblock'; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { type: 'blockquote'; children: MdBlock[] };

/** Deepest nesting of block quotes and lists; deeper markers stay literal text. */
export const MAX_BLOCK_NESTING = 4;
/** Deepest nesting of emphasis; deeper delimiters stay literal text. */
export const MAX_INLINE_NESTING = 6;
/** Longest link target accepted. */
export const MAX_URL_LENGTH = 2048;

// ---------------------------------------------------------------------------------------------
// Unicode direction controls and links

// The rule for direction controls is the core's, shared by every widget (re-exported here for the
// thread's public API).
export { stripBidi } from '../../core/protocol/text.js';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  bsol: '\\',
  lpar: '(',
  rpar: ')',
  period: '.',
  commat: '@',
  nbsp: '\u00a0',
  num: '#',
  percnt: '%',
  excl: '!',
  quest: '?',
  equals: '=',
};

/** Decodes HTML character references (numeric and the common named ones), as a browser would. */
export function decodeEntities(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 38 /* & */) {
      out += text[i++];
      continue;
    }
    // Scan at most 32 characters for the reference: bounded work per '&'.
    let j = i + 1;
    while (j < n && j - i <= 32 && /[#A-Za-z0-9]/.test(text[j] as string)) j++;
    const body = text.slice(i + 1, j);
    let decoded: string | undefined;
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const cp = parseInt(body.slice(2), 16);
      if (body.length > 2 && /^[0-9a-fA-F]+$/.test(body.slice(2))) decoded = codePoint(cp);
    } else if (body.startsWith('#')) {
      if (body.length > 1 && /^[0-9]+$/.test(body.slice(1))) decoded = codePoint(parseInt(body.slice(1), 10));
    } else {
      const name = body.toLowerCase();
      decoded = Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : undefined;
    }
    if (decoded === undefined) {
      out += '&';
      i++;
      continue;
    }
    out += decoded;
    i = j < n && text[j] === ';' ? j + 1 : j;
  }
  return out;
}

const codePoint = (cp: number): string =>
  Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';

/** Decodes %XX escapes, leaving malformed ones as they are (never throws). */
function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** ASCII whitespace and control characters, which URL parsers drop or trim. */
// eslint-disable-next-line no-control-regex
const URL_JUNK = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** A link the renderer may show: the canonical `href`, and the real target to show beside it. */
export interface SafeLink {
  /** Serialized URL (ASCII, percent-encoded): what goes into `href`. */
  href: string;
  /** The real destination in short: the host for http(s), the address for mailto. */
  target: string;
}

/**
 * Checks a link target typed by a user. Only absolute http, https and mailto URLs pass, after
 * decoding character references (`jav&#x09;ascript:`), percent escapes (`%6Aavascript:`) and
 * dropping the whitespace and control characters browsers ignore. Returns null for anything else
 * (javascript:, data:, vbscript:, relative or malformed URLs, credentials in the URL).
 */
export function safeLink(raw: string): SafeLink | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  const decoded = decodeEntities(raw).replace(URL_JUNK, '');
  // Every decoded reading must name an allowed scheme, so an escape cannot smuggle another one in.
  let probe = decoded;
  for (let round = 0; round < 3; round++) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]{0,31}):/.exec(probe);
    if (!scheme || !ALLOWED_PROTOCOLS.has(`${scheme[1]!.toLowerCase()}:`)) return null;
    const next = percentDecode(decodeEntities(probe)).replace(URL_JUNK, '');
    if (next === probe) break;
    probe = next;
  }
  let url: URL;
  try {
    url = new URL(decoded);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol === 'mailto:') {
    const address = url.pathname;
    if (!/^[^\s@/]{1,64}@[^\s@/]{1,255}$/.test(percentDecode(address))) return null;
    return { href: url.href, target: percentDecode(address).replace(URL_JUNK, '') };
  }
  // user:password@ in a link is a classic way to disguise the real host.
  if (!url.hostname || url.username || url.password) return null;
  return { href: url.href, target: url.host };
}

// ---------------------------------------------------------------------------------------------
// Blocks

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

// ---------------------------------------------------------------------------------------------
// Inline

type Tok =
  | { k: 'text'; v: string }
  | { k: 'break' }
  | { k: 'code'; v: string }
  | { k: 'delim'; ch: string; n: number; open: boolean; close: boolean }
  | { k: 'lbr' }
  | { k: 'link'; link: SafeLink; raw: string; toks: Tok[] }
  | { k: 'auto'; link: SafeLink; raw: string };

const LBR: Tok = { k: 'lbr' };
const BREAK: Tok = { k: 'break' };
const isSpace = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\u00a0';
const WORD = /[\p{L}\p{N}]/u;
const isWord = (c: string | undefined): boolean => c !== undefined && WORD.test(c);
const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Backward pass: for each index, the first index at or after it whose char is in `stops` (or any char ≤ U+0020). */
function nextStop(s: string, stops: string): Int32Array {
  const n = s.length;
  const next = new Int32Array(n + 1);
  next[n] = n;
  for (let i = n - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    next[i] = c <= 32 || stops.includes(s[i] as string) ? i : next[i + 1]!;
  }
  return next;
}

/**
 * Reads a link destination starting at `u` (just after "]("): up to ")" with at most 4 balanced
 * "( … )" groups inside, no whitespace, no "<" or ">". Returns the index of the closing ")" or -1.
 * Constant work per call thanks to the `stop` table.
 */
function linkEnd(s: string, u: number, stop: Int32Array): number {
  let p = u;
  for (let groups = 0; groups <= 4; groups++) {
    const e = stop[p]!;
    if (e >= s.length || e - u > MAX_URL_LENGTH) return -1;
    const c = s[e];
    if (c === ')') return e;
    if (c !== '(') return -1;
    const close = stop[e + 1]!;
    if (s[close] !== ')') return -1;
    p = close + 1;
  }
  return -1;
}

function tokenize(s: string): Tok[] {
  const n = s.length;
  const toks: Tok[] = [];
  let text = '';
  let from = 0; // start of plain text not yet copied into `text`
  const take = (to: number) => {
    if (to > from) text += s.slice(from, to);
  };
  const flush = () => {
    if (text) toks.push({ k: 'text', v: text });
    text = '';
  };
  // Closing backtick runs by length, ascending, with a moving pointer per length.
  const runs = new Map<number, number[]>();
  for (let i = 0; i < n;) {
    if (s[i] === '`') {
      let j = i;
      while (j < n && s[j] === '`') j++;
      const list = runs.get(j - i) ?? [];
      list.push(i);
      runs.set(j - i, list);
      i = j;
    } else i++;
  }
  const ptr = new Map<number, number>();
  const urlStop = nextStop(s, '()<>');
  const autoStop = nextStop(s, '<>"`[]');

  let noAutoUntil = -1;
  const step = (i: number, c: string): number => {
    if (c === '\\' && i + 1 < n && PUNCT.includes(s[i + 1] as string)) {
      text += s[i + 1];
      return i + 2;
    }
    if (c === '\n') {
      let end = text.length;
      while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
      text = text.slice(0, end);
      flush();
      toks.push(BREAK);
      return i + 1;
    }
    if (c === '`') {
      let j = i;
      while (j < n && s[j] === '`') j++;
      const len = j - i;
      const list = runs.get(len) ?? [];
      let p = ptr.get(len) ?? 0;
      while (p < list.length && list[p]! < j) p++;
      ptr.set(len, p);
      if (p < list.length) {
        const q = list[p]!;
        let code = s.slice(j, q).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
        flush();
        toks.push({ k: 'code', v: code });
        return q + len;
      }
      text += s.slice(i, j);
      return j;
    }
    if (c === '*' || c === '_') {
      let j = i;
      while (j < n && s[j] === c) j++;
      const len = j - i;
      if (len > 2) {
        text += s.slice(i, j);
        return j;
      }
      const before = i > 0 ? s[i - 1] : undefined;
      const after = j < n ? s[j] : undefined;
      let open = !isSpace(after);
      let close = !isSpace(before);
      if (c === '_') {
        open = open && !isWord(before);
        close = close && !isWord(after);
      }
      flush();
      toks.push({ k: 'delim', ch: c, n: len, open, close });
      return j;
    }
    if (c === '[') {
      flush();
      toks.push(LBR);
      return i + 1;
    }
    if (c === ']' && s[i + 1] === '(') {
      const e = linkEnd(s, i + 2, urlStop);
      if (e > 0) {
        const raw = s.slice(i + 2, e);
        const link = safeLink(raw);
        flush();
        if (link) toks.push({ k: 'link', link, raw, toks: [] });
        else toks.push({ k: 'text', v: s.slice(i, e + 1) });
        return e + 1;
      }
    }
    if (c === 'h' && !isWord(s[i - 1]) && (s.startsWith('https://', i) || s.startsWith('http://', i))) {
      let e = autoStop[i]!;
      if (e - i > MAX_URL_LENGTH) e = i + MAX_URL_LENGTH;
      // Trailing punctuation belongs to the sentence, and an unbalanced ")" to the text around it.
      while (e > i && '.,:;!?\'"*_'.includes(s[e - 1] as string)) e--;
      if (s[e - 1] === ')') {
        let open = 0;
        let close = 0;
        for (let k = i; k < e; k++) {
          if (s[k] === '(') open++;
          else if (s[k] === ')') close++;
        }
        if (close > open) e--;
      }
      const raw = s.slice(i, e);
      const link = raw.length > 8 ? safeLink(raw) : null;
      if (link) {
        flush();
        toks.push({ k: 'auto', link, raw });
        return e;
      }
      // Do not look at the same stretch again: that would make "http://%http://%…" quadratic.
      noAutoUntil = e;
    }
    text += c;
    return i + 1;
  };

  let i = 0;
  while (i < n) {
    const c = s[i] as string;
    const special =
      c === '\\' ||
      c === '\n' ||
      c === '`' ||
      c === '*' ||
      c === '_' ||
      c === '[' ||
      c === ']' ||
      (c === 'h' && i >= noAutoUntil && s.startsWith('http', i));
    if (!special) {
      i++;
      continue;
    }
    take(i);
    i = step(i, c);
    from = i;
  }
  take(n);
  flush();
  return groupLinks(toks);
}

/** Pairs `[` with the link tails that follow; an unmatched tail or bracket is literal text. */
function groupLinks(toks: Tok[]): Tok[] {
  const out: Tok[] = [];
  let opener = -1; // index in `out` of the innermost usable "["
  for (const t of toks) {
    if (t.k === 'lbr') {
      opener = out.length;
      out.push(t);
      continue;
    }
    if (t.k === 'link') {
      if (opener < 0) {
        out.push({ k: 'text', v: `](${t.raw})` });
        continue;
      }
      // No links inside links: an autolink in the label is shown as text.
      const inner = out
        .splice(opener)
        .slice(1)
        .map((x): Tok => (x.k === 'auto' ? { k: 'text', v: x.raw } : x.k === 'lbr' ? { k: 'text', v: '[' } : x));
      out.push({ ...t, toks: inner });
      opener = -1;
      continue;
    }
    out.push(t);
  }
  return out;
}

const delimText = (t: { ch: string; n: number }): string => t.ch.repeat(t.n);

/**
 * Matches emphasis delimiters with one stack per kind (`*`, `**`, `_`, `__`): a closer takes the
 * nearest opener of its kind, and openers of other kinds left inside become literal. Each
 * delimiter is pushed and popped at most once.
 */
function matchEmphasis(toks: Tok[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const stacks = new Map<string, number[]>();
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.k !== 'delim') continue;
    const key = delimText(t);
    const stack = stacks.get(key);
    if (t.close && stack && stack.length > 0) {
      const o = stack.pop()!;
      pairs.set(o, i);
      for (const other of stacks.values()) while (other.length > 0 && other[other.length - 1]! > o) other.pop();
      continue;
    }
    if (t.open) {
      if (stack) stack.push(i);
      else stacks.set(key, [i]);
    }
  }
  return pairs;
}

/** Builds nodes from tokens without recursion: emphasis deeper than the cap stays literal. */
function build(toks: Tok[]): MdInline[] {
  const pairs = matchEmphasis(toks);
  const root: MdInline[] = [];
  const frames: Array<{ close: number; into: MdInline[] }> = [];
  const literal = new Set<number>();
  let into = root;
  let pieces: string[] = [];
  const pushText = (text: string) => {
    pieces.push(text);
  };
  // Adjacent text is joined once, not concatenated piece by piece.
  const settle = () => {
    if (pieces.length === 0) return;
    into.push({ type: 'text', text: pieces.length === 1 ? (pieces[0] as string) : pieces.join('') });
    pieces = [];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (frames.length > 0 && frames[frames.length - 1]!.close === i) {
      settle();
      frames.pop();
      into = frames.length > 0 ? frames[frames.length - 1]!.into : root;
      continue;
    }
    switch (t.k) {
      case 'text':
        pushText(t.v);
        break;
      case 'break':
        settle();
        into.push({ type: 'break' });
        break;
      case 'code':
        settle();
        into.push({ type: 'code', text: t.v });
        break;
      case 'lbr':
        pushText('[');
        break;
      case 'auto':
        settle();
        into.push({ type: 'link', href: t.link.href, target: t.link.target, auto: true, children: [{ type: 'text', text: t.raw }] });
        break;
      case 'link':
        settle();
        into.push({ type: 'link', href: t.link.href, target: t.link.target, auto: false, children: build(t.toks) });
        break;
      case 'delim': {
        const close = pairs.get(i);
        if (close === undefined || literal.has(i)) {
          pushText(delimText(t));
          break;
        }
        if (frames.length >= MAX_INLINE_NESTING) {
          pushText(delimText(t));
          literal.add(close);
          break;
        }
        settle();
        const node: MdInline = t.n === 2 ? { type: 'strong', children: [] } : { type: 'em', children: [] };
        into.push(node);
        into = node.children;
        frames.push({ close, into });
        break;
      }
    }
  }
  settle();
  return root;
}

/** Parses one paragraph's inline markup. Linear in the length of `text`. */
export function parseInline(text: string): MdInline[] {
  if (!text) return [];
  return build(tokenize(text));
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
