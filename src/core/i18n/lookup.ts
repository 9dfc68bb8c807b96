/**
 * Language tags: canonical form and the lookup chain that picks the closest catalog (RFC 4647 §3.4
 * "lookup": drop subtags from the end until a catalog matches).
 */

/**
 * A BCP 47 tag in canonical case (`pt-br` → `pt-BR`, `iw` → `he`), or null when it is not a
 * well-formed tag. Underscores (`pt_BR`, common in host code) count as hyphens.
 */
export function canonicalTag(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Candidate catalog keys for a tag, most specific first, lowercase: `zh-Hant-TW` → `zh-hant-tw`,
 * `zh-hant`, `zh`. A singleton left at the end (`x` of `en-x-short`) goes with its subtag.
 */
export function lookupChain(tag: string): string[] {
  const parts = tag.toLowerCase().split('-');
  const chain: string[] = [];
  while (parts.length > 0) {
    chain.push(parts.join('-'));
    parts.pop();
    while (parts.at(-1)?.length === 1) parts.pop();
  }
  return chain;
}
