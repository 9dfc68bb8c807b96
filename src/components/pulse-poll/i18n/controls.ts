import { defineCatalog } from '../../../core/i18n/catalogs.js';
import type { Fmt } from '../../../core/i18n/format.js';

/**
 * Strings of <pk-pulse-poll>'s facilitator controls, every shipped language in one module. Only
 * the controls' chunk imports it, and only facilitators and producers load that chunk: participants
 * never download these, in any language, and a facilitator gets them all with one request (all
 * eight languages weigh less than a second request would).
 */
const en = {
  pollControls: 'Facilitator controls',
  pollOpen: 'Open poll',
  pollClose: 'Close poll',
  pollReveal: 'Reveal results',
  pollReset: 'New round',
  pollStartTimer: (p: { minutes: number }, f: Fmt) => f.plural(p.minutes, { one: 'Start #-minute timer', other: 'Start #-minute timer' }),
  pollStartTimerExact: (p: { time: string }) => `Start timer (${p.time})`,
  pollExtend: 'Add 1 minute',
  pollTimerOff: 'Turn off timer',
  pollExportCsv: 'Export all rounds (CSV)',
  pollExportJson: 'Export all rounds (JSON)',
  pollDraftNote: 'Participants see the question and wait until you open the poll.',
  pollQuorumLabel: 'Close at quorum (12 or 80%)',
  pollQuorumSet: 'Set quorum',
  pollQuorumOff: 'Remove quorum',
  pollQuorumInvalid: 'Give a number of answers (12) or a share of those present (80%).',
  pollTimerStarted: 'Timer started.',
  pollTimerStopped: 'Timer turned off.',
};

/** Shape of the controls' strings, in every locale. */
export type ControlsStrings = typeof en;

/** Dutch. */
const nl: ControlsStrings = {
  pollControls: 'Bediening voor de begeleider',
  pollOpen: 'Peiling openen',
  pollClose: 'Peiling sluiten',
  pollReveal: 'Resultaten tonen',
  pollReset: 'Nieuwe ronde',
  pollStartTimer: (p, f) => `Timer van ${f.num(p.minutes)} min starten`,
  pollStartTimerExact: (p) => `Timer starten (${p.time})`,
  pollExtend: '1 minuut erbij',
  pollTimerOff: 'Timer uitzetten',
  pollExportCsv: 'Alle rondes exporteren (CSV)',
  pollExportJson: 'Alle rondes exporteren (JSON)',
  pollDraftNote: 'Deelnemers zien de vraag en wachten tot je de peiling opent.',
  pollQuorumLabel: 'Sluiten bij quorum (12 of 80%)',
  pollQuorumSet: 'Quorum instellen',
  pollQuorumOff: 'Quorum weghalen',
  pollQuorumInvalid: 'Geef een aantal antwoorden (12) of een deel van de aanwezigen (80%).',
  pollTimerStarted: 'Timer gestart.',
  pollTimerStopped: 'Timer uitgezet.',
};

/** Arabic. */
const ar: ControlsStrings = {
  pollControls: 'أدوات الميسّر',
  pollOpen: 'فتح الاستطلاع',
  pollClose: 'إغلاق الاستطلاع',
  pollReveal: 'كشف النتائج',
  pollReset: 'جولة جديدة',
  pollStartTimer: (p, f) => `بدء مؤقت ${f.num(p.minutes)} دقيقة`,
  pollStartTimerExact: (p) => `بدء المؤقت (${p.time})`,
  pollExtend: 'إضافة دقيقة',
  pollTimerOff: 'إيقاف المؤقت',
  pollExportCsv: 'تصدير كل الجولات (CSV)',
  pollExportJson: 'تصدير كل الجولات (JSON)',
  pollDraftNote: 'يرى المشاركون السؤال وينتظرون حتى تفتح الاستطلاع.',
  pollQuorumLabel: 'الإغلاق عند النصاب (12 أو 80%)',
  pollQuorumSet: 'تعيين النصاب',
  pollQuorumOff: 'إزالة النصاب',
  pollQuorumInvalid: 'أدخل عدد الإجابات (12) أو نسبة من الحاضرين (80%).',
  pollTimerStarted: 'بدأ المؤقت.',
  pollTimerStopped: 'أُوقف المؤقت.',
};

/** German. */
const de: ControlsStrings = {
  pollControls: 'Steuerung für die Moderation',
  pollOpen: 'Abstimmung öffnen',
  pollClose: 'Abstimmung beenden',
  pollReveal: 'Ergebnisse zeigen',
  pollReset: 'Neue Runde',
  pollStartTimer: (p, f) => f.plural(p.minutes, { one: 'Timer für # Minute starten', other: 'Timer für # Minuten starten' }),
  pollStartTimerExact: (p) => `Timer starten (${p.time})`,
  pollExtend: '1 Minute hinzufügen',
  pollTimerOff: 'Timer ausschalten',
  pollExportCsv: 'Alle Runden exportieren (CSV)',
  pollExportJson: 'Alle Runden exportieren (JSON)',
  pollDraftNote: 'Teilnehmende sehen die Frage und warten, bis du die Abstimmung öffnest.',
  pollQuorumLabel: 'Bei Quorum beenden (12 oder 80%)',
  pollQuorumSet: 'Quorum festlegen',
  pollQuorumOff: 'Quorum entfernen',
  pollQuorumInvalid: 'Gib eine Anzahl Antworten (12) oder einen Anteil der Anwesenden (80%) an.',
  pollTimerStarted: 'Timer gestartet.',
  pollTimerStopped: 'Timer ausgeschaltet.',
};

/** French. */
const fr: ControlsStrings = {
  pollControls: 'Commandes de l’animateur',
  pollOpen: 'Ouvrir le sondage',
  pollClose: 'Clore le sondage',
  pollReveal: 'Dévoiler les résultats',
  pollReset: 'Nouveau tour',
  pollStartTimer: (p, f) => `Lancer un minuteur de ${f.num(p.minutes)}\u00a0min`,
  pollStartTimerExact: (p) => `Lancer le minuteur (${p.time})`,
  pollExtend: 'Ajouter 1\u00a0minute',
  pollTimerOff: 'Désactiver le minuteur',
  pollExportCsv: 'Exporter tous les tours (CSV)',
  pollExportJson: 'Exporter tous les tours (JSON)',
  pollDraftNote: 'Les participants voient la question et attendent que vous ouvriez le sondage.',
  pollQuorumLabel: 'Clore au quorum (12 ou 80%)',
  pollQuorumSet: 'Définir le quorum',
  pollQuorumOff: 'Retirer le quorum',
  pollQuorumInvalid: 'Indiquez un nombre de réponses (12) ou une part des présents (80%).',
  pollTimerStarted: 'Minuteur lancé.',
  pollTimerStopped: 'Minuteur désactivé.',
};

/** Spanish. */
const es: ControlsStrings = {
  pollControls: 'Controles del facilitador',
  pollOpen: 'Abrir votación',
  pollClose: 'Cerrar votación',
  pollReveal: 'Mostrar resultados',
  pollReset: 'Nueva ronda',
  pollStartTimer: (p, f) => `Iniciar temporizador de ${f.num(p.minutes)} min`,
  pollStartTimerExact: (p) => `Iniciar temporizador (${p.time})`,
  pollExtend: 'Añadir 1 minuto',
  pollTimerOff: 'Desactivar temporizador',
  pollExportCsv: 'Exportar todas las rondas (CSV)',
  pollExportJson: 'Exportar todas las rondas (JSON)',
  pollDraftNote: 'Los participantes ven la pregunta y esperan a que abras la votación.',
  pollQuorumLabel: 'Cerrar con quórum (12 o 80%)',
  pollQuorumSet: 'Fijar quórum',
  pollQuorumOff: 'Quitar quórum',
  pollQuorumInvalid: 'Indica un número de respuestas (12) o una parte de los presentes (80%).',
  pollTimerStarted: 'Temporizador iniciado.',
  pollTimerStopped: 'Temporizador desactivado.',
};

/** Portuguese (Brazilian). */
const pt: ControlsStrings = {
  pollControls: 'Controles do facilitador',
  pollOpen: 'Abrir enquete',
  pollClose: 'Encerrar enquete',
  pollReveal: 'Mostrar resultados',
  pollReset: 'Nova rodada',
  pollStartTimer: (p, f) => `Iniciar cronômetro de ${f.num(p.minutes)} min`,
  pollStartTimerExact: (p) => `Iniciar cronômetro (${p.time})`,
  pollExtend: 'Adicionar 1 minuto',
  pollTimerOff: 'Desligar cronômetro',
  pollExportCsv: 'Exportar todas as rodadas (CSV)',
  pollExportJson: 'Exportar todas as rodadas (JSON)',
  pollDraftNote: 'Os participantes veem a pergunta e esperam você abrir a enquete.',
  pollQuorumLabel: 'Encerrar com quórum (12 ou 80%)',
  pollQuorumSet: 'Definir quórum',
  pollQuorumOff: 'Remover quórum',
  pollQuorumInvalid: 'Informe um número de respostas (12) ou uma parte dos presentes (80%).',
  pollTimerStarted: 'Temporizador iniciado.',
  pollTimerStopped: 'Temporizador desligado.',
};

/** Japanese. */
const ja: ControlsStrings = {
  pollControls: 'ファシリテーター用の操作',
  pollOpen: '投票を開始',
  pollClose: '投票を締め切る',
  pollReveal: '結果を公開',
  pollReset: '新しいラウンド',
  pollStartTimer: (p, f) => `${f.num(p.minutes)}分のタイマーを開始`,
  pollStartTimerExact: (p) => `タイマーを開始（${p.time}）`,
  pollExtend: '1分延長',
  pollTimerOff: 'タイマーをオフ',
  pollExportCsv: '全ラウンドをエクスポート（CSV）',
  pollExportJson: '全ラウンドをエクスポート（JSON）',
  pollDraftNote: '参加者には質問が表示され、投票を開始するまで待機します。',
  pollQuorumLabel: '定足数で締め切る（12 または 80%）',
  pollQuorumSet: '定足数を設定',
  pollQuorumOff: '定足数を解除',
  pollQuorumInvalid: '回答数（12）または出席者の割合（80%）を入力してください。',
  pollTimerStarted: 'タイマーを開始しました。',
  pollTimerStopped: 'タイマーを止めました。',
};

/**
 * The controls' strings in every shipped language, bundled (a test checks every shipped locale is
 * here), with what hosts register for 'pulse-poll' merged in like every catalog.
 */
export const controlsStrings = defineCatalog('pulse-poll', en, {}, { nl, de, fr, es, pt, ar, ja });
