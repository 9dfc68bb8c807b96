import type { PollConfig } from '../../src/components/pulse-poll/poll-model.js';

/** The yes/no poll the quorum tests open (browser, tabs and server alike). */
export const yesNo: PollConfig = {
  question: 'Ready?',
  kind: 'single',
  options: [
    { value: 'y', label: 'Yes' },
    { value: 'n', label: 'No' },
  ],
  allowChange: true,
  anonymous: true,
  results: 'live',
};
