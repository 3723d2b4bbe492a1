import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../log.js';
import { migrationProvider } from './migrations.js';
import { pgliteAsPool } from './pglite-pool.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it an embedded PGlite is used. */
  url?: string;
  /** Where PGlite keeps its files; `memory` keeps them in memory (tests). */
  dataDir: string;
  log: Logger;
  /** Called for every statement sent, with its SQL (the statements-per-click figure in /metrics; tests count). */
  onQuery?: (sql: string) => void;
}

// timestamptz as Date and bigint (counts) as number: both well inside JS's safe range here.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens the system of record and applies pending migrations. */
export async function openDatabase(opts: DatabaseOptions): Promise<{ db: Db; kind: 'postgres' | 'pglite' }> {
  let db: Db;
  let kind: 'postgres' | 'pglite';
  if (opts.url) {
    // Fail fast when the server is unreachable: an event is then refused with a 5xx (Lark delivers it again) and a
    // click answered with an error toast, instead of both hanging past Lark's 3 s.
    const pool = new pg.Pool({
      connectionString: opts.url,
      // Workers (events, Lark calls, timers) and clicks share it; clicks must not queue behind a busy worker.
      max: 25,
      connectionTimeoutMillis: 2_000,
      query_timeout: 15_000,
    });
    pool.on('error', (err) => opts.log.warn({ err: err.message }, 'postgres pool error'));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: counter(opts.onQuery) });
    kind = 'postgres';
  } else {
    let dir: string | undefined;
    if (opts.dataDir !== 'memory') {
      dir = join(opts.dataDir, 'pglite');
      mkdirSync(dir, { recursive: true });
    }
    const lite = new PGlite(dir);
    await lite.waitReady;
    db = new Kysely<Database>({
      // biome-ignore lint/suspicious/noExplicitAny: the pool shape is structurally what PostgresDialect reads
      dialect: new PostgresDialect({ pool: pgliteAsPool(lite) as any }),
      log: counter(opts.onQuery),
    });
    kind = 'pglite';
  }
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  for (const r of results ?? []) opts.log.info({ migration: r.migrationName, status: r.status }, 'migration');
  if (error) throw error;
  return { db, kind };
}

const counter = (onQuery?: (sql: string) => void) =>
  onQuery ? (e: { query: { sql: string } }) => onQuery(e.query.sql) : undefined;
