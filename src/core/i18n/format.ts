import { pageSingleton } from '../protocol/page-singleton.js';

/** Plural forms a message may give; `other` is required (Intl.PluralRules categories). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Locale-aware formatting handed to message functions. */
export interface Fmt {
  /** BCP 47 language tag in use. */
  readonly locale: string;
  /** Formats a number in the locale's digits and grouping. */
  num(n: number): string;
  /** Formats a 0..1 ratio as a percentage. */
  percent(ratio: number): string;
  /** Picks the plural form for `n` and replaces `#` with the formatted number. */
  plural(n: number, forms: PluralForms): string;
  /** Formats a duration in seconds as m:ss. */
  duration(seconds: number): string;
}

/** The Intl constructors widgets use, by name. */
interface IntlKinds {
  NumberFormat: typeof Intl.NumberFormat;
  PluralRules: typeof Intl.PluralRules;
  DateTimeFormat: typeof Intl.DateTimeFormat;
  RelativeTimeFormat: typeof Intl.RelativeTimeFormat;
  ListFormat: typeof Intl.ListFormat;
  Segmenter: typeof Intl.Segmenter;
}

// Page-wide (§17): a poll from pulse-poll.js and a survey from session-survey.js share one cache.
const formatters = () => pageSingleton('intl', () => new Map<string, unknown>());

/**
 * The page's one `Intl[kind]` for a locale and options, built on first use. Building a formatter
 * is the costly part (the page's first NumberFormat loads ICU data: 20-90 ms measured in Chromium,
 * decisions §49), using one is cheap: widgets never build their own, and none is built before a
 * render needs it.
 */
export function intl<K extends keyof IntlKinds>(
  kind: K,
  locale: string | undefined,
  options?: ConstructorParameters<IntlKinds[K]>[1],
): InstanceType<IntlKinds[K]> {
  const cache = formatters();
  const key = `${kind} ${locale ?? ''} ${options ? JSON.stringify(options) : ''}`;
  let f = cache.get(key);
  if (!f) {
    const Ctor = Intl[kind] as unknown as new (l?: string, o?: unknown) => unknown;
    f = new Ctor(locale, options);
    cache.set(key, f);
  }
  return f as InstanceType<IntlKinds[K]>;
}

const cache = new Map<string, Fmt>();

/** Formatting helpers for a locale; each Intl object is made by the first call that needs it. */
export function fmtFor(locale: string): Fmt {
  let f = cache.get(locale);
  if (f) return f;
  const num = (n: number) => intl('NumberFormat', locale).format(n);
  f = {
    locale,
    num,
    percent: (r) => intl('NumberFormat', locale, { style: 'percent', maximumFractionDigits: 0 }).format(r),
    plural: (n, forms) => (forms[intl('PluralRules', locale).select(n)] ?? forms.other).replace('#', num(n)),
    duration: (s) => {
      const total = Math.max(0, Math.ceil(s));
      return `${num(Math.floor(total / 60))}:${intl('NumberFormat', locale, { minimumIntegerDigits: 2 }).format(total % 60)}`;
    },
  };
  cache.set(locale, f);
  return f;
}
