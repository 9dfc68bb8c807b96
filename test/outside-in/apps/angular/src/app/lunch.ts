import type { PollOption, SurveyDefinitionInput } from 'pulsekit';

// Data every variant binds as properties: an array and an object, which no attribute can carry.
export const options: PollOption[] = [
  { value: 'soup', label: 'Soup' },
  { value: 'salad', label: 'Salad' },
];

export const definition: SurveyDefinitionInput = {
  title: 'Lunch feedback',
  questions: [{ id: 'taste', type: 'single', title: 'How did it taste?', options: ['Good', 'Bland'] }],
};
