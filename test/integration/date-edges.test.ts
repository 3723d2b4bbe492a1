import { afterEach, describe, it } from 'vitest';
import { digestScenario } from '../helpers/digest-scenario.js';
import { type Harness, startHarness } from '../helpers/harness.js';

// The date-sensitive suites on the days that break date arithmetic: each instant is a few minutes before a
// boundary in Beijing time, so the scenario's own hour of lateness carries it across.
const EDGES: [string, string][] = [
  ['the last minutes of a year (Beijing)', '2026-12-31T15:55:00Z'],
  ['a 31-day month end', '2027-01-31T15:50:00Z'],
  ['a leap day, late evening', '2028-02-29T15:30:00Z'],
  ['a month already begun in Beijing while still the last day in UTC', '2027-03-31T16:30:00Z'],
];

describe('digests on the calendar’s edges', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  for (const [label, at] of EDGES) {
    it(`holds on ${label} (${at})`, async () => {
      h = await startHarness({ start: Date.parse(at) });
      await digestScenario(h);
    });
  }
});
