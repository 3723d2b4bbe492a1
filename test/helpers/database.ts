import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Databases the test suites run against: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. Each
 * PostgreSQL run gets a fresh database, dropped afterwards. */
export const DATABASES: { name: string; create(): Promise<{ url?: string; drop(): Promise<void> }> }[] = [
  { name: 'pglite', create: async () => ({ url: undefined, drop: async () => {} }) },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'postgres',
          create: async () => {
            const admin = process.env.TEST_DATABASE_URL!;
            const name = `lw_test_${randomBytes(6).toString('hex')}`;
            const c = new pg.Client({ connectionString: admin });
            await c.connect();
            await c.query(`create database ${name}`);
            await c.end();
            const u = new URL(admin);
            u.pathname = `/${name}`;
            return {
              url: u.toString(),
              drop: async () => {
                const d = new pg.Client({ connectionString: admin });
                await d.connect();
                await d.query(`drop database if exists ${name} with (force)`);
                await d.end();
              },
            };
          },
        },
      ]
    : []),
];
