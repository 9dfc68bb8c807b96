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

/** Formatters made so far, by kind, locale and options. */
const made = new Map<string, unknown>();

/**
 * The one `Intl[kind]` for a locale and options, built on first use. Building a formatter is the
 * costly part (the page's first NumberFormat loads ICU data: 20-90 ms measured in Chromium,
 * decisions §49), using one is cheap: widgets never build their own, and none is built before a
 * render needs it. (Per bundle, not page-wide: a second bundle's formatters are cheap once ICU's
 * data is loaded.)
 */
export function intl<K extends keyof IntlKinds>(
  kind: K,
  locale: string | undefined,
  options?: ConstructorParameters<IntlKinds[K]>[1],
): InstanceType<IntlKinds[K]> {
  const key = kind + locale + JSON.stringify(options);
  let f = made.get(key);
  if (!f) made.set(key, (f = new (Intl[kind] as unknown as new (l?: string, o?: unknown) => unknown)(locale, options)));
  return f as InstanceType<IntlKinds[K]>;
}

const fmts = new Map<string, Fmt>();

/**
 * Languages that write numbers in Latin digits in every region (CLDR's default numbering system is
 * `latn` for all of them), where a whole number from 0 to 999 formats as its ASCII digits: no
 * grouping, no sign, no other symbol. The page's first NumberFormat costs about 15 ms of ICU set-up
 * in Chromium, as much as rendering a 50-question survey, only to print "1 star out of 5" or
 * "3 votes" (decisions §63). `ar` is not here: its digits differ by region and ICU version (§58).
 * A test checks every entry against ICU, all regions.
 */
export const LATIN_DIGIT_LANGUAGES: ReadonlySet<string> = new Set(['en', 'nl', 'de', 'fr', 'es', 'pt', 'ja']);

/** Whether `locale` writes a small whole number as ASCII digits: a listed language, no `-u-` extension (it may pick a numbering system). */
const latinDigits = (locale: string): boolean => LATIN_DIGIT_LANGUAGES.has(locale.split('-')[0]!.toLowerCase()) && !/-u-/i.test(locale);

/** Formatting helpers for a locale, one set per locale; each Intl object is built on its first use (they are costly to build). */
export function fmtFor(locale: string): Fmt {
  let f = fmts.get(locale);
  if (f) return f;
  const latin = latinDigits(locale);
  const num = (n: number) =>
    latin && Number.isInteger(n) && n >= 0 && n < 1000 && !Object.is(n, -0) ? String(n) : intl('NumberFormat', locale).format(n);
  f = {
    locale,
    num,
    // A percent rounds to whole numbers by default.
    percent: (r) => intl('NumberFormat', locale, { style: 'percent' }).format(r),
    plural: (n, forms) => (forms[intl('PluralRules', locale).select(n)] ?? forms.other).replace('#', num(n)),
    duration: (s) => {
      const total = Math.max(0, Math.ceil(s));
      // Seconds as two digits in the locale's own digits, tens then units: no formatter per call.
      return `${num(Math.floor(total / 60))}:${num(((total % 60) / 10) | 0)}${num(total % 10)}`;
    },
  };
  fmts.set(locale, f);
  return f;
}
