// Side-effect module: registers every Pulsekit element under the `pk-` prefix.
import './components/session/define.js';
import './components/pulse-poll/define.js';
