export { caseState, longTimeline, NOW } from '../../src/views/card-samples.js';
