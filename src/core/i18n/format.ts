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

/** Formatting helpers for a locale, one set per locale (Intl objects are costly to build). */
export function fmtFor(locale: string): Fmt {
  let f = fmts.get(locale);
  if (f) return f;
  const nf = new Intl.NumberFormat(locale);
  // A percent rounds to whole numbers by default.
  const pf = new Intl.NumberFormat(locale, { style: 'percent' });
  const pr = new Intl.PluralRules(locale);
  const num = (n: number) => nf.format(n);
  f = {
    locale,
    num,
    percent: (r) => pf.format(r),
    plural: (n, forms) => (forms[pr.select(n)] ?? forms.other).replace('#', num(n)),
    duration: (s) => {
      const total = Math.max(0, Math.ceil(s));
      // Seconds as two digits in the locale's own digits, tens then units: no formatter per call.
      return `${num(Math.floor(total / 60))}:${num(((total % 60) / 10) | 0)}${num(total % 10)}`;
    },
  };
  fmts.set(locale, f);
  return f;
}
