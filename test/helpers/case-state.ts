export { caseState, longTimeline, NOW } from '../../src/whistle/card-samples.js';
