// Stories must build: a broken story is a broken doc page for developers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';

test('storybook builds every story', () => {
  const out = '.cache/storybook-check';
  rmSync(out, { recursive: true, force: true });
  execFileSync('npx', ['storybook', 'build', '-o', out, '--quiet'], {
    stdio: 'pipe',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  assert.ok(existsSync(`${out}/index.json`));
  const index = JSON.parse(execFileSync('cat', [`${out}/index.json`], { encoding: 'utf8' }));
  const stories = Object.values(index.entries).filter((e) => e.type === 'story');
  assert.ok(stories.length >= 8, `at least 8 stories (found ${stories.length})`);
  assert.ok(readdirSync(out).length > 0);
  rmSync(out, { recursive: true, force: true });
});
