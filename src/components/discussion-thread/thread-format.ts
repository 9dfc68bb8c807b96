/**
 * Display helpers for posts: relative times in the viewer's language (Intl.RelativeTimeFormat) and
 * time zone, and avatar initials. Pure functions of their inputs; Intl objects come from the
 * page's shared cache (core/i18n/format.ts).
 */
import { intl } from '../../core/i18n/format.js';

const rtf = (locale: string): Intl.RelativeTimeFormat => intl('RelativeTimeFormat', locale, { numeric: 'auto', style: 'long' });

/** Full date and time in the viewer's locale and time zone (for titles and old posts). */
export const absoluteTime = (at: number, locale: string): string =>
  intl('DateTimeFormat', locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * "5 minutes ago", "yesterday", "now" in `locale`. Times in the future (a clock ahead) read as now.
 * Older than four weeks: the date itself.
 */
export function relativeTime(at: number, now: number, locale: string): string {
  const seconds = Math.round((at - now) / 1000);
  const past = Math.min(0, seconds);
  if (-past < 45) return rtf(locale).format(0, 'second');
  if (-past > 28 * 24 * 3600) return absoluteTime(at, locale);
  for (const [unit, size] of UNITS) {
    if (-past >= size) return rtf(locale).format(Math.round(past / size), unit);
  }
  return rtf(locale).format(Math.min(-1, Math.round(past / 60)), 'minute');
}

/** How often relative times need refreshing, given the newest shown time. */
export const REFRESH_MS = 30_000;

/** Up to two initials of a display name (graphemes, so emoji and combining marks stay whole). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean).slice(0, 2);
  // Grapheme segmentation does not depend on the locale; one segmenter serves every post.
  const seg = typeof Intl.Segmenter === 'function' ? intl('Segmenter', undefined, { granularity: 'grapheme' }) : null;
  const first = (w: string): string => (seg ? ([...seg.segment(w)][0]?.segment ?? '') : (Array.from(w)[0] ?? ''));
  return words.map(first).join('').toLocaleUpperCase();
}

/** A stable palette slot (0-5) for an id, so a person keeps their avatar colour. */
export function hueOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 6;
}
