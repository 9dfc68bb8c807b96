// The packed tarball in a React 19 app built with vite + @vitejs/plugin-react (test/outside-in/apps/react),
// type-checked with strict settings and run in Chromium: JSX elements registered before the first
// render, and the pulsekit/react wrappers rendered before the elements are registered.
import { describe, test } from 'node:test';
import { appFixture, expectBound, expectTypeErrors, strictCsp } from './apps.mjs';

describe('React 19 app with the packed tarball', { timeout: 600_000 }, () => {
  const app = appFixture('react', { csp: strictCsp('lit-html') });

  test('a strict TypeScript consumer compiles with no declaration of its own (JSX elements, onpk-* events, wrappers), and its mistakes do not', async () => {
    await expectTypeErrors(app, 'tsc', ['type-errors/wrong.tsx']);
  });

  test('JSX elements, registered first: options and definition bind as properties, onpk-vote and onpk-survey-submit fire', async () => {
    await expectBound(app, 'index.html', { room: 'react-jsx' });
  });

  test('pulsekit/react wrappers, rendered before the elements are registered: properties still bind, onPk* handlers fire', async () => {
    await expectBound(app, 'late.html', { room: 'react-wrappers', late: true });
  });

  test('under a strict CSP with Trusted Types required (policies: lit-html): everything works, no violation', async () => {
    await expectBound(app, 'index.html', { room: 'react-jsx', strict: true });
  });
});
