import { isObj } from '../../core/protocol/records.js';
import type { MeterStrings } from './i18n/en.js';
import { METER_LIMITS } from './meter-model.js';
import type { MeterSignal } from './meter-types.js';

/** A built-in signal: its kind, catalog key, weight or symbol. */
interface BuiltIn {
  kind: 'state' | 'reaction';
  key: keyof MeterStrings;
  weight?: number;
  symbol?: string;
}

/** Built-in signals, with labels in every shipped catalog. */
export const BUILT_IN_SIGNALS: Readonly<Record<string, BuiltIn>> = {
  'got-it': { kind: 'state', key: 'meterStateGotIt', weight: 1 },
  confused: { kind: 'state', key: 'meterStateConfused', weight: -1 },
  'too-fast': { kind: 'state', key: 'meterStateTooFast', weight: -0.5 },
  'too-slow': { kind: 'state', key: 'meterStateTooSlow', weight: -0.5 },
  away: { kind: 'state', key: 'meterStateAway', weight: -1 },
  'thumbs-up': { kind: 'reaction', key: 'meterReactThumbsUp', symbol: '👍' },
  clap: { kind: 'reaction', key: 'meterReactClap', symbol: '👏' },
  laugh: { kind: 'reaction', key: 'meterReactLaugh', symbol: '😄' },
  wow: { kind: 'reaction', key: 'meterReactWow', symbol: '😮' },
  heart: { kind: 'reaction', key: 'meterReactHeart', symbol: '❤️' },
};

/** The default signal set. */
export const DEFAULT_SIGNALS = 'got-it confused too-fast too-slow away thumbs-up clap laugh wow';

/** A signal ready for the view: built-ins filled in. */
export interface ResolvedSignal extends MeterSignal {
  weight: number;
  /** Catalog key of a built-in label, when the author gave none. */
  key?: keyof MeterStrings;
}

/** The signal set of a meter, or the authoring problem that stops it. */
export interface SignalSet {
  states: ResolvedSignal[];
  reactions: ResolvedSignal[];
  problem: string | null;
}

/**
 * Reads the `signals` attribute (space-separated built-in names) or property (a list of names or
 * `MeterSignal` objects). Custom names need a kind and a label; weights are -1..1.
 */
export function resolveSignals(value: string | ReadonlyArray<string | MeterSignal> | null | undefined): SignalSet {
  const set: SignalSet = { states: [], reactions: [], problem: null };
  const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : (value ?? DEFAULT_SIGNALS.split(' '));
  if (!Array.isArray(list) && typeof value !== 'string')
    return { ...set, problem: 'signals must be a space-separated list of names or a list of signal objects.' };
  const seen = new Set<string>();
  const bad = (problem: string): SignalSet => ({ states: [], reactions: [], problem });
  for (const item of list) {
    const raw: Partial<MeterSignal> = typeof item === 'string' ? { name: item } : isObj(item) ? (item as Partial<MeterSignal>) : {};
    const name = raw.name;
    if (typeof name !== 'string' || !METER_LIMITS.namePattern.test(name)) {
      return bad(`signals: "${String(name ?? item)}" is not a signal name (lowercase letters, digits and dashes, starting with a letter).`);
    }
    if (seen.has(name)) return bad(`signals: "${name}" is listed twice.`);
    seen.add(name);
    const builtIn = Object.hasOwn(BUILT_IN_SIGNALS, name) ? BUILT_IN_SIGNALS[name] : undefined;
    const kind = raw.kind ?? builtIn?.kind;
    if (kind !== 'state' && kind !== 'reaction') {
      return bad(
        builtIn || raw.kind !== undefined
          ? `signals: "${name}" needs kind "state" or "reaction".`
          : `signals: unknown signal "${name}". Use built-in names (${Object.keys(BUILT_IN_SIGNALS).join(', ')}) or set the signals property with { name, kind, label }.`,
      );
    }
    const label = raw.label;
    const labelOk =
      typeof label === 'string'
        ? label.trim() !== ''
        : isObj(label) && Object.values(label).some((l) => typeof l === 'string' && l.trim() !== '');
    if (label !== undefined && !labelOk) return bad(`signals: the label of "${name}" must be text or texts by language.`);
    if (!labelOk && !builtIn) return bad(`signals: the custom signal "${name}" needs a label.`);
    const weight = raw.weight ?? builtIn?.weight ?? 0;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < -1 || weight > 1)
      return bad(`signals: the weight of "${name}" must be a number from -1 to 1.`);
    const resolved: ResolvedSignal = { name, kind, weight };
    if (labelOk) resolved.label = label;
    else if (builtIn) resolved.key = builtIn.key;
    const symbol = raw.symbol ?? builtIn?.symbol;
    if (symbol !== undefined) {
      if (typeof symbol !== 'string' || symbol.length > 16) return bad(`signals: the symbol of "${name}" must be a short text.`);
      resolved.symbol = symbol;
    }
    (kind === 'state' ? set.states : set.reactions).push(resolved);
  }
  if (set.states.length + set.reactions.length === 0) return bad('signals: the meter needs at least one signal.');
  return set;
}

/** Picks the label for `lang` from texts by language: exact tag, base language, English, any. */
export function pickLabel(label: string | Record<string, string>, lang: string): string {
  if (typeof label === 'string') return label;
  const tag = lang.toLowerCase();
  const entries = Object.entries(label).filter(([, v]) => typeof v === 'string' && v.trim() !== '');
  const find = (want: string) => entries.find(([k]) => k.toLowerCase() === want)?.[1];
  return find(tag) ?? find(tag.split(/[-_]/)[0]!) ?? find('en') ?? entries[0]?.[1] ?? '';
}
