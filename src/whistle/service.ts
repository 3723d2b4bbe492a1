import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { statusEvent } from '../callbacks/events.js';
import { renderCard } from '../cards/render-card.js';
import type { Clock } from '../clock.js';
import type { Database, NewCase } from '../db/schema.js';
import { AlreadyDone, newErrorId, UserError } from '../errors.js';
import { dayKey } from '../i18n/time.js';
import { learntNote } from '../intake/learn/note.js';
import type { CardAction, IncomingMessage } from '../lark/inbound/events.js';
import { replyCard, sendCard } from '../lark/outbound/messages.js';
import type { Logger } from '../log.js';
import { type Notice, noticeJobs } from '../notices/notices.js';
import type { OutboundJob } from '../queue/outbound-jobs.js';
import { jobId, type Outbox } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { draftVars, statusVars, summonsVars } from '../views/views.js';
import { actionValueSchema, formText } from './action-value.js';
import { applyPlan, type Clicked } from './apply-plan.js';
import { targetCard } from './delivery.js';
import type { ActionName } from './model.js';
import { authorize } from './permissions.js';
import type { Plan, Toast } from './plan.js';
import { proposeLevel } from './rules/level.js';
import type { CaseState, OnceRow, WhistleStore } from './store.js';
import { type Ctx, decide } from './transitions.js';
import { type Understood, understand } from './understand.js';

export interface WhistleDeps {
  store: WhistleStore;
  outbox: Outbox;
  roster: () => Roster;
  clock: Clock;
  log: Logger;
  /** Called after every committed change so timers follow the case (issue: deadlines); `committed` is the state
   * the transaction committed, so that the re-plan need not read the case again. */
  onChanged?: (caseId: string, committed?: CaseState) => Promise<void>;
}

export type { Clicked } from './apply-plan.js';

/** What a click is answered with, in the domain's words (src/lark/inbound/card-answer.ts gives it Lark's shape). */
export interface ActAnswer {
  toast: Toast;
  card?: Record<string, unknown>;
}

export const caseIdFor = (key: string) => `w${createHash('sha256').update(key).digest('hex').slice(0, 15)}`;

/** The whistle loop: a reported case becomes a draft, a confirmed draft summons departments, clicks move
 * departments and the case through their states. Every change is one transaction; Lark calls go through the
 * outbox written in that same transaction. */
export class WhistleService {
  constructor(readonly deps: WhistleDeps) {}

  get roster(): Roster {
    return this.deps.roster();
  }

  /** A message mentioning the bot in a command chat: a draft, or at once a whistle for an emergency. */
  async report(msg: IncomingMessage, tier: string): Promise<string | undefined> {
    const r = await this.#open({
      id: caseIdFor(`msg:${msg.messageId}`),
      tier,
      text: msg.text,
      chatId: msg.chatId,
      originMessageId: msg.messageId,
      createdBy: msg.senderId,
      whistle: (u) => u.kind === 'emergency',
      deliver: (card, id) =>
        replyCard(msg, card, { inThread: true, record: { kind: 'case_card', ref: id }, caseId: id }),
    });
    return r.created ? r.id : undefined;
  }

  /** A case from another system (12345 hotline, grid platform): whistled at once when it can be placed, otherwise
   * a draft in the command chat for a cadre to place. The same reference twice is one case. */
  async createFromApi(input: {
    text: string;
    source: string;
    ref?: string;
    category?: string;
    location?: string;
    resident?: { name?: string; phone?: string };
    callback?: string;
  }): Promise<{ id: string; created: boolean; number: string | null; status: string; question: string | null }> {
    const roster = this.roster;
    // A source the roster trusts is whistled at once; every other case is a draft for the street to 研判.
    const known = roster.source(input.source);
    const chatId = roster.commandChat('street');
    const id = caseIdFor(input.ref ? `ref:${roster.street.id}:${input.ref}` : `api:${randomUUID()}`);
    const r = await this.#open({
      id,
      tier: 'street',
      text: input.text,
      chatId,
      createdBy: 'api',
      source: input.source,
      sourceRef: input.ref,
      category: input.category,
      location: input.location,
      extra: {
        resident_name: input.resident?.name ?? null,
        resident_phone: input.resident?.phone ?? null,
        callback: input.callback ?? known?.callback ?? null,
      },
      whistle: (u) => known?.trusted === true && u.lead !== null && (u.category !== null || u.kind === 'emergency'),
      deliver: (card, caseId) =>
        sendCard({ chat: chatId }, card, { record: { kind: 'case_card', ref: caseId }, caseId }),
    });
    const s = await this.deps.store.find(r.id);
    return {
      id: r.id,
      created: r.created,
      number: s?.caseRow.number ?? null,
      status: s?.caseRow.status ?? 'draft',
      question: r.question,
    };
  }

  async #open(o: {
    id: string;
    tier: string;
    text: string;
    chatId: string;
    originMessageId?: string;
    createdBy: string;
    source?: string;
    sourceRef?: string;
    category?: string;
    location?: string;
    extra?: Pick<NewCase, 'resident_name' | 'resident_phone' | 'callback'>;
    whistle: (u: Understood['u']) => boolean;
    deliver: (card: unknown, id: string) => OutboundJob;
  }): Promise<{ id: string; created: boolean; question: string | null }> {
    const roster = this.roster;
    const now = this.deps.clock.now();
    const { u, bounded, learnt, offer, depts } = await understand(this.deps.store, roster, o, now);
    const id = o.id;
    const created = await this.deps.store.transaction(async (tx) => {
      const inserted = await this.deps.store.insertCase(
        tx,
        {
          id,
          street: roster.street.id,
          tier: o.tier,
          status: 'draft',
          kind: u.kind,
          category: u.category,
          text: o.text,
          location: o.location ?? u.location,
          source: o.source ?? u.source ?? 'chat',
          source_ref: o.sourceRef ?? null,
          chat_id: o.chatId,
          origin_message_id: o.originMessageId ?? null,
          created_by: o.createdBy,
          created_at: new Date(now),
          deadline: u.deadline ? new Date(u.deadline) : null,
          level: proposeLevel(u.kind, depts.length, (u as { level?: unknown }).level),
          proposed_category: u.category,
          proposed_lead: u.lead,
          proposed_kind: u.kind,
          confidence: u.confidence,
          learnt_from: learnt?.id ?? null,
          merge_offer: offer?.number ?? null,
          ...o.extra,
        },
        depts,
      );
      if (!inserted) return undefined;
      await this.deps.store.appendTimeline(tx, id, new Date(now), [
        {
          actor: o.createdBy,
          action: 'draft',
          ref: o.originMessageId ?? o.sourceRef ?? null,
          note: u.category ?? null,
        },
      ]);
      let state = (await this.deps.store.find(id, tx))!;
      const auto = o.whistle(u) && u.lead !== null && !offer;
      let applied: string[] = [];
      if (auto) {
        const p = await decide('confirm', state, this.#ctx(tx, state, 'bot', o.originMessageId, {}));
        ({ after: state, ids: applied } = await this.apply(tx, state, p, { card: 'draft' }));
      }
      const card = auto
        ? renderCard('whistle-status', statusVars(state, this.#view()))
        : renderCard(
            'whistle-draft',
            draftVars(state, this.#view(), joinNotes(joinNotes(u.question, bounded.ignored), learntNote(learnt))),
          );
      const ids = await this.deps.outbox.write(tx, [
        { id: jobId('draft', id), job: o.deliver(card, id) },
        // The source hears that its case arrived (a whistle already announced itself through the plan).
        ...(auto ? [] : await statusEvent(tx, state, roster, new Date(now))),
      ]);
      return { ids: [...ids, ...applied], auto };
    });
    if (!created) return { id, created: false, question: null };
    await this.deps.outbox.relay(created.ids);
    await this.deps.onChanged?.(id);
    this.deps.log.info({ caseId: id, category: u.category, kind: u.kind, auto: created.auto }, 'case reported');
    return { id, created: true, question: u.question?.zh ?? null };
  }

  #view() {
    return { roster: this.roster, now: this.deps.clock.now() };
  }

  #ctx(
    tx: Transaction<Database>,
    s: CaseState,
    actor: string,
    ref: string | undefined,
    form: Record<string, unknown>,
    dept?: string,
    req?: string,
  ): Ctx {
    const roster = this.roster;
    return {
      roster,
      now: this.deps.clock.now(),
      actor,
      ref,
      form,
      dept,
      req,
      nextNumber: () =>
        this.deps.store.nextNumber(
          tx,
          s.caseRow.street,
          roster.streetCode,
          dayKey(this.deps.clock.now(), roster.timezone),
        ),
    };
  }

  /** A click or form submit on one of our cards. Always answers: a toast, and the card as it now is. With `once`
   * (the click's dedupe row) the row commits with the click's change; undefined: this click was handled before. */
  async act(a: CardAction, once?: OnceRow): Promise<ActAnswer | undefined> {
    const r = await this.#act(a, once);
    // A refusal rolled the click's row back with everything else: it is recorded on its own (dedupe and audit).
    return r && once && !r.committed && !(await once.alone().catch(() => true)) ? undefined : r?.answer;
  }

  async #act(a: CardAction, once?: OnceRow): Promise<{ answer: ActAnswer; committed: boolean } | undefined> {
    const parsed = actionValueSchema.safeParse(a.value);
    if (!parsed.success) {
      this.deps.log.warn({ operator: a.operatorId }, 'card action with an unknown value');
      const toast = { zh: '卡片已过期或无效，请使用最新的卡片', en: 'This card is out of date; use the latest one' };
      return { answer: { toast: { type: 'error', ...toast } }, committed: false };
    }
    const v = parsed.data;
    const action = v.action as ActionName;
    const clicked: Clicked = v.card ? { card: v.card, dept: v.dept, messageId: a.messageId } : undefined;
    const log = this.deps.log.child({ caseId: v.whistle, action, operator: a.operatorId, dept: v.dept });
    try {
      const run = async (tx: Transaction<Database>, s: CaseState | undefined) => {
        if (!s) throw new UserError('unknown_case', '找不到这个案件', 'No such case');
        if (v.dept && !s.depts.some((d) => d.dept === v.dept) && !['add_dept'].includes(action)) {
          throw new UserError('not_on_case', '该部门不在此案件中', 'That department is not on this case');
        }
        authorize(this.roster, s, action, a.operatorId, v.dept);
        const p = await decide(
          action,
          s,
          this.#ctx(tx, s, a.operatorId, a.eventId, withButtonChoice(a.form, v), v.dept, v.req),
        );
        const { after, ids } = await this.apply(tx, s, p, clicked);
        return { p, after, ids };
      };
      const done = await this.deps.store.withCaseOnce(v.whistle, once, run);
      if (done.seen) return undefined;
      const result = done.value;
      await this.deps.outbox.relay(result.ids);
      // Timers follow after the answer: the person waits for the toast, not for Redis (the sweep covers a miss).
      void this.deps.onChanged?.(v.whistle, result.after);
      if (result.p.refusal) {
        log.info({ code: result.p.refusal.code }, 'action refused');
        const toast = { type: 'error' as const, zh: result.p.refusal.zh, en: result.p.refusal.en };
        return { answer: { toast, ...this.#cardFor(result.after, clicked) }, committed: true };
      }
      log.info('action applied');
      const edit = action === 'edit' ? { search: formText(a.form ?? {}, 'search', 40) } : undefined;
      return { answer: { toast: result.p.toast, ...this.#cardFor(result.after, clicked, edit) }, committed: true };
    } catch (err) {
      return { answer: this.#failed(err, log), committed: false };
    }
  }

  /** The answer to a click whose transaction threw: a refusal in words, anything else with a reference. */
  #failed(err: unknown, log: Logger): ActAnswer {
    if (err instanceof AlreadyDone) return { toast: { type: 'info', zh: err.zh, en: err.en } };
    if (err instanceof UserError) {
      log.info({ code: err.code }, 'action refused');
      return { toast: { type: 'error', zh: err.zh, en: err.en } };
    }
    const ref = newErrorId();
    log.error({ err, ref }, 'action failed');
    return {
      toast: {
        type: 'error',
        zh: `系统出错，请稍后再试（编号 ${ref}）`,
        en: `Something went wrong, please try again (ref ${ref})`,
      },
    };
  }

  /** An action from outside Lark (the API's 回访 feedback): the same rules and transaction as a click; throws the
   * refusal (UserError / AlreadyDone) for the caller to answer. */
  async actFromApi(caseId: string, action: ActionName, actor: string, form: Record<string, unknown>): Promise<void> {
    const ids = await this.deps.store.withCase(caseId, async (tx, s) => {
      if (!s) throw new UserError('unknown_case', '找不到这个案件', 'No such case');
      const p = await decide(action, s, this.#ctx(tx, s, actor, undefined, form));
      if (p.refusal) throw p.refusal;
      return (await this.apply(tx, s, p, undefined)).ids;
    });
    await this.deps.outbox.relay(ids);
    void this.deps.onChanged?.(caseId);
  }

  #cardFor(s: CaseState, clicked: Clicked, edit?: { search?: string }): Pick<ActAnswer, 'card'> {
    if (!clicked || clicked.card === 'notice') return {};
    const card = this.renderCase(s, clicked.card === 'dept' ? clicked.dept : undefined, clicked.card === 'draft', edit);
    return card ? { card } : {};
  }

  /** The card a case shows now: a department's summons card, or the draft/status card. */
  renderCase(
    s: CaseState,
    dept?: string,
    draftCard = false,
    edit?: { search?: string },
  ): Record<string, unknown> | undefined {
    const view = this.#view();
    if (dept)
      return s.depts.some((d) => d.dept === dept)
        ? renderCard('whistle-summons', summonsVars(s, dept, view))
        : undefined;
    if (s.caseRow.status === 'draft' || (draftCard && s.caseRow.status === 'cancelled' && !s.caseRow.number)) {
      return renderCard(
        'whistle-draft',
        draftVars(
          s,
          view,
          s.caseRow.category || s.depts.some((d) => d.role === 'lead')
            ? null
            : { zh: '请选择类别或主责部门', en: 'Choose a category or a lead department' },
          edit !== undefined,
          edit?.search,
        ),
      );
    }
    return renderCard('whistle-status', statusVars(s, view));
  }

  /** Writes a plan and the Lark calls it causes, inside the caller's transaction (clicks, timers, evidence). */
  apply(tx: Transaction<Database>, s: CaseState, p: Plan, clicked: Clicked) {
    return applyPlan({ ...this.deps, render: (st, target) => targetCard(this, st, target) }, tx, s, p, clicked);
  }

  /** Sends notices outside a click (reminders, escalations); one transaction, recorded on the timeline. */
  async notify(
    caseId: string,
    notices: Notice[],
    entries: { action: string; dept?: string; note?: string }[],
    key: string,
  ): Promise<void> {
    const ids = await this.deps.store.withCase(caseId, async (tx, s) => {
      if (!s) return [];
      await this.deps.store.appendTimeline(
        tx,
        caseId,
        new Date(this.deps.clock.now()),
        entries.map((e) => ({ actor: 'bot', ...e })),
      );
      const now = this.deps.clock.now();
      const jobs = notices.flatMap((n, i) => noticeJobs(s, n, this.roster, `${key}-${i}`, now));
      return this.deps.outbox.write(tx, jobs);
    });
    await this.deps.outbox.relay(ids);
  }
}

/** The draft's question and a note about what was not taken from the text, shown together. */
/** A one-tap choice on a draft travels in the button's value; the rules read it as the form field it stands for. */
function withButtonChoice(form: Record<string, unknown> | undefined, v: { pick?: string; into?: string }) {
  return { ...(form ?? {}), ...(v.pick ? { category: v.pick } : {}), ...(v.into ? { into: v.into } : {}) };
}

function joinNotes(
  a: { zh: string; en: string } | null,
  b: { zh: string; en: string } | undefined,
): { zh: string; en: string } | null {
  if (!a || !b) return a ?? b ?? null;
  return { zh: `${a.zh}\n${b.zh}`, en: `${a.en}\n${b.en}` };
}
