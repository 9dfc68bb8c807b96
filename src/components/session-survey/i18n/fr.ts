import type { SurveyStrings } from './en.js';

/** French strings of <pk-session-survey> ("vous"; a no-break space before : ; ! ?). */
export const fr: SurveyStrings = {
  surveyCannotShow: 'Impossible d’afficher ce questionnaire',
  surveyLoading: 'Chargement du questionnaire…',
  surveyRequired: '(obligatoire)',
  surveyPageOf: (p, f) => `Page ${f.num(p.n)} sur ${f.num(p.m)}`,
  surveyProgress: 'Progression du questionnaire',
  surveyBack: 'Précédent',
  surveyNext: 'Suivant',
  surveySubmit: 'Envoyer mes réponses',
  surveyUpdate: 'Envoyer les modifications',
  surveyFixErrors: (p, f) =>
    f.plural(p.n, {
      one: 'Vérifiez # réponse sur cette page.',
      many: 'Vérifiez # de réponses sur cette page.',
      other: 'Vérifiez # réponses sur cette page.',
    }),
  surveyErrRequired: 'Cette question nécessite une réponse.',
  surveyErrRankOrder:
    'Votre classement n’est pas encore fait\u00a0: placez les éléments dans votre ordre, ou choisissez «\u00a0Garder cet ordre\u00a0» s’il vous convient déjà.',
  surveyErrRows: 'Répondez à chaque ligne.',
  surveyErrMinChoices: (p, f) =>
    f.plural(p.n, {
      one: 'Choisissez au moins # option.',
      many: 'Choisissez au moins # d’options.',
      other: 'Choisissez au moins # options.',
    }),
  surveyErrMaxChoices: (p, f) =>
    f.plural(p.n, { one: 'Choisissez au plus # option.', many: 'Choisissez au plus # d’options.', other: 'Choisissez au plus # options.' }),
  surveyErrMinLength: (p, f) =>
    f.plural(p.n, {
      one: 'Écrivez au moins # caractère.',
      many: 'Écrivez au moins # de caractères.',
      other: 'Écrivez au moins # caractères.',
    }),
  surveyErrMaxLength: (p, f) =>
    f.plural(p.n, {
      one: 'Écrivez au plus # caractère.',
      many: 'Écrivez au plus # de caractères.',
      other: 'Écrivez au plus # caractères.',
    }),
  surveyErrInvalid: 'Cette réponse ne correspond pas à la question\u00a0; choisissez à nouveau.',
  surveyStars: (p, f) =>
    f.plural(p.n, { one: `# étoile sur ${f.num(p.m)}`, many: `# d’étoiles sur ${f.num(p.m)}`, other: `# étoiles sur ${f.num(p.m)}` }),
  surveyNpsLow: 'Pas du tout probable',
  surveyNpsHigh: 'Extrêmement probable',
  surveyChooseUpTo: (p, f) =>
    f.plural(p.n, { one: 'Choisissez # option.', many: 'Choisissez jusqu’à # d’options.', other: 'Choisissez jusqu’à # options.' }),
  surveyRankHint: 'Classez les éléments avec les boutons de déplacement\u00a0; celui du haut est votre premier choix.',
  surveyMoveUp: (p) => `Monter ${p.value}`,
  surveyMoveDown: (p) => `Descendre ${p.value}`,
  surveyMoved: (p, f) => `${p.value} est maintenant en position ${f.num(p.n)} sur ${f.num(p.m)}.`,
  surveyKeepOrder: 'Garder cet ordre',
  surveyThanks: 'Merci\u00a0! Vos réponses ont été envoyées.',
  surveyQueued: 'Vos réponses sont enregistrées sur cet appareil et seront envoyées dès le retour de la connexion.',
  surveySending: 'Envoi de vos réponses…',
  surveyEdit: 'Modifier mes réponses',
  surveyClosed: 'Ce questionnaire est clos.',
  surveyDraftSaved: 'Brouillon enregistré sur cet appareil',
  surveyLoadingResults: 'Chargement des résultats…',
  surveyResultsFailed: 'Les résultats n’ont pas pu se charger. Vérifiez la connexion, puis rechargez la page.',
  surveyErrAlreadySubmitted: 'Vous avez déjà envoyé ce questionnaire\u00a0; les réponses ne peuvent plus être modifiées.',
  surveyErrClosed: 'Ce questionnaire est clos\u00a0; vos réponses n’ont pas été envoyées.',
  surveyErrInvalidAnswer: 'Une de vos réponses ne correspond pas à ce questionnaire\u00a0; vérifiez-la, puis renvoyez.',
  surveyErrRequiredMissing: 'Une question obligatoire n’a pas de réponse.',
  surveyErrParticipantsOnly: 'Seuls les participants répondent aux questionnaires.',
};
