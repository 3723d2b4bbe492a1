import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { renderCard } from '../cards/render-card.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AlreadyDone, newErrorId, UserError } from '../errors.js';
import { dayKey, formatDeadline } from '../i18n/time.js';
import { classify } from '../intake/classify.js';
import type { CardAction, CardResponse, IncomingMessage } from '../lark/events.js';
import type { Logger } from '../log.js';
import type { OutboundJob, SentRecord } from '../queue/outbound-jobs.js';
import { jobId, type Outbox } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { plannedTimers, type Timer, timerId } from '../timers/timer-plan.js';
import { actionValueSchema } from './action-value.js';
import type { ActionName } from './model.js';
import { type Notice, noticeJobs } from './notices.js';
import { authorize } from './permissions.js';
import { Plan, type Toast } from './plan.js';
import type { CaseState, WhistleStore } from './store.js';
import { type Ctx, decide, escalationStep } from './transitions.js';
import { draftVars, statusVars, summonsVars } from './views.js';

export interface WhistleDeps {
  store: WhistleStore;
  outbox: Outbox;
  roster: () => Roster;
  clock: Clock;
  log: Logger;
  /** Called after every committed change so timers follow the case (issue: deadlines). */
  onChanged?: (caseId: string) => Promise<void>;
}

type Clicked = { card: 'draft' | 'status' | 'dept' | 'notice'; dept?: string } | undefined;

const toast = (t: Toast): CardResponse['toast'] => ({
  type: t.type,
  content: t.zh,
  i18n: { zh_cn: t.zh, en_us: t.en },
});
export const caseIdFor = (key: string) => `w${createHash('sha256').update(key).digest('hex').slice(0, 15)}`;

/** The whistle loop: a reported case becomes a draft, a confirmed draft summons departments, clicks move
 * departments and the case through their states. Every change is one transaction; Lark calls go through the
 * outbox written in that same transaction. */
export class WhistleService {
  constructor(private readonly d: WhistleDeps) {}

  get roster(): Roster {
    return this.d.roster();
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
      deliver: (content, id) => ({
        op: 'reply',
        messageId: msg.messageId,
        chatId: msg.chatId,
        inThread: true,
        msg: { type: 'interactive', content },
        record: { kind: 'case_card', ref: id },
        caseId: id,
      }),
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
  }): Promise<{ id: string; created: boolean; number: string | null; status: string; question: string | null }> {
    const roster = this.roster;
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
      whistle: (u) => u.lead !== null && (u.category !== null || u.kind === 'emergency'),
      deliver: (content, caseId) => ({
        op: 'send',
        to: { type: 'chat_id', id: chatId },
        msg: { type: 'interactive', content },
        record: { kind: 'case_card', ref: caseId },
        caseId,
      }),
    });
    const s = await this.d.store.find(r.id);
    return {
      id: r.id,
      created: r.created,
      number: s?.c.number ?? null,
      status: s?.c.status ?? 'draft',
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
    whistle: (u: ReturnType<typeof classify>) => boolean;
    deliver: (content: string, id: string) => OutboundJob;
  }): Promise<{ id: string; created: boolean; question: string | null }> {
    const roster = this.roster;
    const now = this.d.clock.now();
    const u = classify(o.text, roster, now);
    const cat = o.category ? roster.category(o.category) : undefined;
    if (cat) {
      // The caller knows the category: its lead and helpers, plus any department the text names.
      Object.assign(u, {
        category: cat.id,
        lead: cat.lead,
        assist: [...new Set([...cat.assist, ...u.assist])].filter((d) => d !== cat.lead),
        question: null,
      });
      if (cat.kind === 'emergency') u.kind = 'emergency';
    }
    const id = o.id;
    const depts = [...(u.lead ? [u.lead] : []), ...u.assist].map((dept, i) => ({
      case_id: id,
      dept,
      role: i === 0 && u.lead ? 'lead' : 'assist',
      status: 'proposed',
    }));
    const created = await this.d.store.db.transaction().execute(async (tx) => {
      const inserted = await this.d.store.insertCase(
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
        },
        depts,
      );
      if (!inserted) return undefined;
      await this.d.store.appendTimeline(tx, id, new Date(now), [
        {
          actor: o.createdBy,
          action: 'draft',
          ref: o.originMessageId ?? o.sourceRef ?? null,
          note: u.category ?? null,
        },
      ]);
      let state = (await this.d.store.find(id, tx))!;
      const auto = o.whistle(u) && u.lead !== null;
      let applied: string[] = [];
      if (auto) {
        const p = await decide('confirm', state, this.#ctx(tx, state, 'bot', o.originMessageId, {}));
        ({ after: state, ids: applied } = await this.#apply(tx, state, p, { card: 'draft' }));
      }
      const card = auto
        ? renderCard('whistle-status', statusVars(state, this.#view()))
        : renderCard('whistle-draft', draftVars(state, this.#view(), u.question));
      const ids = await this.d.outbox.write(tx, [{ id: jobId('draft', id), job: o.deliver(JSON.stringify(card), id) }]);
      return { ids: [...ids, ...applied], auto };
    });
    if (!created) return { id, created: false, question: null };
    await this.d.outbox.relay(created.ids);
    await this.d.onChanged?.(id);
    this.d.log.info({ caseId: id, category: u.category, kind: u.kind, auto: created.auto }, 'case reported');
    return { id, created: true, question: u.question?.zh ?? null };
  }

  #view() {
    return { roster: this.roster, now: this.d.clock.now() };
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
      now: this.d.clock.now(),
      actor,
      ref,
      form,
      dept,
      req,
      nextNumber: () =>
        this.d.store.nextNumber(tx, s.c.street, roster.streetCode, dayKey(this.d.clock.now(), roster.timezone)),
    };
  }

  /** A click or form submit on one of our cards. Always answers: a toast, and the card as it now is. */
  async act(a: CardAction): Promise<CardResponse> {
    const parsed = actionValueSchema.safeParse(a.value);
    if (!parsed.success) {
      this.d.log.warn({ operator: a.operatorId }, 'card action with an unknown value');
      return {
        toast: toast({
          type: 'error',
          zh: '卡片已过期或无效，请使用最新的卡片',
          en: 'This card is out of date; use the latest one',
        }),
      };
    }
    const v = parsed.data;
    const action = v.action as ActionName;
    const clicked: Clicked = v.card ? { card: v.card, dept: v.dept } : undefined;
    const log = this.d.log.child({ caseId: v.whistle, action, operator: a.operatorId, dept: v.dept });
    try {
      const result = await this.d.store.withCase(v.whistle, async (tx, s) => {
        if (!s) throw new UserError('unknown_case', '找不到这个案件', 'No such case');
        if (v.dept && !s.depts.some((d) => d.dept === v.dept) && !['add_dept'].includes(action)) {
          throw new UserError('not_on_case', '该部门不在此案件中', 'That department is not on this case');
        }
        authorize(this.roster, s, action, a.operatorId, v.dept);
        const p = await decide(action, s, this.#ctx(tx, s, a.operatorId, a.eventId, a.form, v.dept, v.req));
        const { after, ids } = await this.#apply(tx, s, p, clicked);
        return { p, after, ids };
      });
      await this.d.outbox.relay(result.ids);
      await this.d.onChanged?.(v.whistle);
      if (result.p.refusal) {
        log.info({ code: result.p.refusal.code }, 'action refused');
        return {
          toast: toast({ type: 'error', zh: result.p.refusal.zh, en: result.p.refusal.en }),
          ...this.#cardFor(result.after, clicked),
        };
      }
      log.info('action applied');
      return { toast: toast(result.p.toast), ...this.#cardFor(result.after, clicked) };
    } catch (err) {
      if (err instanceof AlreadyDone) return { toast: toast({ type: 'info', zh: err.zh, en: err.en }) };
      if (err instanceof UserError) {
        log.info({ code: err.code }, 'action refused');
        return { toast: toast({ type: 'error', zh: err.zh, en: err.en }) };
      }
      const ref = newErrorId();
      log.error({ err, ref }, 'action failed');
      return {
        toast: toast({
          type: 'error',
          zh: `系统出错，请稍后再试（编号 ${ref}）`,
          en: `Something went wrong, please try again (ref ${ref})`,
        }),
      };
    }
  }

  #cardFor(s: CaseState, clicked: Clicked): Pick<CardResponse, 'card'> {
    if (!clicked || clicked.card === 'notice') return {};
    const data = this.renderCase(s, clicked.card === 'dept' ? clicked.dept : undefined, clicked.card === 'draft');
    return data ? { card: { type: 'raw', data } } : {};
  }

  /** The card a case shows now: a department's summons card, or the draft/status card. */
  renderCase(s: CaseState, dept?: string, draftCard = false): Record<string, unknown> | undefined {
    const view = this.#view();
    if (dept)
      return s.depts.some((d) => d.dept === dept)
        ? renderCard('whistle-summons', summonsVars(s, dept, view))
        : undefined;
    if (s.c.status === 'draft' || (draftCard && s.c.status === 'cancelled' && !s.c.number)) {
      return renderCard(
        'whistle-draft',
        draftVars(
          s,
          view,
          s.c.category || s.depts.some((d) => d.role === 'lead')
            ? null
            : { zh: '请选择类别或主责部门', en: 'Choose a category or a lead department' },
        ),
      );
    }
    return renderCard('whistle-status', statusVars(s, view));
  }

  /** Writes a plan and the Lark calls it causes, inside the caller's transaction. */
  async #apply(
    tx: Transaction<Database>,
    s: CaseState,
    p: Plan,
    clicked: Clicked,
  ): Promise<{ after: CaseState; ids: string[] }> {
    const store = this.d.store;
    const now = new Date(this.d.clock.now());
    const id = s.c.id;
    if (p.refusal) {
      await store.appendTimeline(tx, id, now, p.timeline);
      return { after: s, ids: [] };
    }
    if (p.replaceProposed) await store.replaceProposedDepts(tx, id, p.replaceProposed);
    for (const [dept, patch] of p.deptPatches) await store.updateDept(tx, id, dept, patch);
    for (const nd of p.newDepts) await store.addDept(tx, nd);
    for (const r of p.newRequests) {
      await tx
        .insertInto('requests')
        .values({
          id: r.id,
          case_id: id,
          dept: r.dept,
          kind: r.kind,
          status: 'pending',
          reason: r.reason ?? null,
          basis: r.basis ?? null,
          target: r.target ?? null,
          extend_ms: r.extendMs ?? null,
          requested_by: r.by,
          requested_at: now,
        })
        .execute();
    }
    for (const r of p.requestDecisions) {
      await tx
        .updateTable('requests')
        .set({ status: r.status, decided_by: r.by, decided_at: now })
        .where('id', '=', r.id)
        .execute();
    }
    for (const c of p.presenceClose) {
      let q = tx
        .updateTable('presence')
        .set({ until: now })
        .where('case_id', '=', id)
        .where('dept', '=', c.dept)
        .where('until', 'is', null);
      if (c.user) q = q.where('user_id', '=', c.user);
      await q.execute();
    }
    for (const o of p.presenceOpen) {
      await tx
        .insertInto('presence')
        .values({ case_id: id, dept: o.dept, user_id: o.user, since: now, last_seen: now })
        .onConflict((oc) =>
          oc.columns(['case_id', 'dept', 'user_id']).doUpdateSet((eb) => ({
            since: eb.case().when('presence.until', 'is not', null).then(now).else(eb.ref('presence.since')).end(),
            until: null,
            last_seen: now,
            missed: false,
            check_sent_at: null,
          })),
        )
        .execute();
    }
    await store.updateCase(tx, id, p.casePatch);
    await store.appendTimeline(tx, id, now, p.timeline);
    const after = (await store.find(id, tx))!;
    const version = after.c.version;
    const jobs: { id: string; job: OutboundJob }[] = [];
    const roster = this.roster;
    for (const dept of p.summon) {
      const info = roster.department(dept);
      if (!info) continue;
      const card = renderCard('whistle-summons', summonsVars(after, dept, this.#view()));
      jobs.push({
        id: jobId('summon', id, dept, version),
        job: {
          op: 'send',
          to: { type: 'chat_id', id: info.chat },
          msg: { type: 'interactive', content: JSON.stringify(card) },
          record: { kind: 'dept_card', ref: `${id}|${dept}` },
          caseId: id,
        },
      });
    }
    p.notices.forEach((n, i) => {
      jobs.push(...noticeJobs(after, n as Notice, roster, `${id}-${version}-${i}`));
    });
    if (after.c.card_message_id && clicked?.card !== 'status' && clicked?.card !== 'draft') {
      jobs.push({
        id: jobId('refresh', 'status', id, version),
        job: { op: 'refresh', target: `status|${id}`, caseId: id },
      });
    }
    for (const d of after.depts) {
      if (!d.card_message_id || p.summon.has(d.dept)) continue;
      if (!(p.allCards || p.touched.has(d.dept))) continue;
      if (clicked?.card === 'dept' && clicked.dept === d.dept) continue;
      jobs.push({
        id: jobId('refresh', 'dept', id, d.dept, version),
        job: { op: 'refresh', target: `dept|${id}|${d.dept}`, caseId: id },
      });
    }
    return { after, ids: await this.d.outbox.write(tx, jobs) };
  }

  /** Sends notices outside a click (reminders, escalations); one transaction, recorded on the timeline. */
  async notify(
    caseId: string,
    notices: Notice[],
    entries: { action: string; dept?: string; note?: string }[],
    key: string,
  ): Promise<void> {
    const ids = await this.d.store.withCase(caseId, async (tx, s) => {
      if (!s) return [];
      await this.d.store.appendTimeline(
        tx,
        caseId,
        new Date(this.d.clock.now()),
        entries.map((e) => ({ actor: 'bot', ...e })),
      );
      const jobs = notices.flatMap((n, i) => noticeJobs(s, n, this.roster, `${key}-${i}`));
      return this.d.outbox.write(tx, jobs);
    });
    await this.d.outbox.relay(ids);
  }

  /** Outbound hook: remember which message is which card. */
  async recordSent(record: SentRecord, messageId: string): Promise<void> {
    const db = this.d.store.db;
    if (record.kind === 'case_card') {
      await db
        .updateTable('cases')
        .set({ card_message_id: messageId })
        .where('id', '=', record.ref)
        .where('card_message_id', 'is', null)
        .execute();
    } else if (record.kind === 'dept_card') {
      const [caseId, dept] = record.ref.split('|') as [string, string];
      await db
        .updateTable('case_departments')
        .set({ card_message_id: messageId })
        .where('case_id', '=', caseId)
        .where('dept', '=', dept)
        .execute();
    }
  }

  /** Outbound hook: the current card for a refresh target. */
  async renderTarget(target: string): Promise<{ messageId: string; chatId?: string; card: string } | undefined> {
    const [kind, caseId, dept] = target.split('|');
    const s = caseId ? await this.d.store.find(caseId) : undefined;
    if (!s) return undefined;
    if (kind === 'status') {
      const card = this.renderCase(s);
      return s.c.card_message_id && card
        ? { messageId: s.c.card_message_id, chatId: s.c.chat_id, card: JSON.stringify(card) }
        : undefined;
    }
    const row = s.depts.find((d) => d.dept === dept);
    const card = dept ? this.renderCase(s, dept) : undefined;
    return row?.card_message_id && card ? { messageId: row.card_message_id, card: JSON.stringify(card) } : undefined;
  }

  /** Outbound hook: a call refused for good. Recorded on the case; an unreachable department chat is told to
   * the street so that nobody waits on a summons that never arrived. */
  async deliveryFailed(
    job: OutboundJob,
    code: number | undefined,
    unreachable: boolean,
    message: string,
  ): Promise<void> {
    if (!job.caseId) return;
    const s = await this.d.store.find(job.caseId);
    if (!s) return;
    const chat = job.op === 'send' && job.to.type === 'chat_id' ? job.to.id : undefined;
    const dept = chat ? this.roster.departmentByChat(chat)?.id : undefined;
    const entries = [{ action: 'delivery_failed', dept, note: `${job.op} ${code ?? ''} ${message}`.slice(0, 300) }];
    const notices: Notice[] =
      unreachable && dept ? [{ kind: 'undeliverable', dept, to: 'street', note: String(code ?? '') }] : [];
    await this.notify(job.caseId, notices, entries, `undeliverable-${job.caseId}-${dept ?? 'x'}-${code ?? 'x'}`);
  }

  /** The bot lost a department chat: every open case that waits on that department hears about it. */
  async chatLost(dept: string, chatId: string): Promise<void> {
    const open = await this.d.store.openCases(this.roster.street.id);
    for (const s of open) {
      const row = s.depts.find((r) => r.dept === dept && (r.status === 'summoned' || r.status === 'arrived'));
      if (!row) continue;
      await this.notify(
        s.c.id,
        [{ kind: 'undeliverable', dept, to: 'street', note: chatId }],
        [{ action: 'chat_lost', dept, note: chatId }],
        `chatlost-${s.c.id}-${dept}-${this.d.clock.now()}`,
      );
    }
  }

  /** A timer fired: act only if the case still plans exactly this timer (anything else is stale). */
  async runTimer(t: Timer): Promise<'fired' | 'stale'> {
    const roster = this.roster;
    const result = await this.d.store.withCase(t.caseId, async (tx, s) => {
      if (!s || !plannedTimers(s, roster).some((x) => timerId(x) === timerId(t))) return undefined;
      const d = s.depts.find((x) => x.dept === t.dept)!;
      const now = this.d.clock.now();
      const p = new Plan();
      if (t.kind === 'remind') {
        const deadline = (t.phase === 'arrive' ? d.arrive_by : d.resolve_by)!.getTime();
        p.patchDept(d.dept, { reminded: t.step + 1 });
        // After downtime a reminder for a deadline already passed says nothing: the escalation speaks instead.
        if (now < deadline) {
          const left = formatDeadline(deadline, roster.timezone, now);
          p.notices.push({
            kind: 'remind',
            dept: d.dept,
            to: 'contacts',
            note: `${t.phase === 'arrive' ? '报到时限' : '办结时限'} ${left.zh}`,
          });
          p.log({ actor: 'bot', action: 'remind', dept: d.dept, note: t.phase });
        }
      } else if (t.kind === 'escalate') {
        const step = roster.escalation[t.step]!;
        escalationStep(p, d.dept, t.step, step, 'bot');
        p.patchDept(d.dept, t.phase === 'arrive' ? { arrive_late: true } : { resolve_late: true });
      } else if (t.user) {
        if (t.step === 0) {
          await tx
            .updateTable('presence')
            .set({ check_sent_at: new Date(now) })
            .where('case_id', '=', s.c.id)
            .where('dept', '=', d.dept)
            .where('user_id', '=', t.user)
            .execute();
          p.notices.push({ kind: 'presence_check', dept: d.dept, to: 'user', user: t.user });
          p.log({ actor: 'bot', action: 'presence_check', dept: d.dept, note: t.user });
        } else {
          await tx
            .updateTable('presence')
            .set({ missed: true })
            .where('case_id', '=', s.c.id)
            .where('dept', '=', d.dept)
            .where('user_id', '=', t.user)
            .execute();
          p.notices.push({ kind: 'presence_missed', dept: d.dept, to: 'street' });
          p.touched.add(d.dept);
          p.log({ actor: 'bot', action: 'presence_missed', dept: d.dept, note: t.user });
        }
      }
      const { ids } = await this.#apply(tx, s, p, undefined);
      return ids;
    });
    if (!result) return 'stale';
    await this.d.outbox.relay(result);
    await this.d.onChanged?.(t.caseId);
    return 'fired';
  }

  /** A location or photo posted in a case's thread by someone on the case: kept as a reference to the Lark
   * message (the content stays in Lark) and counted on the status card. */
  async addEvidence(msg: IncomingMessage): Promise<boolean> {
    const anchor = msg.rootId;
    if (!anchor) return false;
    const db = this.d.store.db;
    const byCase = await db
      .selectFrom('cases')
      .select('id')
      .where((eb) => eb.or([eb('card_message_id', '=', anchor), eb('origin_message_id', '=', anchor)]))
      .executeTakeFirst();
    const byDept = byCase
      ? undefined
      : await db
          .selectFrom('case_departments')
          .select(['case_id as id', 'dept'])
          .where('card_message_id', '=', anchor)
          .executeTakeFirst();
    const caseId = byCase?.id ?? byDept?.id;
    if (!caseId) return false;
    const roster = this.roster;
    const ids = await this.d.store.withCase(caseId, async (tx, s) => {
      if (!s) return undefined;
      const dept = byDept?.dept ?? s.depts.find((d) => roster.actsFor(msg.senderId, d.dept))?.dept;
      if (!(dept && roster.actsFor(msg.senderId, dept)) && !roster.isStreetStaff(msg.senderId, s.c.tier))
        return undefined;
      let note: string = msg.messageType;
      if (msg.messageType === 'location') {
        try {
          const c = JSON.parse(msg.content) as { name?: string; latitude?: string; longitude?: string };
          note = `location ${c.name ?? ''} ${c.latitude ?? ''},${c.longitude ?? ''}`.trim();
        } catch {
          // keep the bare type: the reference to the Lark message is what matters
        }
      }
      const p = new Plan();
      p.patchCase({ evidence: s.c.evidence + 1 });
      p.log({ actor: msg.senderId, action: 'evidence', dept: dept ?? null, note, ref: msg.messageId });
      if (dept) p.touched.add(dept);
      const { ids } = await this.#apply(tx, s, p, undefined);
      return ids;
    });
    if (!ids) return false;
    await this.d.outbox.relay(ids);
    return true;
  }
}
