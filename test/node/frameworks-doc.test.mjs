// docs/frameworks.md shows code from the framework apps the suite builds and runs: a snippet marked
// `<!-- snippet: path -->` must appear, as it is, in that file, so the guide cannot drift from what
// is tested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const doc = readFileSync('docs/frameworks.md', 'utf8');
const snippets = [...doc.matchAll(/<!-- snippet: (\S+) -->\n```\w*\n([\s\S]*?)```/g)].map(([, path, code]) => ({ path, code }));

test('every marked snippet of docs/frameworks.md is copied from its app', () => {
  assert.ok(snippets.length >= 10, `found ${snippets.length} marked snippets`);
  for (const { path, code } of snippets) {
    assert.ok(existsSync(path), `${path} exists`);
    assert.ok(readFileSync(path, 'utf8').includes(code), `the snippet from ${path} is in that file:\n${code}`);
  }
});

test('the guide covers React, Vue and Angular with snippets from their apps, plain HTML, CSP and Trusted Types', () => {
  for (const app of ['react', 'vue', 'angular'])
    assert.ok(
      snippets.some((s) => s.path.startsWith(`test/outside-in/apps/${app}/`)),
      app,
    );
  for (const heading of ['## React 19', '## Vue 3', '## Angular 21', '## Plain HTML', '## CSP and Trusted Types'])
    assert.ok(doc.includes(heading), heading);
});

test('the Trusted Types policies the guide gives are the ones the framework tests enforce (lit-html, vue, angular)', () => {
  const used = ['react', 'vue', 'angular'].map(
    (app) => /strictCsp\('([^']+)'\)/.exec(readFileSync(`test/outside-in/${app}.test.mjs`, 'utf8'))[1],
  );
  for (const policies of used) assert.ok(doc.includes(`trusted-types ${policies}`), policies);
});
