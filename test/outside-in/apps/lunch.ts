import type { PollOption, SurveyDefinitionInput } from 'pulsekit';

// Data every app binds as properties: an array and an object, which no attribute can carry. One
// copy for all the apps: installApp (test/outside-in/apps.mjs) puts it in each app's src/.
export const options: PollOption[] = [
  { value: 'soup', label: 'Soup' },
  { value: 'salad', label: 'Salad' },
];

export const definition: SurveyDefinitionInput = {
  title: 'Lunch feedback',
  questions: [{ id: 'taste', type: 'single', title: 'How did it taste?', options: ['Good', 'Bland'] }],
};
