import { addSample, sampleOf, type TimelineSample } from './meter-timeline.js';
import type { MeterAggregate } from './meter-types.js';

const storageKey = (room: string, id: string) => `pulsekit:v1:meter-timeline:${room}:${id}`;

/**
 * The facilitator's timeline: samples of the pulse every few seconds, kept in localStorage per room
 * and meter so a reload does not lose the session's curve. Storage is outside our control: what
 * it returns is checked, and without storage the timeline lives as long as the page.
 */
export class TimelineStore {
  /** The samples so far, oldest first. */
  samples: TimelineSample[] = [];
  #key = '';

  /** Adds a sample of `agg` when `everyMs` passed since the last one; switches storage when room or meter changed. */
  sample(room: string | null, meterId: string, now: number, agg: MeterAggregate, everyMs: number): void {
    const key = room ? storageKey(room, meterId) : '';
    if (key !== this.#key) {
      this.#key = key;
      this.samples = load(key);
    }
    const next = addSample(this.samples, sampleOf(now, agg), everyMs);
    if (next === this.samples) return;
    this.samples = next;
    try {
      if (key) localStorage.setItem(key, JSON.stringify(next));
    } catch {
      // No storage (private mode, quota): the timeline lives as long as the page.
    }
  }
}

const isRec = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

function isSample(s: unknown): s is TimelineSample {
  if (!isRec(s)) return false;
  const x = s as TimelineSample;
  return Number.isFinite(x.at) && (x.index === null || Number.isFinite(x.index)) && isRec(x.shares) && isRec(x.counts);
}

function load(key: string): TimelineSample[] {
  try {
    const raw = key ? localStorage.getItem(key) : null;
    const list: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter(isSample) : [];
  } catch {
    return [];
  }
}
