import { sql } from 'kysely';
import { type Db, openDatabase } from '../../src/db/database.js';
import { dailyDigest, periodDigest } from '../../src/digest/digest.js';
import { createLogger } from '../../src/log.js';
import { loadRosterFile } from '../../src/roster/roster-load.js';
import { DATABASES } from '../../test/helpers/database.js';
import { median, ms, type Row } from './report.js';

const OPEN = 10_000;
const CLOSED = 100_000;

/** Fills the database the way two years of a busy street would: closed cases with two departments each spread
 * over 90 days, and open ones, some overdue. */
async function fill(db: Db): Promise<void> {
  const depts = ['chengguan', 'gongan', 'jiaotong', 'shichang', 'zhujian', 'guihua'];
  const arr = `array[${depts.map((d) => `'${d}'`).join(',')}]`;
  await sql`insert into cases (id, street, tier, number, status, kind, category, text, chat_id, created_by, created_at, whistled_at, closed_at)
    select 'c' || g, 'sanlitun', 'street', 'SLT-' || g, case when g <= ${OPEN} then 'whistled' else 'accepted' end,
      'assemble', 'noise', '工体北路酒吧放大音乐扰民', 'oc_street_cmd', 'ou_cadre_1',
      now() - (g % 90) * interval '1 day', now() - (g % 90) * interval '1 day',
      case when g <= ${OPEN} then null else now() - (g % 90) * interval '1 day' + interval '5 hours' end
    from generate_series(1, ${OPEN + CLOSED}) g`.execute(db);
  for (const k of [0, 1]) {
    await sql`insert into case_departments (case_id, dept, role, status, summoned_at, arrive_by, resolve_by, arrived_at, done_at, rating)
      select 'c' || g, (${sql.raw(arr)})[1 + (g + ${k}) % ${depts.length}], ${k === 0 ? 'lead' : 'assist'},
        case when g <= ${OPEN} then 'summoned' else 'done' end,
        now() - (g % 90) * interval '1 day', now() - (g % 90) * interval '1 day' + interval '30 minutes',
        now() - (g % 90) * interval '1 day' + interval '24 hours',
        case when g <= ${OPEN} then null else now() - (g % 90) * interval '1 day' + interval '20 minutes' end,
        case when g <= ${OPEN} then null else now() - (g % 90) * interval '1 day' + interval '4 hours' end,
        case when g <= ${OPEN} then null else 1 + g % 5 end
      from generate_series(1, ${OPEN + CLOSED}) g`.execute(db);
  }
  await sql`analyze`.execute(db);
}

/** Digest build time with 10,000 open and 100,000 closed cases (goal: under 1 s). */
export async function benchDigest(): Promise<Row[]> {
  const roster = loadRosterFile('config/roster.example.yaml');
  const rows: Row[] = [];
  for (const database of DATABASES) {
    const target = await database.create();
    const { db } = await openDatabase({ url: target.url, dataDir: 'memory', log: createLogger('silent') });
    try {
      await fill(db);
      const now = Date.now();
      for (const [name, build] of [
        ['日碰头 daily', () => dailyDigest(db, roster, now)],
        ['周点评 weekly', () => periodDigest(db, roster, 'weekly', now)],
        ['月通报 monthly', () => periodDigest(db, roster, 'monthly', now)],
      ] as const) {
        await build(); // warm
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          await build();
          times.push(performance.now() - t);
        }
        rows.push({
          benchmark: `digest build: ${name} (${database.name})`,
          load: `${OPEN.toLocaleString('en')} open, ${CLOSED.toLocaleString('en')} closed cases`,
          figure: `${ms(median(times))} (goal < 1 s)`,
          floor: '',
          ratio: '',
        });
      }
    } finally {
      await db.destroy();
      await target.drop();
    }
  }
  return rows;
}
