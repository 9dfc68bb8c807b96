import type { CoreCatalog } from './en.js';

/** German core strings (informal "du", as in the widgets). */
export const de: CoreCatalog = {
  statusConnecting: 'Verbindung wird hergestellt…',
  statusOffline: 'Offline: Deine Aktionen sind gespeichert und werden gesendet, sobald du wieder verbunden bist.',
  statusFailed: 'Die Sitzung ist nicht erreichbar.',
  queued: (p, f) => f.plural(p.n, { one: '# Aktion wartet auf den Versand', other: '# Aktionen warten auf den Versand' }),
  actNoSession: 'Noch nicht mit der Sitzung verbunden: Es wurde nichts gesendet. Versuche es gleich noch einmal.',
  dismiss: 'Schließen',
  pendingSaving: 'Wird gespeichert…',
  pendingNotSaved: 'Nicht auf diesem Gerät gespeichert: Lass diese Seite geöffnet, bis es gesendet ist.',
  errForbidden: 'Das kann nur die Moderation.',
  errRateLimited: 'Du bist etwas schnell; deine Aktion wird gleich noch einmal versucht.',
  errOutboxFull: 'Zu viele Aktionen warten auf den Versand; bitte warte auf die Verbindung.',
  errGeneric: (p) => `Deine Aktion wurde nicht angenommen: ${p.message}`,
};
