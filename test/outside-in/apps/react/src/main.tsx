import 'pulsekit/define';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LunchPoll } from './LunchPoll';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LunchPoll />
  </StrictMode>,
);
