import type { PollConfig, PollKind, PollOption, PollResultsMode } from './poll-types.js';

/** Attributes an author wrote on `<pk-pulse-poll>` (the element itself), before validation. */
export interface PollAuthoring {
  question: string;
  kind: string;
  maxChoices: number | null;
  min: number | null;
  max: number | null;
  minLabel: string;
  maxLabel: string;
  allowChange: boolean;
  anonymous: boolean;
  results: string;
}

/** Reads `<option value>` children (the declarative way to give options). */
export function optionsFromChildren(host: Element): PollOption[] {
  return [...host.children]
    .filter((c): c is HTMLOptionElement => c.localName === 'option')
    .map((o) => ({
      value: (o.getAttribute('value') ?? o.textContent ?? '').trim(),
      label: (o.textContent ?? '').trim() || (o.getAttribute('value') ?? ''),
    }));
}

/**
 * Builds the config a facilitator's `open` sends from what the author wrote: the attributes and the
 * options (the `options` property, else the `<option>` children). It is not validated
 * here: `validatePollConfig` gives the specific error the element shows.
 */
export function configFromAuthoring(a: PollAuthoring, options: PollOption[]): PollConfig {
  const config: PollConfig = {
    question: a.question.trim(),
    kind: a.kind as PollKind,
    options,
    allowChange: a.allowChange,
    anonymous: a.anonymous,
    results: a.results as PollResultsMode,
  };
  if ((a.kind === 'multiple' || a.kind === 'text') && a.maxChoices !== null) config.maxChoices = a.maxChoices;
  if (a.kind === 'scale') {
    config.min = a.min ?? 1;
    config.max = a.max ?? 5;
    if (a.minLabel) config.minLabel = a.minLabel;
    if (a.maxLabel) config.maxLabel = a.maxLabel;
  }
  return config;
}
