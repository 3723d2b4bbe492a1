import { LARK_CODES } from '../lark/limits.js';
import { cardContent } from '../lark/outbound/messages.js';
import type { Notice } from '../notices/notices.js';
import type { OutboundJob, SentRecord } from '../queue/outbound-jobs.js';
import { renewCard } from './renew.js';
import type { WhistleService } from './service.js';
import type { CaseState } from './store.js';

/** What the outbound worker and chat events tell the whistle domain about delivery. */

/** Outbound hook: remember which message is which card. */
export async function recordSent(svc: WhistleService, record: SentRecord, messageId: string): Promise<void> {
  const store = svc.deps.store;
  // The first send of a case card wins (a redelivered job must not move it); a renewal replaces the old card,
  // so later updates go to the new message.
  if (record.kind === 'case_card') await store.setCaseCard(record.ref, messageId, true);
  else if (record.kind === 'case_card_renew') await store.setCaseCard(record.ref, messageId, false);
  // The coordination meeting's calendar event (the ref is the case id).
  else if (record.kind === 'meeting') await store.setMeetingEvent(record.ref, messageId);
  else if (record.kind === 'dept_card' || record.kind === 'dept_card_renew') {
    const [caseId, dept] = record.ref.split('|') as [string, string];
    await store.setDeptCard(caseId, dept, messageId);
  }
}

/** Outbound hook: the current card for a refresh target. */
export async function renderTarget(
  svc: WhistleService,
  target: string,
): Promise<{ messageId: string; chatId?: string; card: string } | undefined> {
  const caseId = target.split('|')[1];
  const s = caseId ? await svc.deps.store.find(caseId) : undefined;
  return s ? targetCard(svc, s, target) : undefined;
}

/** The card a refresh target shows in state `s`, and the message it is on; undefined when there is none. */
export function targetCard(
  svc: WhistleService,
  s: CaseState,
  target: string,
): { messageId: string; chatId?: string; card: string } | undefined {
  const [kind, , dept] = target.split('|');
  if (kind === 'status') {
    const card = svc.renderCase(s);
    return s.caseRow.card_message_id && card
      ? { messageId: s.caseRow.card_message_id, chatId: s.caseRow.chat_id, card: cardContent(card) }
      : undefined;
  }
  const row = s.depts.find((d) => d.dept === dept);
  const card = dept ? svc.renderCase(s, dept) : undefined;
  return row?.card_message_id && card ? { messageId: row.card_message_id, card: cardContent(card) } : undefined;
}

/** What a failed job carried, in words for the street (zh, en) and a stable key for deduplication. */
function whatFailed(svc: WhistleService, job: OutboundJob): { zh: string; en: string; key: string; dept?: string } {
  const record = job.op === 'send' || job.op === 'reply' ? job.record : undefined;
  const target = job.op === 'refresh' ? job.target.split('|') : [];
  const deptId =
    record?.kind === 'dept_card'
      ? record.ref.split('|')[1]
      : target[0] === 'dept'
        ? target[2]
        : job.op === 'send' && job.to.type === 'chat_id'
          ? svc.roster.departmentByChat(job.to.id)?.id
          : undefined;
  const d = deptId ? svc.roster.department(deptId) : undefined;
  const name = { zh: d?.name ?? deptId ?? '', en: d?.name_en ?? d?.name ?? deptId ?? '' };
  if (record?.kind === 'dept_card' || target[0] === 'dept')
    return { zh: `${name.zh}召集卡`, en: `summons card for ${name.en}`, key: `dept-${deptId}`, dept: deptId };
  if (record?.kind === 'case_card' || target[0] === 'status' || job.op === 'card_update')
    return { zh: '案件卡片（草稿/状态卡）', en: 'case card (draft or status)', key: 'case' };
  if (record?.kind === 'notice') return { zh: '通知', en: 'notice', key: `notice-${record.ref}`, dept: deptId };
  return { zh: '消息', en: 'message', key: job.op, dept: deptId };
}

/** Outbound hook: a call refused for good, whatever the code. Recorded on the case's timeline, and the street's
 * command chat is told which case and what failed (an unreachable department chat gets its own wording). A notice
 * to the street that fails is only recorded: telling the street again would fail the same way. */
export async function deliveryFailed(
  svc: WhistleService,
  job: OutboundJob,
  code: number | undefined,
  unreachable: boolean,
  message: string,
): Promise<void> {
  if (!job.caseId) return;
  if (code === LARK_CODES.cardExpired && job.op === 'refresh') {
    // The card is older than 14 days: post a fresh one in its thread instead of losing the update.
    const [kind, caseId, dept] = job.target.split('|');
    const ids = await svc.deps.store.withCase(caseId!, async (tx, st) =>
      st ? renewCard(svc, tx, st, kind === 'dept' ? dept : undefined) : [],
    );
    await svc.deps.outbox.relay(ids);
    return;
  }
  const s = await svc.deps.store.find(job.caseId);
  if (!s) return;
  const what = whatFailed(svc, job);
  const entries = [
    {
      action: 'delivery_failed',
      dept: what.dept,
      note: `${what.en}: ${job.op} ${code ?? ''} ${message}`.slice(0, 300),
    },
  ];
  const toStreet =
    job.op === 'send' && job.to.type === 'chat_id' && job.to.id === svc.roster.commandChat(s.caseRow.tier);
  const notices: Notice[] =
    what.key.startsWith('notice') && toStreet
      ? []
      : unreachable && what.dept
        ? [{ kind: 'undeliverable', dept: what.dept, to: 'street', note: String(code ?? '') }]
        : [{ kind: 'refused', dept: what.dept, to: 'street', note: `${what.zh}|${what.en}|${code ?? ''}|${message}` }];
  await svc.notify(job.caseId, notices, entries, `refused-${job.caseId}-${what.key}-${code ?? 'x'}`);
}

/** Outbound hook: an urgent Lark answered but could not deliver to some people (invalid_user_id_list: not in the
 * chat, not allowed). The street hears who, and the timeline records it. */
export async function urgentRefused(svc: WhistleService, job: OutboundJob, users: string[]): Promise<void> {
  if (!job.caseId || job.op !== 'urgent') return;
  const dept = job.chatId ? svc.roster.departmentByChat(job.chatId)?.id : undefined;
  const names = users.map((u) => svc.roster.name(u)).join('、');
  await svc.notify(
    job.caseId,
    [{ kind: 'urgent_refused', dept, to: 'street', note: names }],
    [{ action: 'urgent_failed', dept, note: `${job.kind}: ${users.join(', ')}`.slice(0, 300) }],
    `urgent-refused-${job.caseId}-${job.messageId}-${job.kind}-${users.join(',')}`,
  );
}

/** The bot lost a department chat: every open case that waits on that department hears about it. */
export async function chatLost(svc: WhistleService, dept: string, chatId: string): Promise<void> {
  const open = await svc.deps.store.openOrAcceptedCases(svc.roster.street.id);
  for (const s of open) {
    const row = s.depts.find((r) => r.dept === dept && (r.status === 'summoned' || r.status === 'arrived'));
    if (!row) continue;
    await svc.notify(
      s.caseRow.id,
      [{ kind: 'undeliverable', dept, to: 'street', note: chatId }],
      [{ action: 'chat_lost', dept, note: chatId }],
      `chatlost-${s.caseRow.id}-${dept}-${svc.deps.clock.now()}`,
    );
  }
}
