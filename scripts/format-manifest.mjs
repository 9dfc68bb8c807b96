// Writes custom-elements.json with stable formatting, so the freshness check compares content only.
import { readFileSync, writeFileSync } from 'node:fs';
const m = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
writeFileSync('custom-elements.json', JSON.stringify(m, null, 2) + '\n');
