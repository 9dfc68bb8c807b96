import 'pulsekit/define';
import 'pulsekit/vue';
import { createApp } from 'vue';
import LunchPoll from './LunchPoll.vue';

createApp(LunchPoll).mount('#app');
