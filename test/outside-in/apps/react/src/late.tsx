import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { LunchPollWrapped } from './LunchPollWrapped';

// Registers the elements only after React's first render: the elements are in the page, not yet
// upgraded, when their properties are set. The test reads what this saw.
function RegisterLater() {
  useEffect(() => {
    document.body.dataset['registeredAtFirstRender'] = String(customElements.get('pk-pulse-poll') !== undefined);
    void import('pulsekit/define');
  }, []);
  return null;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LunchPollWrapped />
    <RegisterLater />
  </StrictMode>,
);
