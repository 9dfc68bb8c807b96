/**
 * Inline markup of one paragraph: **strong**, *em*, `code`, [links](…), bare URLs and line breaks.
 * Tokenized in one pass with lookup tables built by one backward pass each, then matched with
 * stacks, so every step is linear in the input; anything that does not parse stays literal text.
 */
import { MAX_URL_LENGTH, safeLink, type SafeLink } from './markdown-links.js';

/** Inline nodes. */
export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: MdInline[] }
  | { type: 'em'; children: MdInline[] }
  | { type: 'link'; href: string; target: string; auto: boolean; children: MdInline[] };

/** Deepest nesting of emphasis; deeper delimiters stay literal text. */
export const MAX_INLINE_NESTING = 6;

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
