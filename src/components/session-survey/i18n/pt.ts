import type { SurveyStrings } from './en.js';

/** Portuguese strings of <pk-session-survey> (Brazilian). */
export const pt: SurveyStrings = {
  surveyCannotShow: 'Não é possível exibir esta pesquisa',
  surveyLoading: 'Carregando a pesquisa…',
  surveyRequired: '(obrigatória)',
  surveyPageOf: (p, f) => `Página ${f.num(p.n)} de ${f.num(p.m)}`,
  surveyProgress: 'Progresso da pesquisa',
  surveyBack: 'Voltar',
  surveyNext: 'Avançar',
  surveySubmit: 'Enviar respostas',
  surveyUpdate: 'Enviar alterações',
  surveyFixErrors: (p, f) =>
    f.plural(p.n, {
      one: 'Confira # resposta nesta página.',
      many: 'Confira # de respostas nesta página.',
      other: 'Confira # respostas nesta página.',
    }),
  surveyErrRequired: 'Esta pergunta precisa de uma resposta.',
  surveyErrRankOrder:
    'A sua ordenação ainda não foi feita: coloque os itens pela sua ordem ou escolha «Manter esta ordem» se já estiver certa.',
  surveyErrRows: 'Responda a todas as linhas.',
  surveyErrMinChoices: (p, f) =>
    f.plural(p.n, { one: 'Escolha pelo menos # opção.', many: 'Escolha pelo menos # de opções.', other: 'Escolha pelo menos # opções.' }),
  surveyErrMaxChoices: (p, f) =>
    f.plural(p.n, { one: 'Escolha no máximo # opção.', many: 'Escolha no máximo # de opções.', other: 'Escolha no máximo # opções.' }),
  surveyErrMinLength: (p, f) =>
    f.plural(p.n, {
      one: 'Escreva pelo menos # caractere.',
      many: 'Escreva pelo menos # de caracteres.',
      other: 'Escreva pelo menos # caracteres.',
    }),
  surveyErrMaxLength: (p, f) =>
    f.plural(p.n, {
      one: 'Escreva no máximo # caractere.',
      many: 'Escreva no máximo # de caracteres.',
      other: 'Escreva no máximo # caracteres.',
    }),
  surveyErrInvalid: 'Esta resposta não corresponde à pergunta; escolha de novo.',
  surveyStars: (p, f) =>
    f.plural(p.n, { one: `# estrela de ${f.num(p.m)}`, many: `# de estrelas de ${f.num(p.m)}`, other: `# estrelas de ${f.num(p.m)}` }),
  surveyNpsLow: 'Nada provável',
  surveyNpsHigh: 'Extremamente provável',
  surveyChooseUpTo: (p, f) => f.plural(p.n, { one: 'Escolha # opção.', many: 'Escolha até # de opções.', other: 'Escolha até # opções.' }),
  surveyRankHint: 'Ordene os itens com os botões de mover; o primeiro da lista é sua primeira escolha.',
  surveyMoveUp: (p) => `Mover ${p.value} para cima`,
  surveyMoveDown: (p) => `Mover ${p.value} para baixo`,
  surveyMoved: (p, f) => `${p.value} agora está na posição ${f.num(p.n)} de ${f.num(p.m)}.`,
  surveyKeepOrder: 'Manter esta ordem',
  surveyThanks: 'Obrigado! Suas respostas foram enviadas.',
  surveyQueued: 'Suas respostas foram salvas neste dispositivo e serão enviadas quando a conexão voltar.',
  surveySending: 'Enviando suas respostas…',
  surveyEdit: 'Alterar minhas respostas',
  surveyClosed: 'Esta pesquisa está encerrada.',
  surveyDraftSaved: 'Rascunho salvo neste dispositivo',
  surveyLoadingResults: 'Carregando os resultados…',
  surveyResultsFailed: 'Não foi possível carregar os resultados. Verifique a conexão e recarregue a página.',
  surveyErrAlreadySubmitted: 'Você já enviou esta pesquisa; as respostas não podem ser alteradas.',
  surveyErrClosed: 'Esta pesquisa está encerrada; suas respostas não foram enviadas.',
  surveyErrInvalidAnswer: 'Uma das suas respostas não corresponde a esta pesquisa; confira e envie de novo.',
  surveyErrRequiredMissing: 'Uma pergunta obrigatória está sem resposta.',
  surveyErrParticipantsOnly: 'Só participantes respondem a pesquisas.',
};
