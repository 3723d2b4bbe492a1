import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import { type ClockNoticeKind, clockTexts, isClockNotice } from '../clocks/clock-notices.js';
import { mentions, sendCard } from '../lark/outbound/messages.js';
import type { OutboundJob } from '../queue/outbound-jobs.js';
import { jobId } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { buttonValue } from '../whistle/action-value.js';
import type { CaseState } from '../whistle/store.js';
import { type Bi, isKindNotice, type KindNoticeKind, kindTexts, type NoticeText } from './kind-notices.js';
import { LIFECYCLE_TEXTS, type LifecycleNoticeKind } from './lifecycle-texts.js';

/** Every kind of notice: the lifecycle's and the whistle kinds'. */
export type NoticeKind = LifecycleNoticeKind | KindNoticeKind | ClockNoticeKind;

export interface Notice {
  kind: NoticeKind;
  dept?: string;
  to: 'chat' | 'contacts' | 'head' | 'street' | 'leaders' | 'district' | 'user';
  note?: string;
  user?: string;
  urgent?: ('app' | 'sms' | 'phone')[];
  /** A Lark urgent on each direct message of this notice (an emergency reaching leaders and the district). */
  dmUrgent?: 'app';
  /** The note in English, where it differs (a generated summary). */
  noteEn?: string;
}

/** The text of any notice: the kinds' table, then the lifecycle's (both exhaustive over their kinds). */
function texts(n: Notice, s: CaseState, deptName: Bi): NoticeText {
  if (isKindNotice(n.kind)) return kindTexts(n.kind, s, n.note, n.noteEn);
  // 签收, 联系, the street's steps, stages, 挂账, bounces (src/clocks).
  if (isClockNotice(n.kind)) return clockTexts(n.kind, s, deptName, n.note)!;
  const why = n.note ? `：${md(n.note)}` : '';
  const whyEn = n.note ? `: ${md(n.note)}` : '';
  return LIFECYCLE_TEXTS[n.kind]({ n: s.caseRow.number ?? '', deptName, note: n.note, why, whyEn });
}

type Job = { id: string; job: OutboundJob };

/** The one-tap answer a notice offers: 报到 on a reminder to a department still summoned, 我在现场 on a check. */
function noticeButtons(s: CaseState, n: Notice) {
  const button = (zh: string, en: string, action: string) => ({
    zh,
    en,
    type: 'primary_filled',
    value: buttonValue(action, s.caseRow.id, { dept: n.dept, card: 'notice' }),
  });
  const row = n.dept ? s.depts.find((x) => x.dept === n.dept) : undefined;
  if ((n.kind === 'nudge' || n.kind === 'remind') && row?.status === 'summoned')
    return [button('报到', 'Arrived', 'arrive')];
  if (n.kind === 'presence_check' && n.dept) return [button('我在现场', 'I am on site', 'presence_ok')];
  return [];
}

/** Where a notice goes, as job builders: a card to a chat (with mentions), a direct card, urgents on the
 * department's summons card. Job ids derive from the notice key, so a retried plan sends nothing twice. */
function addressing(
  s: CaseState,
  n: Notice,
  key: string,
  chatOf: string | undefined,
  card: (people: string[]) => unknown,
) {
  const jobs: Job[] = [];
  const record = { kind: 'notice', ref: n.kind };
  const row = n.dept ? s.depts.find((x) => x.dept === n.dept) : undefined;
  return {
    jobs,
    toChat(chat: string, people: string[]) {
      jobs.push({
        id: jobId('notice', key, chat),
        job: sendCard({ chat }, card(people), { caseId: s.caseRow.id, record }),
      });
    },
    toUser(user: string) {
      const urgent = n.dmUrgent ? { urgent: n.dmUrgent } : {};
      jobs.push({
        id: jobId('notice', key, user),
        job: sendCard({ user }, card([]), { caseId: s.caseRow.id, ...urgent, record }),
      });
    },
    urgent(users: string[]) {
      if (!row?.card_message_id || users.length === 0) return;
      for (const kind of n.urgent ?? []) {
        const job: OutboundJob = {
          op: 'urgent',
          messageId: row.card_message_id,
          chatId: chatOf,
          kind,
          userIds: users,
          caseId: s.caseRow.id,
        };
        jobs.push({ id: jobId('urgent', key, kind), job });
      }
    },
  };
}

/** Turns a notice into outbound jobs: cards to chats and people, urgents on the summons card. `now` (the service's
 * clock) picks who of a department is on duty (src/duty). */
export function noticeJobs(s: CaseState, n: Notice, roster: Roster, key: string, now: number): Job[] {
  const d = n.dept ? roster.department(n.dept) : undefined;
  const t = texts(n, s, { zh: d?.name ?? '', en: d?.name_en ?? d?.name ?? '' });
  const buttons = noticeButtons(s, n);
  const card = (people: string[]) =>
    renderCard('notice', {
      title: t.title,
      color: t.color,
      mentions: people.length ? mentions(people) : undefined,
      body: t.body,
      buttons,
    });
  const out = addressing(s, n, key, d?.chat, card);
  switch (n.to) {
    case 'chat':
      if (d) out.toChat(d.chat, []);
      break;
    case 'contacts':
      if (d) {
        const onDuty = roster.dutyContacts(d.id, now);
        out.toChat(d.chat, onDuty);
        for (const u of onDuty) out.toUser(u);
        out.urgent(onDuty);
      }
      break;
    case 'head':
      if (d?.head) {
        out.toUser(d.head);
        out.urgent([d.head, ...roster.dutyContacts(d.id, now)]);
      }
      break;
    case 'street':
      out.toChat(roster.commandChat(s.caseRow.tier), []);
      break;
    case 'user':
      if (n.user) out.toUser(n.user);
      break;
    case 'leaders':
      for (const u of roster.street.leaders) out.toUser(u);
      break;
    case 'district':
      for (const u of roster.street.district) out.toUser(u);
      break;
  }
  return out.jobs;
}
