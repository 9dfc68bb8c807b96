import type { CoreCatalog } from '../i18n/en.js';
import { sharedT, type LocalizeController } from './localize-controller.js';
import type { RejectReason } from '../protocol/wire.js';

/** Rejection codes any widget may meet, and their core string. */
const CORE_CODES: Readonly<Record<string, keyof CoreCatalog>> = {
  forbidden: 'errForbidden',
  rate_limited: 'errRateLimited',
  outbox_full: 'errOutboxFull',
};

/**
 * A rejection as a sentence the participant can read in their language. `codes` maps the widget's
 * own rejection codes to keys of its catalog (plain strings); unknown codes fall back to the
 * generic message carrying the authority's text.
 */
export function errorMessage<C extends CoreCatalog>(
  i18n: LocalizeController<C>,
  error: RejectReason,
  codes: Readonly<Record<string, keyof C>> = {},
): string {
  const key = Object.hasOwn(codes, error.code) ? codes[error.code] : Object.hasOwn(CORE_CODES, error.code) ? CORE_CODES[error.code] : null;
  const t = sharedT(i18n) as (key: keyof C | keyof CoreCatalog, params?: unknown) => string;
  return key ? t(key) : t('errGeneric', { message: error.message });
}
