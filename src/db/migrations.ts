import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

/** Migrations in code, applied at start-up. Append only: never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  '001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('location', 'text')
        .addColumn('source', 'text')
        .addColumn('source_ref', 'text')
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('origin_message_id', 'text')
        .addColumn('card_message_id', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('whistled_at', 'timestamptz')
        .addColumn('closed_at', 'timestamptz')
        .addColumn('deadline', 'timestamptz')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('timer_gen', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('overdue', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('escalation_step', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('evidence', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('cases_street_source_ref', ['street', 'source_ref'])
        .execute();
      await db.schema.createIndex('cases_street_status').on('cases').columns(['street', 'status']).execute();

      await db.schema
        .createTable('case_departments')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('dept', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('task', 'text')
        .addColumn('summoned_at', 'timestamptz')
        .addColumn('arrive_by', 'timestamptz')
        .addColumn('resolve_by', 'timestamptz')
        .addColumn('arrived_at', 'timestamptz')
        .addColumn('arrived_by', 'text')
        .addColumn('done_at', 'timestamptz')
        .addColumn('ended_at', 'timestamptz')
        .addColumn('card_message_id', 'text')
        .addColumn('escalation_step', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reminded', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('arrive_late', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('resolve_late', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('sent_back', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('left_early', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('rating', 'integer')
        .addColumn('rating_note', 'text')
        .addPrimaryKeyConstraint('case_departments_pk', ['case_id', 'dept'])
        .execute();
      await db.schema.createIndex('case_departments_dept').on('case_departments').columns(['dept', 'status']).execute();

      await db.schema
        .createTable('presence')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('dept', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('since', 'timestamptz', (c) => c.notNull())
        .addColumn('until', 'timestamptz')
        .addColumn('last_seen', 'timestamptz', (c) => c.notNull())
        .addColumn('check_sent_at', 'timestamptz')
        .addColumn('missed', 'boolean', (c) => c.notNull().defaultTo(false))
        .addPrimaryKeyConstraint('presence_pk', ['case_id', 'dept', 'user_id'])
        .execute();

      await db.schema
        .createTable('requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('dept', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('basis', 'text')
        .addColumn('target', 'text')
        .addColumn('extend_ms', 'bigint')
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'timestamptz')
        .execute();
      await db.schema.createIndex('requests_case').on('requests').columns(['case_id', 'status']).execute();

      await db.schema
        .createTable('timeline')
        .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('dept', 'text')
        .addColumn('note', 'text')
        .addColumn('ref', 'text')
        .execute();
      // The timeline is the accountability record: rows are never changed or removed.
      await sql`create function timeline_append_only() returns trigger language plpgsql as $$
        begin raise exception 'timeline is append-only'; end $$`.execute(db);
      await sql`create trigger timeline_no_change before update or delete on timeline
        for each row execute function timeline_append_only()`.execute(db);
      await db.schema.createIndex('timeline_case').on('timeline').columns(['case_id', 'id']).execute();

      await db.schema
        .createTable('inbox')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .addColumn('received_at', 'timestamptz', (c) => c.notNull())
        .addColumn('processed_at', 'timestamptz')
        .execute();
      await sql`create index inbox_unprocessed on inbox (received_at) where processed_at is null`.execute(db);

      // Transactional outbox: Lark calls are written with the state change that causes them, then relayed to
      // the BullMQ outbound queue, so a Redis outage between the two never loses a card.
      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('job', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('enqueued_at', 'timestamptz')
        .execute();
      await sql`create index outbox_pending on outbox (created_at) where enqueued_at is null`.execute(db);

      await db.schema
        .createTable('case_numbers')
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_numbers_pk', ['street', 'day'])
        .execute();

      await db.schema
        .createTable('digest_deliveries')
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('digest_deliveries_pk', ['street', 'period', 'slot'])
        .execute();
    },
  },
  '002_nudged_at': {
    async up(db: Kysely<unknown>) {
      // When the street last nudged a department on a case: nudges are limited per case and department.
      await db.schema.alterTable('case_departments').addColumn('nudged_at', 'timestamptz').execute();
    },
  },
  '003_ledger': {
    async up(db: Kysely<unknown>) {
      // The case's row in the street's Lark Base, and the case version that row last showed: a case whose
      // version is ahead of ledger_version still has a change to send.
      await db.schema.alterTable('cases').addColumn('ledger_record_id', 'text').execute();
      await db.schema
        .alterTable('cases')
        .addColumn('ledger_version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`create index cases_ledger_pending on cases (street, created_at) where version > ledger_version`.execute(
        db,
      );
    },
  },
  // Lark 2.0 cards stop being interactive and updatable after 14 days: when each live card was posted, so the
  // bot can post a fresh one before then.
  '004_card_posted_at': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('cases').addColumn('card_posted_at', 'timestamptz').execute();
      await db.schema.alterTable('case_departments').addColumn('card_posted_at', 'timestamptz').execute();
    },
  },
  /** 三级过滤, residents and source systems (issue 19). Existing cases were all whistles. */
  '005_levels_residents_callbacks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('cases')
        .addColumn('level', 'text', (c) => c.notNull().defaultTo('whistle'))
        .execute();
      for (const col of [
        'level_reason',
        'result',
        'resident_name',
        'resident_phone',
        'callback',
        'feedback_result',
        'feedback_note',
      ])
        await db.schema.alterTable('cases').addColumn(col, 'text').execute();
      await db.schema.alterTable('cases').addColumn('feedback_at', 'timestamptz').execute();
      // Status events for source systems: the body is fixed when the change commits, so every retry sends the
      // same bytes (same signature, same event_id); `seq` keeps one case's events in order.
      await db.schema
        .createTable('callbacks')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('delivered_at', 'timestamptz')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('callbacks_case').on('callbacks').columns(['case_id', 'seq']).execute();
      await sql`create index callbacks_pending on callbacks (created_at) where delivered_at is null`.execute(db);
    },
  },
  /** The four whistles and the district (issue 20): the emergency's commander, the joint whistle's meeting, the
   * district's consultation list, and the one district escalation per case. */
  '006_kinds_district': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('cases')
        .addColumn('commander', 'text')
        .addColumn('meeting_at', 'timestamptz')
        .addColumn('meeting_place', 'text')
        .addColumn('meeting_event_id', 'text')
        .addColumn('consult_at', 'timestamptz')
        .addColumn('consult_by', 'text')
        .addColumn('consult_reason', 'text')
        .addColumn('district_escalated_at', 'timestamptz')
        .execute();
      await sql`create index cases_consult on cases (consult_at) where consult_at is not null`.execute(db);
    },
  },
  /** Issue 19 items 4–6: the street's evaluation of departments (监督管理哨) with its objections (申诉), the 移交单's
   * on-site check (首问协查), and the reply to a source system as the cadre sends it. */
  '008_evaluation_transfer_reply': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('requests')
        .addColumn('on_site', 'boolean')
        .addColumn('offsite_reason', 'text')
        .execute();
      await db.schema
        .alterTable('cases')
        .addColumn('reply_text', 'text')
        .addColumn('reply_sent_at', 'timestamptz')
        .addColumn('reply_sent_by', 'text')
        .execute();
      // One evaluation per street, period and first day: a repeated or late run finds it and sends nothing.
      await db.schema
        .createTable('evaluations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('period_from', 'timestamptz', (c) => c.notNull())
        .addColumn('period_to', 'timestamptz', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('figures', 'text', (c) => c.notNull())
        .addUniqueConstraint('evaluations_street_period', ['street', 'period', 'period_from'])
        .execute();
      await db.schema
        .createTable('objections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
        .addColumn('dept', 'text', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('filed_by', 'text', (c) => c.notNull())
        .addColumn('filed_at', 'timestamptz', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'timestamptz')
        .addColumn('decision_note', 'text')
        .execute();
      await db.schema
        .createIndex('objections_evaluation')
        .on('objections')
        .columns(['evaluation_id', 'dept'])
        .execute();
    },
  },
  /** Clocks people are judged by (issue 20): the department's acknowledgement (签收) and its call to the reporter
   * (联系), when each was missed, the street's shelving (挂账) with its review date, and how often a case bounced
   * (sent back or transferred) before it rose a level on its own. */
  '009_clocks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('case_departments')
        .addColumn('signed_at', 'timestamptz')
        .addColumn('signed_by', 'text')
        .addColumn('sign_late_at', 'timestamptz')
        .addColumn('contacted_at', 'timestamptz')
        .addColumn('contacted_by', 'text')
        .addColumn('contact_late_at', 'timestamptz')
        .execute();
      await db.schema
        .alterTable('cases')
        .addColumn('shelved_at', 'timestamptz')
        .addColumn('shelved_by', 'text')
        .addColumn('shelve_reason', 'text')
        .addColumn('shelve_review', 'timestamptz')
        .addColumn('bounces', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('street_late_at', 'timestamptz')
        .addColumn('stage', 'integer')
        .addColumn('stage_due', 'timestamptz')
        .addColumn('stage_late_at', 'timestamptz')
        .execute();
    },
  },
  /** Intake that learns from the street (issue 16 items 5–7): what the draft proposed (首派准确率 compares it with what
   * the cadre confirmed), each confirmed draft as a decision (a changed one is a learnt correction an operator may
   * undo), and 并单 (a report merged into an open case adds a reporter). */
  '010_intake_learning': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('cases')
        .addColumn('proposed_category', 'text')
        .addColumn('proposed_lead', 'text')
        .addColumn('proposed_kind', 'text')
        .addColumn('confidence', 'real')
        .addColumn('learnt_from', 'bigint')
        .addColumn('merged_into', 'text')
        .addColumn('merge_offer', 'text')
        .addColumn('reporters', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createTable('intake_decisions')
        .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('street', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('matter', 'text')
        .addColumn('raw_category', 'text')
        .addColumn('raw_lead', 'text')
        .addColumn('raw_kind', 'text', (c) => c.notNull())
        .addColumn('proposed_lead', 'text')
        .addColumn('category', 'text')
        .addColumn('lead', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('changed', 'boolean', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
        .addColumn('undone_at', 'timestamptz')
        .addColumn('undone_by', 'text')
        .execute();
      await sql`create index intake_decisions_learnt on intake_decisions (street, decided_at) where changed and undone_at is null`.execute(
        db,
      );
      await sql`create index cases_open_place on cases (street, category, created_at) where merged_into is null`.execute(
        db,
      );
    },
  },
  /** Issue 20, the rest: a department's attendance at a joint whistle's coordination meeting (到会, which counts as
   * its 报到), and a case a street leader or the district marked 重点督办 (key supervision), whose lateness then
   * reaches the district (roster `defaults.district_key`). */
  '012_meeting_attendance_key_supervision': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('case_departments')
        .addColumn('attended_at', 'timestamptz')
        .addColumn('attended_by', 'text')
        .execute();
      await db.schema.alterTable('cases').addColumn('key_at', 'timestamptz').addColumn('key_by', 'text').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
