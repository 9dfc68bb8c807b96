// Side-effect module: registers <pk-session>.
import { defineSession } from './index.js';

defineSession();
