import { openDatabase, request, transactionDone } from '../../core/transports/idb.js';
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

let db: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  db ??= openDatabase(DRAFTS_DB, 1, {
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

/** Runs one request on the drafts store; a write resolves once committed (durable). */
async function safely<T>(what: string, mode: IDBTransactionMode, fn: (drafts: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  try {
    const tx = (await open()).transaction('drafts', mode);
    const [result] = await Promise.all([request(fn(tx.objectStore('drafts'))), transactionDone(tx)]);
    return result;
  } catch (err) {
    console.warn(`[pulsekit] survey draft ${what} failed; answers stay in memory only:`, err);
    return null;
  }
}

/** Reads a draft; null when there is none or storage is unavailable. */
export const loadDraft = (key: DraftKey): Promise<SurveyDraft | null> =>
  safely('read', 'readonly', (drafts) => drafts.get(key) as IDBRequest<SurveyDraft | undefined>).then((v) =>
    v && typeof v === 'object' && typeof v.answers === 'object' && v.answers !== null ? v : null,
  );

/** Stores a draft (replacing the previous one); resolves true once durable. */
export const saveDraft = async (key: DraftKey, draft: SurveyDraft): Promise<boolean> =>
  (await safely('save', 'readwrite', (drafts) => drafts.put(draft, key))) !== null;

/** Deletes a draft (after the authority accepted the response). */
export const deleteDraft = (key: DraftKey): Promise<void | null> => safely('delete', 'readwrite', (drafts) => drafts.delete(key));
