import { defineConfig } from 'vitest/config';

// Each file starts its own redis-server and database; running files two at a time on 2 cores is fine, but timers
// are wall-clock based, so the pool stays small. The load test measures the machine, so it runs last and alone.
const ALONE = ['test/integration/load.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
