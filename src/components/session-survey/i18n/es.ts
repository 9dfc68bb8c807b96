import type { SurveyStrings } from './en.js';

/** Spanish strings of <pk-session-survey>. */
export const es: SurveyStrings = {
  surveyCannotShow: 'No se puede mostrar esta encuesta',
  surveyLoading: 'Cargando la encuesta…',
  surveyRequired: '(obligatoria)',
  surveyPageOf: (p, f) => `Página ${f.num(p.n)} de ${f.num(p.m)}`,
  surveyProgress: 'Progreso de la encuesta',
  surveyBack: 'Atrás',
  surveyNext: 'Siguiente',
  surveySubmit: 'Enviar respuestas',
  surveyUpdate: 'Enviar cambios',
  surveyFixErrors: (p, f) =>
    f.plural(p.n, {
      one: 'Revisa # respuesta en esta página.',
      many: 'Revisa # de respuestas en esta página.',
      other: 'Revisa # respuestas en esta página.',
    }),
  surveyErrRequired: 'Esta pregunta necesita una respuesta.',
  surveyErrRankOrder: 'Tu orden aún no está fijado: coloca los elementos en tu orden o elige «Mantener este orden» si ya es el tuyo.',
  surveyErrRows: 'Responde todas las filas.',
  surveyErrMinChoices: (p, f) =>
    f.plural(p.n, { one: 'Elige al menos # opción.', many: 'Elige al menos # de opciones.', other: 'Elige al menos # opciones.' }),
  surveyErrMaxChoices: (p, f) =>
    f.plural(p.n, { one: 'Elige como máximo # opción.', many: 'Elige como máximo # de opciones.', other: 'Elige como máximo # opciones.' }),
  surveyErrMinLength: (p, f) =>
    f.plural(p.n, {
      one: 'Escribe al menos # carácter.',
      many: 'Escribe al menos # de caracteres.',
      other: 'Escribe al menos # caracteres.',
    }),
  surveyErrMaxLength: (p, f) =>
    f.plural(p.n, {
      one: 'Escribe como máximo # carácter.',
      many: 'Escribe como máximo # de caracteres.',
      other: 'Escribe como máximo # caracteres.',
    }),
  surveyErrInvalid: 'Esta respuesta no corresponde a la pregunta; vuelve a elegir.',
  surveyStars: (p, f) =>
    f.plural(p.n, {
      one: `# estrella sobre ${f.num(p.m)}`,
      many: `# de estrellas sobre ${f.num(p.m)}`,
      other: `# estrellas sobre ${f.num(p.m)}`,
    }),
  surveyNpsLow: 'Nada probable',
  surveyNpsHigh: 'Extremadamente probable',
  surveyChooseUpTo: (p, f) =>
    f.plural(p.n, { one: 'Elige # opción.', many: 'Elige hasta # de opciones.', other: 'Elige hasta # opciones.' }),
  surveyRankHint: 'Ordena los elementos con los botones de mover; el de arriba es tu primera opción.',
  surveyMoveUp: (p) => `Subir ${p.value}`,
  surveyMoveDown: (p) => `Bajar ${p.value}`,
  surveyMoved: (p, f) => `${p.value} está ahora en la posición ${f.num(p.n)} de ${f.num(p.m)}.`,
  surveyKeepOrder: 'Mantener este orden',
  surveyThanks: '¡Gracias! Tus respuestas se enviaron.',
  surveyQueued: 'Tus respuestas están guardadas en este dispositivo y se enviarán cuando vuelva la conexión.',
  surveySending: 'Enviando tus respuestas…',
  surveyEdit: 'Cambiar mis respuestas',
  surveyClosed: 'Esta encuesta está cerrada.',
  surveyDraftSaved: 'Borrador guardado en este dispositivo',
  surveyLoadingResults: 'Cargando los resultados…',
  surveyResultsFailed: 'No se pudieron cargar los resultados. Comprueba la conexión y vuelve a cargar la página.',
  surveyErrAlreadySubmitted: 'Ya enviaste esta encuesta; las respuestas no se pueden cambiar.',
  surveyErrClosed: 'Esta encuesta está cerrada; tus respuestas no se enviaron.',
  surveyErrInvalidAnswer: 'Una de tus respuestas no corresponde a esta encuesta; revísala y vuelve a enviarla.',
  surveyErrRequiredMissing: 'Falta responder una pregunta obligatoria.',
  surveyErrParticipantsOnly: 'Solo los participantes responden encuestas.',
};
