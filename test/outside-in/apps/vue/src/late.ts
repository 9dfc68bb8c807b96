import { createApp } from 'vue';
import LunchPoll from './LunchPoll.vue';

// Mounts first (mount renders synchronously), then registers the elements: they are in the page,
// not yet upgraded, when Vue sets their properties. The test reads what this saw.
createApp(LunchPoll).mount('#app');
document.body.dataset['registeredAtFirstRender'] = String(customElements.get('pk-pulse-poll') !== undefined);
void import('pulsekit/define');
