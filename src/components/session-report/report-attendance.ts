import { presentParticipants } from '../../core/protocol/presence.js';
import type { Presence } from '../../core/protocol/transport.js';
import { addAttendance, type AttendanceSample } from './report-model.js';

const storageKey = (room: string) => `pulsekit:v1:report-attendance:${room}`;

interface Stored {
  samples: AttendanceSample[];
  seen: string[];
}

/**
 * Attendance as the report sees it while it is open: no authority keeps a presence history
 * (docs/decisions.md §41), so the report samples presence itself, like the meter's timeline, and
 * keeps the samples and the participant ids it saw in localStorage per room, so a reload (or a
 * second report in the same browser) continues the curve. Storage is outside our control: what it
 * returns is checked, and without storage attendance lives as long as the page.
 */
export class AttendanceStore {
  /** Samples so far, oldest first. */
  samples: AttendanceSample[] = [];
  /** Distinct participant ids seen present. */
  seen = new Set<string>();
  #key = '';

  /** Takes a sample of `presence` at `now` (a sample per `everyMs` at most, or when the count changed). */
  sample(room: string, now: number, presence: Presence | null, everyMs: number): void {
    const key = storageKey(room);
    if (key !== this.#key) {
      this.#key = key;
      const stored = load(key);
      this.samples = stored.samples;
      this.seen = new Set(stored.seen);
    }
    const before = this.samples;
    const seenBefore = this.seen.size;
    this.samples = addAttendance(before, { at: now, present: presentParticipants(presence) }, everyMs);
    for (const a of presence?.participants ?? []) if (a.role === 'participant') this.seen.add(a.id);
    if (this.samples === before && this.seen.size === seenBefore) return;
    try {
      localStorage.setItem(key, JSON.stringify({ samples: this.samples, seen: [...this.seen] } satisfies Stored));
    } catch {
      // No storage (private mode, quota): attendance lives as long as the page.
    }
  }
}

const isSample = (s: unknown): s is AttendanceSample =>
  typeof s === 'object' &&
  s !== null &&
  Number.isFinite((s as AttendanceSample).at) &&
  ((s as AttendanceSample).present === null || Number.isFinite((s as AttendanceSample).present));

function load(key: string): Stored {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Stored>;
    return {
      samples: Array.isArray(r.samples) ? r.samples.filter(isSample) : [],
      seen: Array.isArray(r.seen) ? r.seen.filter((x): x is string => typeof x === 'string') : [],
    };
  } catch {
    return { samples: [], seen: [] };
  }
}
