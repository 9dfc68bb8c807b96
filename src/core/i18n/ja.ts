import type { CoreCatalog } from './en.js';

/** Japanese core strings (polite form; counts take no plural). */
export const ja: CoreCatalog = {
  statusConnecting: '接続しています…',
  statusOffline: 'オフラインです。操作は保存されており、接続が戻ると送信されます。',
  statusFailed: 'セッションに接続できません。',
  queued: (p, f) => f.plural(p.n, { other: '送信待ちの操作が#件あります' }),
  actNoSession: 'まだセッションに接続されていません。何も送信されていません。しばらくしてからもう一度お試しください。',
  dismiss: '閉じる',
  pendingSaving: '保存しています…',
  pendingNotSaved: 'この端末には保存されていません。送信されるまでこのページを開いたままにしてください。',
  errForbidden: 'この操作はファシリテーターのみ行えます。',
  errRateLimited: '操作が少し速すぎます。自動的にもう一度送信します。',
  errOutboxFull: '送信待ちの操作が多すぎます。接続が戻るまでお待ちください。',
  errGeneric: (p) => `操作が受け付けられませんでした：${p.message}`,
};
