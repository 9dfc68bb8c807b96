import type { CoreCatalog } from './en.js';

/** French core strings ("vous"; a no-break space before : ; ! ?). */
export const fr: CoreCatalog = {
  statusConnecting: 'Connexion…',
  statusOffline: 'Hors ligne\u00a0: vos actions sont enregistrées et seront envoyées dès le retour de la connexion.',
  statusFailed: 'Impossible de joindre la session.',
  queued: (p, f) =>
    f.plural(p.n, { one: '# action en attente d’envoi', many: '# d’actions en attente d’envoi', other: '# actions en attente d’envoi' }),
  actNoSession: 'Pas encore connecté à la session\u00a0: rien n’a été envoyé. Réessayez dans un instant.',
  dismiss: 'Fermer',
  pendingSaving: 'Enregistrement…',
  pendingNotSaved: 'Non enregistré sur cet appareil\u00a0: gardez cette page ouverte jusqu’à l’envoi.',
  errForbidden: 'Seul l’animateur peut faire cela.',
  errRateLimited: 'Vous allez un peu vite\u00a0; votre action sera réessayée.',
  errOutboxFull: 'Trop d’actions attendent d’être envoyées\u00a0; patientez jusqu’au retour de la connexion.',
  errGeneric: (p) => `Votre action n’a pas été acceptée\u00a0: ${p.message}`,
};
