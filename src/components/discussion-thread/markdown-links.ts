/**
 * Links in posts: character references decoded as a browser would, and the check that lets only
 * absolute http, https and mailto URLs through, whatever escapes they hide behind.
 */

/** Longest link target accepted. */
export const MAX_URL_LENGTH = 2048;

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
