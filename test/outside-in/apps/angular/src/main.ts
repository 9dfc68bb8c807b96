import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { LunchPoll } from './app/lunch-poll';

// The usual order registers the elements first (`import 'pulsekit/define'` at the top of this file
// does the same). The test also loads ?register=late: the app renders first and registers the
// elements afterwards, so Angular sets their properties before they are upgraded.
const late = new URLSearchParams(location.search).get('register') === 'late';
const registered = late ? Promise.resolve() : import('pulsekit/define');

registered
  .then(() => bootstrapApplication(LunchPoll, { providers: [provideZonelessChangeDetection()] }))
  .then(() => {
    if (!late) return;
    document.body.dataset['registeredAtFirstRender'] = String(customElements.get('pk-pulse-poll') !== undefined);
    return import('pulsekit/define');
  })
  .catch((err: unknown) => console.error(err));
