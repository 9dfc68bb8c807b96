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

const cache = new Map<string, Fmt>();

/** Formatting helpers for a locale (cached: Intl objects are costly to build). */
export function fmtFor(locale: string): Fmt {
  let f = cache.get(locale);
  if (f) return f;
  const nf = new Intl.NumberFormat(locale);
  const pf = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const pr = new Intl.PluralRules(locale);
  f = {
    locale,
    num: (n) => nf.format(n),
    percent: (r) => pf.format(r),
    plural: (n, forms) => (forms[pr.select(n)] ?? forms.other).replace('#', nf.format(n)),
    duration: (s) => {
      const total = Math.max(0, Math.ceil(s));
      return `${nf.format(Math.floor(total / 60))}:${new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 }).format(total % 60)}`;
    },
  };
  cache.set(locale, f);
  return f;
}
