// Types for the loader chai-a11y-axe uses (it ships none): one copy of axe for every check.
declare module 'chai-a11y-axe/src/axe-import.js' {
  export let axe: unknown;
  export function loadAxe(): Promise<void>;
}
