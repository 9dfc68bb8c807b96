import type { CoreCatalog } from './en.js';

/** Dutch core strings. */
export const nl: CoreCatalog = {
  statusConnecting: 'Verbinden…',
  statusOffline: 'Offline: je acties zijn bewaard en worden verstuurd zodra je weer verbonden bent.',
  statusFailed: 'De sessie is niet bereikbaar.',
  queued: (p, f) => f.plural(p.n, { one: '# actie wacht op verzending', other: '# acties wachten op verzending' }),
  actNoSession: 'Nog niet verbonden met de sessie: er is niets verstuurd. Probeer het zo opnieuw.',
  dismiss: 'Sluiten',
  pendingSaving: 'Opslaan…',
  pendingNotSaved: 'Niet bewaard op dit apparaat: houd deze pagina open tot het verstuurd is.',
  errForbidden: 'Alleen een begeleider kan dat doen.',
  errRateLimited: 'Je gaat wat snel; je actie wordt zo opnieuw geprobeerd.',
  errOutboxFull: 'Er wachten te veel acties op verzending; wacht op de verbinding.',
  errGeneric: (p) => `Je actie is niet geaccepteerd: ${p.message}`,
};
