// custom-elements.json and the files generated from it must match the sources: regenerate into a
// scratch folder (or in memory) and compare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { normalizeManifest } from '../../scripts/format-manifest.mjs';
import { generate } from '../../scripts/generate-types.mjs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const declarations = manifest.modules.flatMap((x) => x.declarations ?? []);
const element = (tag) => declarations.find((d) => d.tagName === tag);

test('custom-elements.json is fresh (run `npm run analyze` and commit it when this fails)', () => {
  const out = '.cache/cem-check';
  rmSync(out, { recursive: true, force: true });
  execFileSync('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out], { stdio: 'pipe' });
  const fresh = JSON.parse(readFileSync(`${out}/custom-elements.json`, 'utf8'));
  rmSync(out, { recursive: true, force: true });
  assert.deepEqual(normalizeManifest(manifest), normalizeManifest(fresh));
});

test('the framework types and editor data are fresh (run `npm run analyze` and commit them when this fails)', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const files = generate(manifest, pkg);
  assert.ok(Object.keys(files).length >= 6);
  for (const [path, content] of Object.entries(files)) {
    assert.ok(existsSync(path), `${path} is committed`);
    assert.equal(readFileSync(path, 'utf8'), content, `${path} is what scripts/generate-types.mjs writes`);
  }
});

test('the manifest documents the poll for tools (tag, attributes, events, parts)', () => {
  const poll = element('pk-pulse-poll');
  assert.ok(poll, 'pk-pulse-poll is in the manifest');
  const attrs = poll.attributes.map((a) => a.name);
  for (const a of ['poll-id', 'question', 'kind', 'results', 'allow-change', 'anonymous', 'max-choices'])
    assert.ok(attrs.includes(a), `attribute ${a}`);
  assert.deepEqual(poll.events.map((e) => e.name).sort(), ['pk-poll-change', 'pk-poll-export', 'pk-vote']);
  assert.ok(poll.cssParts.some((p) => p.name === 'bar'));
  assert.ok(poll.cssProperties.some((p) => p.name === '--pk-color-accent'));
});

test('attributes with a fixed set of values list them, so editors can offer them', () => {
  const typeOf = (tag, attr) => element(tag).attributes.find((a) => a.name === attr).type.text;
  assert.equal(typeOf('pk-pulse-poll', 'kind'), "'single' | 'multiple' | 'scale' | 'text'");
  assert.equal(typeOf('pk-pulse-poll', 'results'), "'live' | 'after-vote' | 'after-close' | 'hidden'");
  assert.equal(typeOf('pk-discussion-thread', 'sort'), "'oldest' | 'newest' | 'top'");
  assert.equal(typeOf('pk-session', 'user-role'), "'participant' | 'facilitator' | 'producer'");
});

test('every event of every element carries its detail type', () => {
  const elements = declarations.filter((d) => d.customElement);
  assert.equal(elements.length, 9); // the four widgets, <pk-session>, <pk-session-report>, <pk-help-button>, <pk-producer-console> and <pk-notices>
  for (const el of elements) {
    for (const e of el.events ?? []) assert.match(e.type?.text ?? '', /^CustomEvent<Pk\w+Detail>$/, `<${el.tagName}> ${e.name}`);
  }
  assert.equal(element('pk-pulse-poll').events.find((e) => e.name === 'pk-vote').type.text, 'CustomEvent<PkVoteDetail>');
  assert.equal(element('pk-session').events.find((e) => e.name === 'pk-xapi-statement').type.text, 'CustomEvent<PkXapiStatementDetail>');
});

test('module paths point at the published JavaScript, and each define file says which tags it registers', () => {
  for (const mod of manifest.modules) assert.match(mod.path, /^dist\/components\/[a-z-]+\/[a-z-]+\.js$/);
  const registers = (path) =>
    manifest.modules
      .find((m) => m.path === path)
      .exports.filter((e) => e.kind === 'custom-element-definition')
      .map((e) => `${e.name} ${e.declaration.module}`);
  assert.deepEqual(registers('dist/components/pulse-poll/define.js'), [
    'pk-session dist/components/session/pk-session.js',
    'pk-pulse-poll dist/components/pulse-poll/pk-pulse-poll.js',
  ]);
  assert.deepEqual(registers('dist/components/session/define.js'), ['pk-session dist/components/session/pk-session.js']);
  for (const el of declarations.filter((d) => d.customElement)) {
    const own = el.tagName.replace(/^pk-/, '');
    assert.ok(
      registers(`dist/components/${own}/define.js`).includes(`${el.tagName} dist/components/${own}/${el.tagName}.js`),
      `${own}/define.js registers <${el.tagName}>`,
    );
  }
});
