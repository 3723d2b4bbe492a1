import type { PGlite } from '@electric-sql/pglite';

/** Makes an in-process PGlite look like the `pg` pool Kysely's PostgresDialect expects. PGlite has a single
 * session, so a connection is an exclusive lease: a transaction's statements never interleave with another's. */
export function pgliteAsPool(pg: PGlite) {
  let tail: Promise<void> = Promise.resolve();
  const lease = async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const prior = tail;
    tail = prior.then(() => held);
    await prior;
    return release;
  };
  return {
    async connect() {
      const release = await lease();
      return {
        async query(text: string, params: readonly unknown[]) {
          const r = await pg.query(text, params as unknown[]);
          const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
          return { command, rowCount: r.affectedRows ?? r.rows.length, rows: r.rows };
        },
        release,
      };
    },
    async end() {
      await pg.close();
    },
  };
}
