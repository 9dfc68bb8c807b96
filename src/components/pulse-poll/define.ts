// Side-effect module: registers <pk-pulse-poll>.
import { definePulsePoll } from './index.js';

definePulsePoll();
