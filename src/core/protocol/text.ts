/**
 * The one rule for text a person typed (posts, names, answers, option labels, markers), used by
 * every widget's view and model and by every export: Unicode direction controls are removed.
 *
 * Removed: the explicit embeddings and overrides U+202A-U+202E (LRE, RLE, PDF, LRO, RLO), the
 * isolates U+2066-U+2069 (LRI, RLI, FSI, PDI) and the deprecated format controls U+206A-U+206F.
 * They reorder the text around them ("Trojan Source"): a name or an answer could reverse what
 * follows it on screen or in a file. Kept: the marks U+200E, U+200F and U+061C (LRM, RLM, ALM),
 * which right-to-left writers type and which cannot reorder anything beyond one neutral character.
 * Views render each person's text in its own isolate (`<bdi>` or `dir="auto"`) on top of this.
 */

const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u206F]/g;

/** `text` without Unicode direction embeddings, overrides, isolates and deprecated format controls. */
export const stripBidi = (text: string): string => text.replace(DIRECTION_CONTROLS, '');
