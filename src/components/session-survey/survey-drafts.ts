import { openDB, type IDBPDatabase } from 'idb';
import type { SurveyAnswers } from './survey-types.js';

/**
 * Autosave of a participant's unsent answers, in the survey's own small IndexedDB database, keyed
 * by room + survey id + participant id. Storage failures (private modes, quota) are logged and
 * never break the form: the answers stay in memory.
 */

/** Database name of survey drafts. */
export const DRAFTS_DB = 'pulsekit-survey-drafts-v1';

/** A saved draft. */
export interface SurveyDraft {
  answers: SurveyAnswers;
  /** Position in the list of visible pages. */
  page: number;
  /** The participant was changing an already sent response. */
  editing: boolean;
  /** Browser time of the save (ms). */
  savedAt: number;
}

/** Key of a draft: room, survey id, participant id. */
export type DraftKey = [room: string, surveyId: string, participantId: string];

let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB(DRAFTS_DB, 1, {
    upgrade: (d) => void d.createObjectStore('drafts'),
    // Another tab upgrading the schema: let go so it can.
    blocking: () => {
      void db?.then((d) => d.close());
      db = null;
    },
  }).catch((err) => {
    db = null;
    throw err;
  });
  return db;
}

async function safely<T>(what: string, fn: (d: IDBPDatabase) => Promise<T>): Promise<T | null> {
  try {
    return await fn(await open());
  } catch (err) {
    console.warn(`[pulsekit] survey draft ${what} failed; answers stay in memory only:`, err);
    return null;
  }
}

/** Reads a draft; null when there is none or storage is unavailable. */
export const loadDraft = (key: DraftKey): Promise<SurveyDraft | null> =>
  safely('read', async (d) => {
    const v = (await d.get('drafts', key)) as SurveyDraft | undefined;
    return v && typeof v === 'object' && typeof v.answers === 'object' && v.answers !== null ? v : null;
  });

/** Stores a draft (replacing the previous one); resolves true once durable. */
export const saveDraft = async (key: DraftKey, draft: SurveyDraft): Promise<boolean> => (await safely('save', (d) => d.put('drafts', draft, key))) !== null;

/** Deletes a draft (after the authority accepted the response). */
export const deleteDraft = (key: DraftKey): Promise<void | null> => safely('delete', (d) => d.delete('drafts', key));
