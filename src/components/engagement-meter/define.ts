// Side-effect module: registers <pk-engagement-meter>.
import { defineEngagementMeter } from './index.js';

defineEngagementMeter();
