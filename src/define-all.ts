// Side-effect module: registers every Pulsekit element under the `pk-` prefix.
import './components/session/define.js';
import './components/pulse-poll/define.js';
import './components/engagement-meter/define.js';
import './components/session-survey/define.js';
import './components/discussion-thread/define.js';

// Types only: document.querySelector('pk-…') and friends know every element class.
export type {} from './tag-name-map.js';
