import type { CoreCatalog } from './en.js';

/** Portuguese core strings (Brazilian, "você"; pt-PT and other regions fall back to these). */
export const pt: CoreCatalog = {
  statusConnecting: 'Conectando…',
  statusOffline: 'Sem conexão: suas ações foram salvas e serão enviadas quando a conexão voltar.',
  statusFailed: 'Não foi possível acessar a sessão.',
  queued: (p, f) =>
    f.plural(p.n, { one: '# ação aguardando envio', many: '# de ações aguardando envio', other: '# ações aguardando envio' }),
  actNoSession: 'Ainda sem ligação à sessão: nada foi enviado. Tente de novo dentro de momentos.',
  dismiss: 'Fechar',
  pendingSaving: 'Salvando…',
  pendingNotSaved: 'Não foi salvo neste dispositivo: mantenha esta página aberta até o envio.',
  errForbidden: 'Só o facilitador pode fazer isso.',
  errRateLimited: 'Você está indo um pouco rápido; sua ação será reenviada.',
  errOutboxFull: 'Há muitas ações aguardando envio; aguarde a conexão voltar.',
  errGeneric: (p) => `Sua ação não foi aceita: ${p.message}`,
};
