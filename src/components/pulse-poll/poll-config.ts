/**
 * A poll's configuration: the limits every poll keeps, the check of a config a facilitator opens
 * (and of one a client receives in an `open` event), and its clean and readable copies.
 */
import { isObj } from '../../core/protocol/records.js';
import { stripBidi } from '../../core/protocol/text.js';
import type { PollConfig, PollKind, PollOption, PollResultsMode } from './poll-types.js';

/** Limits the model enforces. */
export const POLL_LIMITS = {
  /** Most options a single/multiple poll may have, and most choices in one vote. */
  maxOptions: 20,
  maxChoices: 20,
  /** Longest option value / choice string. */
  maxValueLength: 200,
  /** Longest text answer after normalization. */
  maxTextLength: 140,
  maxQuestionLength: 500,
  maxLabelLength: 200,
  /** Most steps between a scale's min and max. */
  maxScaleSpan: 20,
  /** Longest timer or extension, in seconds (one day). */
  maxTimerSeconds: 86_400,
  /** Longest extension one participant's "more time" may add, in seconds. */
  maxMoreTime: 300,
  /** Most "more time" requests granted on one timer (WCAG 2.2.1 asks for at least ten extensions). */
  maxTimeAsks: 10,
  /** Finished rounds kept in `history`. */
  historyRounds: 20,
} as const;

const KINDS: readonly PollKind[] = ['single', 'multiple', 'scale', 'text'];
const RESULT_MODES: readonly PollResultsMode[] = ['live', 'after-vote', 'after-close', 'hidden'];

/** True for one of the four poll kinds. */
export const isKind = (v: unknown): v is PollKind => typeof v === 'string' && (KINDS as readonly string[]).includes(v);
/** True for a list of strings. */
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Scale points of a scale config, min to max; empty for other kinds or a broken range. */
export function scalePoints(config: PollConfig | null): number[] {
  if (!config || config.kind !== 'scale') return [];
  const { min, max } = config;
  if (!Number.isInteger(min) || !Number.isInteger(max) || (max as number) < (min as number)) return [];
  const points: number[] = [];
  for (let v = min as number; v <= (max as number) && points.length <= POLL_LIMITS.maxScaleSpan; v++) points.push(v);
  return points;
}

const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/**
 * Returns a specific English message when `cfg` is not a usable poll configuration, otherwise null.
 * Also used on `open` events a client receives, so a broken backend cannot install a broken poll.
 * Messages name settings as authors write them, the element's attributes (`max-choices`, not the
 * config's `maxChoices`): the element shows them as its authoring errors.
 */
export function validatePollConfig(cfg: unknown): string | null {
  if (!isObj(cfg)) return 'The poll configuration must be an object.';
  if (typeof cfg.question !== 'string' || cfg.question.trim() === '') return 'The poll needs a question.';
  if (cfg.question.length > POLL_LIMITS.maxQuestionLength) {
    return `The question is too long: at most ${POLL_LIMITS.maxQuestionLength} characters.`;
  }
  if (!isKind(cfg.kind)) return `Unknown poll kind "${String(cfg.kind)}": use single, multiple, scale or text.`;
  const kind = cfg.kind;
  const options = cfg.options === undefined ? [] : cfg.options;
  if (!Array.isArray(options)) return 'The options must be a list.';
  if ((kind === 'single' || kind === 'multiple') && options.length === 0) {
    return `A ${kind === 'single' ? 'single-choice' : 'multiple-choice'} poll needs at least one option.`;
  }
  if (options.length > POLL_LIMITS.maxOptions) return `A poll can have at most ${POLL_LIMITS.maxOptions} options.`;
  const seen = new Set<string>();
  for (const [i, o] of options.entries()) {
    if (!isObj(o) || typeof o.value !== 'string' || typeof o.label !== 'string') {
      return `Option ${i + 1} needs a text value and a text label.`;
    }
    if (o.value.length < 1 || o.value.length > POLL_LIMITS.maxValueLength) {
      return `Option ${i + 1} needs a value of 1-${POLL_LIMITS.maxValueLength} characters.`;
    }
    if (o.label.length > POLL_LIMITS.maxLabelLength) {
      return `The label of option ${i + 1} is too long: at most ${POLL_LIMITS.maxLabelLength} characters.`;
    }
    if (seen.has(o.value)) return `Two options have the same value "${o.value}"; each value must be unique.`;
    seen.add(o.value);
  }
  if (kind === 'scale') {
    const { min, max } = cfg;
    if (typeof min !== 'number' || typeof max !== 'number' || !Number.isInteger(min) || !Number.isInteger(max)) {
      return 'A scale needs whole numbers for its minimum and maximum.';
    }
    if (min >= max) return `The scale minimum (${min}) must be below its maximum (${max}).`;
    if (max - min > POLL_LIMITS.maxScaleSpan) {
      return `A scale can span at most ${POLL_LIMITS.maxScaleSpan} steps; ${min} to ${max} spans ${max - min}.`;
    }
    for (const o of options as PollOption[]) {
      const n = Number(o.value);
      if (!/^-?\d+$/.test(o.value) || n < min || n > max) {
        return `Scale option "${o.value}" is not a point between ${min} and ${max}.`;
      }
    }
  }
  if (cfg.maxChoices !== undefined) {
    const m = cfg.maxChoices;
    if (kind === 'multiple') {
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > options.length) {
        return `max-choices must be a whole number from 1 to ${options.length} (the number of options).`;
      }
    } else if (kind === 'text') {
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > POLL_LIMITS.maxChoices) {
        return `max-choices must be a whole number from 1 to ${POLL_LIMITS.maxChoices} for a text poll.`;
      }
    } else if (m !== 1) {
      return `A ${kind === 'single' ? 'single-choice' : 'scale'} poll takes exactly one answer; leave max-choices out.`;
    }
  }
  if (!optionalString(cfg.minLabel) || !optionalString(cfg.maxLabel)) return 'Scale end labels must be text.';
  if (typeof cfg.allowChange !== 'boolean') return 'allow-change must be true or false.';
  if (typeof cfg.anonymous !== 'boolean') return 'anonymous must be true or false.';
  if (!(RESULT_MODES as readonly unknown[]).includes(cfg.results)) {
    return `Unknown results mode "${String(cfg.results)}": use live, after-vote, after-close or hidden.`;
  }
  return null;
}

/**
 * A clean copy of a valid config: only known fields, so nothing else rides along into storage.
 * `text` rewrites its question and labels (see `readableConfig`).
 */
export function cleanConfig(cfg: PollConfig, text = (s: string): string => s): PollConfig {
  const out: PollConfig = {
    question: text(cfg.question),
    kind: cfg.kind,
    options: (cfg.options ?? []).map((o) => ({ value: o.value, label: text(o.label) })),
    allowChange: cfg.allowChange,
    anonymous: cfg.anonymous,
    results: cfg.results,
  };
  if (cfg.maxChoices !== undefined) out.maxChoices = cfg.maxChoices;
  if (cfg.min !== undefined) out.min = cfg.min;
  if (cfg.max !== undefined) out.max = cfg.max;
  if (cfg.minLabel !== undefined) out.minLabel = text(cfg.minLabel);
  if (cfg.maxLabel !== undefined) out.maxLabel = text(cfg.maxLabel);
  return out;
}

/** A config as people read it: its question and labels through the core's rule for typed text (`stripBidi`). */
export const readableConfig = (cfg: PollConfig): PollConfig => cleanConfig(cfg, stripBidi);
