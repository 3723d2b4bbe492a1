// Imported first by scripts/bench.ts: BENCH_DATABASE_URL must be in TEST_DATABASE_URL before the test helpers
// (test/helpers/database.ts) are evaluated, since they read it once at load. Set later, the bench said
// "PostgreSQL" while every stack it started ran on PGlite.
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
