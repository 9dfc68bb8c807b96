/**
 * Pure summaries of survey responses for the facilitator's results view and the CSV export: per
 * question averages, distributions, the NPS score, matrix counts and text answers. SurveyAnswers that do
 * not fit their question (a self-serve survey whose page changed) are skipped, never trusted.
 */
import { checkAnswer } from './survey-schema.js';
import type { SurveyAnswer, SurveyDefinition, SurveyQuestion, SurveyResponse } from './survey-types.js';

/** All questions of a definition, in order (here, not in the schema, so that only the results chunk carries it). */
export const allQuestions = (def: SurveyDefinition): SurveyQuestion[] => def.pages.flatMap((p) => p.questions);

/** One row of a distribution. */
export interface DistRow {
  value: string;
  label: string;
  count: number;
  /** Share of the question's answers, 0..1 (multiple choice may sum above 1). */
  share: number;
}

/** Net Promoter Score parts: promoters answer 9-10, passives 7-8, detractors 0-6. */
export interface NpsSummary {
  /** % promoters − % detractors, rounded: −100..100. */
  score: number;
  promoters: number;
  passives: number;
  detractors: number;
}

/** A matrix row's counts per scale point (index 0 = point 1). */
export interface SurveyMatrixRowStats {
  id: string;
  label: string;
  counts: number[];
  n: number;
  avg: number | null;
}

/** Summary of one question. */
export interface QuestionStats {
  q: SurveyQuestion;
  /** Number of responses that answered it. */
  n: number;
  /** rating, nps: mean answer. */
  avg?: number | null;
  /** rating, nps, single, multiple: counts per point or option. */
  dist?: DistRow[];
  nps?: NpsSummary | null;
  /** matrix */
  rows?: SurveyMatrixRowStats[];
  /** ranking: options by average position (1 = first), best first. */
  ranks?: Array<{ value: string; label: string; avg: number }>;
  /** text, longtext: the answers, newest first. */
  texts?: string[];
}

/** The answer a response gives to a question, if it fits the question. */
export function fitting(q: SurveyQuestion, r: SurveyResponse): SurveyAnswer | undefined {
  return checkAnswer({ ...q, required: false }, Object.hasOwn(r.answers, q.id) ? r.answers[q.id] : undefined).v;
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Summarizes every question of `def` over `responses`. */
export function summarize(def: SurveyDefinition, responses: SurveyResponse[]): QuestionStats[] {
  const newest = [...responses].sort((a, b) => (b.updatedAt ?? b.at) - (a.updatedAt ?? a.at));
  return allQuestions(def).map((q) => {
    const answers = newest.map((r) => fitting(q, r)).filter((a): a is SurveyAnswer => a !== undefined);
    const n = answers.length;
    const s: QuestionStats = { q, n };
    const dist = (points: Array<{ value: string; label: string }>, hits: (value: string) => number): DistRow[] =>
      points.map((p) => {
        const count = hits(p.value);
        return { ...p, count, share: n ? count / n : 0 };
      });
    switch (q.type) {
      case 'rating':
      case 'nps': {
        const nums = answers as number[];
        const lo = q.type === 'nps' ? 0 : q.min!;
        const hi = q.type === 'nps' ? 10 : q.max!;
        const points = Array.from({ length: hi - lo + 1 }, (_, i) => ({ value: String(lo + i), label: String(lo + i) }));
        s.avg = mean(nums);
        s.dist = dist(points, (v) => nums.filter((x) => String(x) === v).length);
        if (q.type === 'nps') {
          const promoters = nums.filter((x) => x >= 9).length;
          const detractors = nums.filter((x) => x <= 6).length;
          s.nps = n
            ? { score: Math.round(((promoters - detractors) / n) * 100), promoters, passives: n - promoters - detractors, detractors }
            : null;
        }
        break;
      }
      case 'single':
      case 'multiple':
        s.dist = dist(q.options!, (v) => answers.filter((a) => a === v || (Array.isArray(a) && a.includes(v))).length);
        break;
      case 'ranking':
        s.ranks = q
          .options!.map((o) => ({ ...o, avg: mean((answers as string[][]).map((a) => a.indexOf(o.value) + 1)) ?? 0 }))
          .sort((a, b) => a.avg - b.avg);
        break;
      case 'matrix':
        s.rows = q.rows!.map((row) => {
          const pts = (answers as Array<Record<string, number>>)
            .map((a) => (Object.hasOwn(a, row.id) ? a[row.id] : 0))
            .filter((x) => x > 0);
          return { ...row, counts: q.scale!.map((_, i) => pts.filter((x) => x === i + 1).length), n: pts.length, avg: mean(pts) };
        });
        break;
      default:
        s.texts = answers as string[];
    }
    return s;
  });
}
