/**
 * Lit adds an element's property accessors to its prototype when the class is registered, and
 * @lit/react sets as properties only the props it finds there (it hands the rest to React, which
 * writes an object as the attribute "[object Object]"). Adding them now lets a wrapper set
 * `options` or `definition` before the element is registered: the element takes the values over
 * when it upgrades, as Lit does for any property set on an element before its upgrade.
 */
export function withAccessors<T extends abstract new (...args: never[]) => HTMLElement>(elementClass: T): T {
  // `finalize` is protected in Lit's types; calling it early is what registration does first.
  (elementClass as unknown as { finalize(): void }).finalize();
  return elementClass;
}
