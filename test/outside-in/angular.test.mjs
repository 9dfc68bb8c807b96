// The packed tarball in an Angular 21 app built with the Angular CLI (test/outside-in/apps/angular;
// strict templates, zoneless), run in Chromium: bootstrapped after the elements are registered, and
// before.
import { describe, test } from 'node:test';
import { appFixture, expectBound, strictCsp } from './apps.mjs';

describe('Angular 21 app with the packed tarball', { timeout: 600_000 }, () => {
  // `ng build` type-checks the templates (strictTemplates): the (pk-vote) handler takes a
  // CustomEvent<PkVoteDetail>, which compiles only because Angular reads the element's event types.
  const app = appFixture('angular', { csp: strictCsp('angular angular#bundler lit-html') });

  test('registered before bootstrap: [options] and [definition] bind as properties, (pk-vote) and (pk-survey-submit) fire', async () => {
    await expectBound(app, 'index.html', { room: 'angular-app' });
  });

  test('bootstrapped before the elements are registered: [options] and [definition] still bind, (pk-*) handlers fire', async () => {
    await expectBound(app, 'index.html?register=late', { room: 'angular-app', late: true });
  });

  test('under a strict CSP with Trusted Types required (policies: angular angular#bundler lit-html): everything works, no violation', async () => {
    await expectBound(app, 'index.html', { room: 'angular-app', strict: true });
  });
});
