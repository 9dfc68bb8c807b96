// The packed tarball in a Vue 3 app built with vite + @vitejs/plugin-vue (test/outside-in/apps/vue),
// its templates type-checked by vue-tsc with strict settings, run in Chromium: mounted after the
// elements are registered, and mounted before.
import { describe, test } from 'node:test';
import { appFixture, expectBound, expectTypeErrors, strictCsp } from './apps.mjs';

describe('Vue 3 app with the packed tarball', { timeout: 600_000 }, () => {
  const app = appFixture('vue', { csp: strictCsp('vue lit-html') });

  test('vue-tsc checks the templates with no declaration of their own (GlobalComponents from pulsekit/vue), and catches their mistakes', async () => {
    await expectTypeErrors(app, 'vue-tsc', ['type-errors/Wrong.vue']);
  });

  test('registered before mounting: :options.prop and :definition.prop bind as properties, @pk-vote and @pk-survey-submit fire', async () => {
    await expectBound(app, 'index.html', { room: 'vue-app' });
  });

  test('mounted before the elements are registered: :options.prop and :definition.prop still bind, @pk-* handlers fire', async () => {
    await expectBound(app, 'late.html', { room: 'vue-app', late: true });
  });

  test('under a strict CSP with Trusted Types required (policies: vue lit-html): everything works, no violation', async () => {
    await expectBound(app, 'index.html', { room: 'vue-app', strict: true });
  });
});
