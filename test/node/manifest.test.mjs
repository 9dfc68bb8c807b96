// custom-elements.json must match the sources: regenerate into a scratch folder and compare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { normalizeManifest } from '../../scripts/format-manifest.mjs';

test('custom-elements.json is fresh (run `npm run analyze` and commit it when this fails)', () => {
  const out = '.cache/cem-check';
  rmSync(out, { recursive: true, force: true });
  execFileSync('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out], { stdio: 'pipe' });
  const fresh = JSON.parse(readFileSync(`${out}/custom-elements.json`, 'utf8'));
  const committed = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  rmSync(out, { recursive: true, force: true });
  assert.deepEqual(normalizeManifest(committed), normalizeManifest(fresh));
});

test('the manifest documents the poll for tools (tag, attributes, events, parts)', () => {
  const m = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const poll = m.modules.flatMap((x) => x.declarations ?? []).find((d) => d.tagName === 'pk-pulse-poll');
  assert.ok(poll, 'pk-pulse-poll is in the manifest');
  const attrs = poll.attributes.map((a) => a.name);
  for (const a of ['poll-id', 'question', 'kind', 'results', 'allow-change', 'anonymous', 'max-choices']) assert.ok(attrs.includes(a), `attribute ${a}`);
  assert.deepEqual(poll.events.map((e) => e.name).sort(), ['pk-poll-change', 'pk-vote']);
  assert.ok(poll.cssParts.some((p) => p.name === 'bar'));
  assert.ok(poll.cssProperties.some((p) => p.name === '--pk-color-accent'));
});
