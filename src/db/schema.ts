import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types for Kysely. Persisted names: changing one needs a migration. */
export interface Database {
  cases: CasesTable;
  case_departments: CaseDepartmentsTable;
  presence: PresenceTable;
  requests: RequestsTable;
  timeline: TimelineTable;
  inbox: InboxTable;
  case_numbers: CaseNumbersTable;
  outbox: OutboxTable;
  digest_deliveries: DigestDeliveriesTable;
  callbacks: CallbacksTable;
  intake_decisions: IntakeDecisionsTable;
  evaluations: EvaluationsTable;
  objections: ObjectionsTable;
}

type Timestamp = ColumnType<Date, Date, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface CasesTable {
  id: string;
  street: string;
  tier: string;
  number: string | null;
  status: string;
  kind: string;
  category: string | null;
  text: string;
  location: string | null;
  source: string | null;
  source_ref: string | null;
  chat_id: string;
  origin_message_id: string | null;
  card_message_id: string | null;
  /** When the live case card was posted (null: with the case); 2.0 cards expire after 14 days. */
  card_posted_at?: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
  whistled_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  deadline: NullableTimestamp;
  version: Generated<number>;
  timer_gen: Generated<number>;
  overdue: Generated<boolean>;
  escalation_step: Generated<number>;
  evidence: Generated<number>;
  /** 三级过滤: grid | dispatch | whistle. */
  level: Generated<string>;
  level_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the street did, for a case it closed itself (grid) or its acceptance note. */
  result: ColumnType<string | null, string | null | undefined, string | null>;
  resident_name: ColumnType<string | null, string | null | undefined, string | null>;
  resident_phone: ColumnType<string | null, string | null | undefined, string | null>;
  callback: ColumnType<string | null, string | null | undefined, string | null>;
  feedback_result: ColumnType<string | null, string | null | undefined, string | null>;
  feedback_note: ColumnType<string | null, string | null | undefined, string | null>;
  feedback_at: NullableTimestamp;
  /** 应急响应哨: the leader in on-site command. */
  commander: Generated<string | null>;
  /** 联合联动哨: the coordination meeting (its Lark calendar event id once created). */
  meeting_at: NullableTimestamp;
  meeting_place: Generated<string | null>;
  meeting_event_id: Generated<string | null>;
  /** 会商: raised to the district by a street leader. */
  consult_at: NullableTimestamp;
  consult_by: Generated<string | null>;
  consult_reason: Generated<string | null>;
  /** When the district heard of this case's lateness (once per case). */
  district_escalated_at: NullableTimestamp;
  /** 挂账: shelved with the street's approval until its review date (src/clocks). */
  shelved_at?: NullableTimestamp;
  shelved_by?: ColumnType<string | null, string | null | undefined, string | null>;
  shelve_reason?: ColumnType<string | null, string | null | undefined, string | null>;
  shelve_review?: NullableTimestamp;
  /** Send-backs and approved transfers so far; the third raises the case a level on its own. */
  bounces?: ColumnType<number, number | undefined, number>;
  /** When the street was reminded of its own overdue step (a draft not confirmed, a case not accepted). */
  street_late_at?: NullableTimestamp;
  /** A staged case (src/stages): the current stage's index (= the number of stages once all are done), its due time,
   * and when its lateness was told. */
  stage?: ColumnType<number | null, number | null | undefined, number | null>;
  stage_due?: NullableTimestamp;
  stage_late_at?: NullableTimestamp;
  /** What the draft proposed, before the cadre's edits (首派准确率), and how sure the classifier was. */
  proposed_category: ColumnType<string | null, string | null | undefined, string | null>;
  proposed_lead: ColumnType<string | null, string | null | undefined, string | null>;
  proposed_kind: ColumnType<string | null, string | null | undefined, string | null>;
  confidence: ColumnType<number | null, number | null | undefined, number | null>;
  /** The street's learnt correction the draft followed (intake_decisions.id). */
  learnt_from: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  /** 并单: the case this report was merged into; reporters: how many reports the case stands for. */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  /** 并单 offered on the draft: the number of the open case it seems to report again. */
  merge_offer: ColumnType<string | null, string | null | undefined, string | null>;
  reporters: Generated<number>;
  /** The reply to the source system as the cadre sent it (issue 19 item 6); null until sent. */
  reply_text?: ColumnType<string | null, string | null | undefined, string | null>;
  reply_sent_at?: NullableTimestamp;
  reply_sent_by?: ColumnType<string | null, string | null | undefined, string | null>;
  /** 重点督办: marked by a street leader or the district (src/escalation/key.ts); its lateness reaches the district. */
  key_at?: NullableTimestamp;
  key_by?: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One confirmed draft: what the classifier said (raw), what the draft proposed, what the cadre confirmed. A changed
 * one is a correction the street taught; `undone_at` when an operator withdrew it. */
export interface IntakeDecisionsTable {
  id: Generated<string>;
  street: string;
  case_id: string;
  text: string;
  matter: string | null;
  raw_category: string | null;
  raw_lead: string | null;
  raw_kind: string;
  proposed_lead: string | null;
  category: string | null;
  lead: string | null;
  kind: string;
  changed: boolean;
  actor: string;
  decided_at: Timestamp;
  undone_at: NullableTimestamp;
  undone_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 监督管理哨: one period's figures per department, frozen as sent (JSON text: the same in PGlite and PostgreSQL). */
export interface EvaluationsTable {
  id: string;
  street: string;
  period: string;
  period_from: Timestamp;
  period_to: Timestamp;
  created_at: Timestamp;
  figures: string;
}

/** 申诉: a department's objection to one figure of an evaluation, and the street's decision. */
export interface ObjectionsTable {
  id: string;
  evaluation_id: string;
  dept: string;
  metric: string;
  reason: string;
  filed_by: string;
  filed_at: Timestamp;
  status: string;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
}

export interface CallbacksTable {
  event_id: string;
  seq: Generated<string>;
  case_id: string;
  url: string;
  body: string;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface CaseDepartmentsTable {
  case_id: string;
  dept: string;
  role: string;
  status: string;
  task: string | null;
  summoned_at: NullableTimestamp;
  arrive_by: NullableTimestamp;
  resolve_by: NullableTimestamp;
  arrived_at: NullableTimestamp;
  arrived_by: string | null;
  done_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  card_message_id: string | null;
  /** When the live summons card was posted (null: at the summons). */
  card_posted_at?: NullableTimestamp;
  escalation_step: Generated<number>;
  reminded: Generated<number>;
  arrive_late: Generated<boolean>;
  resolve_late: Generated<boolean>;
  sent_back: Generated<number>;
  left_early: Generated<boolean>;
  rating: number | null;
  rating_note: string | null;
  nudged_at: NullableTimestamp;
  /** 签收 and 联系 (src/clocks): counted against the current summons (a time before summoned_at is an old one). */
  signed_at?: NullableTimestamp;
  signed_by?: ColumnType<string | null, string | null | undefined, string | null>;
  sign_late_at?: NullableTimestamp;
  contacted_at?: NullableTimestamp;
  contacted_by?: ColumnType<string | null, string | null | undefined, string | null>;
  contact_late_at?: NullableTimestamp;
  /** 到会: when (and who of) the department attended the joint whistle's coordination meeting (src/joint). */
  attended_at?: NullableTimestamp;
  attended_by?: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PresenceTable {
  case_id: string;
  dept: string;
  user_id: string;
  since: Timestamp;
  until: NullableTimestamp;
  last_seen: Timestamp;
  check_sent_at: NullableTimestamp;
  missed: Generated<boolean>;
}

export interface RequestsTable {
  id: string;
  case_id: string;
  dept: string;
  kind: string;
  status: string;
  reason: string | null;
  basis: string | null;
  target: string | null;
  extend_ms: number | null;
  requested_by: string;
  requested_at: Timestamp;
  /** 移交单 (首问协查): whether the department had been on site before asking, else why not. */
  on_site?: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  offsite_reason?: ColumnType<string | null, string | null | undefined, string | null>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
}

export interface TimelineTable {
  id: Generated<number>;
  case_id: string;
  at: Timestamp;
  actor: string;
  action: string;
  dept: string | null;
  note: string | null;
  ref: string | null;
}

export interface InboxTable {
  key: string;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  received_at: Timestamp;
  processed_at: NullableTimestamp;
}

export interface OutboxTable {
  id: string;
  job: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  enqueued_at: NullableTimestamp;
}

export interface CaseNumbersTable {
  street: string;
  day: string;
  seq: number;
}

export interface DigestDeliveriesTable {
  street: string;
  period: string;
  slot: string;
  sent_at: Timestamp;
}

/** Columns of migrations 009 (src/clocks) and 012 (src/joint, src/escalation/key.ts): optional in a row, so rows built by hand (tests, card samples) may omit them. */
type CaseClockCols =
  | 'shelved_at'
  | 'shelved_by'
  | 'shelve_reason'
  | 'shelve_review'
  | 'bounces'
  | 'street_late_at'
  | 'stage'
  | 'stage_due'
  | 'stage_late_at'
  | 'key_at'
  | 'key_by';
type DeptClockCols =
  | 'signed_at'
  | 'signed_by'
  | 'sign_late_at'
  | 'contacted_at'
  | 'contacted_by'
  | 'contact_late_at'
  | 'attended_at'
  | 'attended_by';
export type CaseRow = Omit<Selectable<CasesTable>, CaseClockCols> &
  Partial<Pick<Selectable<CasesTable>, CaseClockCols>>;
export type NewCase = Insertable<CasesTable>;
export type CaseUpdate = Updateable<CasesTable>;
/** `nudged_at` is optional in a row: added by migration 002, and rows built by hand (tests, views) may omit it. */
export type DeptRow = Omit<Selectable<CaseDepartmentsTable>, 'nudged_at' | DeptClockCols> & {
  nudged_at?: Date | null;
} & Partial<Pick<Selectable<CaseDepartmentsTable>, DeptClockCols>>;
export type NewDept = Insertable<CaseDepartmentsTable>;
export type DeptUpdate = Updateable<CaseDepartmentsTable>;
export type TimelineRow = Selectable<TimelineTable>;
export type RequestRow = Selectable<RequestsTable>;
export type PresenceRow = Selectable<PresenceTable>;
