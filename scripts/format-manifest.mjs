// Writes custom-elements.json with stable formatting and module order (the analyzer's glob order
// varies from run to run), so the freshness check compares content only.
import { readFileSync, writeFileSync } from 'node:fs';

/** The manifest with its modules sorted by path: their order carries no meaning. */
export const normalizeManifest = (m) => ({
  ...m,
  modules: [...m.modules].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
});

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  writeFileSync('custom-elements.json', JSON.stringify(normalizeManifest(m), null, 2) + '\n');
}
