/**
 * What people type into a thread, cleaned: post bodies and the participants they mention.
 */
import { isObj } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import { isId, THREAD_LIMITS } from './thread-state.js';
import type { Mention } from './thread-types.js';

/** C0/C1 controls except tab and newline. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Unpaired surrogates (they would make the JSON of an op grow sixfold). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Cleans a post body: line endings to `\n`, direction overrides and control characters removed,
 * unpaired surrogates replaced, Unicode NFC, trailing whitespace and leading blank lines dropped.
 */
export function cleanBody(text: string): string {
  const s = stripBidi(text.replace(/\r\n?/g, '\n')).replace(CONTROLS, '').replace(LONE_SURROGATE, '\ufffd').normalize('NFC');
  let start = 0;
  // Leading blank lines only (the first line's indentation may matter, for code).
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\n') start = i + 1;
    else if (c !== ' ' && c !== '\t') break;
  }
  return s.slice(start).trimEnd();
}

/** The mentions of a post, cleaned and without repeats; null when they are not a usable list. */
export function cleanMentions(v: unknown): Mention[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > THREAD_LIMITS.maxMentions) return null;
  const out: Mention[] = [];
  const seen = new Set<string>();
  for (const m of v) {
    if (!isObj(m) || !isId(m.id) || typeof m.name !== 'string' || m.name.length > 80) return null;
    const name = stripBidi(m.name).replace(CONTROLS, '').trim();
    if (!name || seen.has(m.id)) continue;
    seen.add(m.id);
    out.push({ id: m.id, name });
  }
  return out;
}
