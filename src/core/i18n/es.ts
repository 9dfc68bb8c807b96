import type { CoreCatalog } from './en.js';

/** Spanish core strings ("tú", neutral vocabulary). */
export const es: CoreCatalog = {
  statusConnecting: 'Conectando…',
  statusOffline: 'Sin conexión: tus acciones están guardadas y se enviarán cuando vuelva la conexión.',
  statusFailed: 'No se puede acceder a la sesión.',
  queued: (p, f) =>
    f.plural(p.n, {
      one: '# acción pendiente de envío',
      many: '# de acciones pendientes de envío',
      other: '# acciones pendientes de envío',
    }),
  actNoSession: 'Aún no hay conexión con la sesión: no se ha enviado nada. Inténtalo de nuevo en un momento.',
  dismiss: 'Cerrar',
  pendingSaving: 'Guardando…',
  pendingNotSaved: 'No se guardó en este dispositivo: mantén esta página abierta hasta que se envíe.',
  errForbidden: 'Solo el facilitador puede hacerlo.',
  errRateLimited: 'Vas un poco rápido; tu acción se volverá a intentar.',
  errOutboxFull: 'Hay demasiadas acciones pendientes de envío; espera a que vuelva la conexión.',
  errGeneric: (p) => `No se aceptó tu acción: ${p.message}`,
};
