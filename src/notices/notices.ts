import type { CardVars } from '../cards/card-registry.js';
import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import { clockTexts } from '../clocks/clock-notices.js';
import type { OutboundJob } from '../queue/outbound-jobs.js';
import { jobId } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { buttonValue } from '../whistle/action-value.js';
import type { CaseState } from '../whistle/store.js';
import { kindTexts } from './kind-notices.js';

export interface Notice {
  kind: string;
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

type Bi = { zh: string; en: string };

function texts(
  kind: string,
  s: CaseState,
  deptName: Bi,
  note?: string,
): { title: Bi; body: Bi; color: CardVars<'notice'>['color'] } {
  const n = s.c.number ?? '';
  const why = note ? `：${md(note)}` : '';
  const whyEn = note ? `: ${md(note)}` : '';
  switch (kind) {
    case 'nudge':
      return {
        title: { zh: `催办：${n}`, en: `Reminder: ${n}` },
        body: {
          zh: `街道催办：请**${md(deptName.zh)}**尽快报到处置案件 ${n}。`,
          en: `The street asks **${md(deptName.en)}** to report in and act on ${n} now.`,
        },
        color: 'orange',
      };
    case 'escalate':
      return {
        title: { zh: `升级督办：${n}`, en: `Escalation: ${n}` },
        body: {
          zh: `案件 ${n} 中**${md(deptName.zh)}**未按时履职，已升级至您督办。`,
          en: `**${md(deptName.en)}** has not acted in time on ${n}; escalated to you.`,
        },
        color: 'red',
      };
    case 'resolved':
      return {
        title: { zh: `待验收：${n}`, en: `To accept: ${n}` },
        body: {
          zh: `案件 ${n} 各部门均已办结，请在状态卡片上验收或退回。`,
          en: `Every department is done on ${n}; accept or send it back on the status card.`,
        },
        color: 'turquoise',
      };
    case 'transfer_request':
      return {
        title: { zh: `移交申请：${n}`, en: `Transfer request: ${n}` },
        body: {
          zh: `**${md(deptName.zh)}**申请移交案件 ${n}，请在状态卡片上审批。`,
          en: `**${md(deptName.en)}** asks to transfer ${n}; decide on the status card.`,
        },
        color: 'orange',
      };
    case 'leave_request':
      return {
        title: { zh: `离场申请：${n}`, en: `Leave request: ${n}` },
        body: {
          zh: `**${md(deptName.zh)}**申请离场（任务未办结），请在状态卡片上审批。`,
          en: `**${md(deptName.en)}** asks to leave before its part is done; decide on the status card.`,
        },
        color: 'orange',
      };
    case 'extension_request':
      return {
        title: { zh: `延期申请：${n}`, en: `Extension request: ${n}` },
        body: {
          zh: `**${md(deptName.zh)}**申请延期，请在状态卡片上审批。`,
          en: `**${md(deptName.en)}** asks for more time; decide on the status card.`,
        },
        color: 'orange',
      };
    case 'released':
      return {
        title: { zh: `已放行：${n}`, en: `Released: ${n}` },
        body: {
          zh: `街道已放行**${md(deptName.zh)}**${why}`,
          en: `The street released **${md(deptName.en)}**${whyEn}`,
        },
        color: 'green',
      };
    case 'leave_approved':
      return {
        title: { zh: `同意离场：${n}`, en: `Leave approved: ${n}` },
        body: { zh: `街道同意**${md(deptName.zh)}**离场。`, en: `The street let **${md(deptName.en)}** leave.` },
        color: 'green',
      };
    case 'leave_denied':
      return {
        title: { zh: `不同意离场：${n}`, en: `Leave denied: ${n}` },
        body: {
          zh: `事不完，人不走：街道未同意**${md(deptName.zh)}**离场，请继续处置。`,
          en: `The street did not let **${md(deptName.en)}** leave; carry on until it is done.`,
        },
        color: 'red',
      };
    case 'transfer_denied':
      return {
        title: { zh: `移交被驳回：${n}`, en: `Transfer denied: ${n}` },
        body: {
          zh: `首问负责：街道未同意移交，请**${md(deptName.zh)}**继续办理。`,
          en: `First-ask responsibility: the transfer was denied; **${md(deptName.en)}** keeps the case.`,
        },
        color: 'red',
      };
    case 'task':
      return {
        title: { zh: `任务分派：${n}`, en: `Task: ${n}` },
        body: {
          zh: `街道为**${md(deptName.zh)}**分派任务：${md(note ?? '')}`,
          en: `The street assigned **${md(deptName.en)}** a task: ${md(note ?? '')}`,
        },
        color: 'blue',
      };
    case 'extension_approved':
      return {
        title: { zh: `同意延期：${n}`, en: `Extension approved: ${n}` },
        body: {
          zh: `街道同意**${md(deptName.zh)}**延期，新时限见案件卡片。`,
          en: `The street gave **${md(deptName.en)}** more time; see the case card.`,
        },
        color: 'green',
      };
    case 'remind':
      return {
        title: { zh: `提醒：${n} 时限将到`, en: `Reminder: ${n} deadline soon` },
        body: {
          zh: `**${md(deptName.zh)}**：案件 ${n} ${md(note ?? '')}，请抓紧。`,
          en: `**${md(deptName.en)}**: case ${n} ${md(note ?? '')}; please hurry.`,
        },
        color: 'orange',
      };
    case 'presence_check':
      return {
        title: { zh: `在场确认：${n}`, en: `Still on site? ${n}` },
        body: { zh: `您仍在案件 ${n} 现场吗？请点击确认。`, en: `Are you still on site for ${n}? Tap to confirm.` },
        color: 'blue',
      };
    case 'presence_missed':
      return {
        title: { zh: `未确认在场：${n}`, en: `Presence not confirmed: ${n}` },
        body: {
          zh: `**${md(deptName.zh)}**的现场人员未在时限内确认在场。`,
          en: `**${md(deptName.en)}**'s person on site did not confirm presence in time.`,
        },
        color: 'red',
      };
    case 'undeliverable':
      return {
        title: { zh: `无法送达：${n}`, en: `Undeliverable: ${n}` },
        body: {
          zh: `机器人无法向**${md(deptName.zh)}**的群发送消息（可能已被移出群聊）${why}。请把机器人重新拉入该群，或改为电话通知。`,
          en: `The bot cannot post in **${md(deptName.en)}**'s chat (probably removed)${whyEn}. Add the bot back or call them.`,
        },
        color: 'red',
      };
    case 'refused': {
      // note: "<what zh>|<what en>|<code>|<Lark's message>"
      const [wz = '', we = '', code = '', msg = ''] = (note ?? '').split('|');
      return {
        title: { zh: `飞书拒收：${n}`, en: `Lark refused a message: ${n}` },
        body: {
          zh: `案件 ${n} 的${md(wz)}未能发出：飞书拒收（错误码 ${md(code)}：${md(msg.slice(0, 160))}）。相关人员可能没有收到，请电话联系并告知技术支持。`,
          en: `The ${md(we)} of case ${n} was not delivered: Lark refused it (code ${md(code)}: ${md(msg.slice(0, 160))}). The people concerned may not have it: call them and tell your support team.`,
        },
        color: 'red',
      };
    }
    case 'urgent_refused':
      return {
        title: { zh: `加急未送达：${n}`, en: `Urgent not delivered: ${n}` },
        body: {
          zh: `案件 ${n} 向**${md(deptName.zh)}**的加急未能送达以下人员（不在群内或无权限）：${md(note ?? '')}。请电话联系。`,
          en: `The urgent on case ${n} to **${md(deptName.en)}** did not reach (not in the chat, or not allowed): ${md(note ?? '')}. Call them.`,
        },
        color: 'red',
      };
    default:
      return {
        title: { zh: `${kind}：${n}`, en: `${kind}: ${n}` },
        body: { zh: md(note ?? ''), en: md(note ?? '') },
        color: 'blue',
      };
  }
}

/** Turns a notice into outbound jobs: cards to chats and people, urgents on the summons card. `now` (the service's
 * clock) picks who of a department is on duty (src/duty). */
export function noticeJobs(
  s: CaseState,
  n: Notice,
  roster: Roster,
  key: string,
  now: number,
): { id: string; job: OutboundJob }[] {
  const d = n.dept ? roster.department(n.dept) : undefined;
  const deptName = { zh: d?.name ?? '', en: d?.name_en ?? d?.name ?? '' };
  const t =
    kindTexts(n.kind, s, n.note, n.noteEn) ??
    clockTexts(n.kind, s, deptName, n.note) ??
    texts(n.kind, s, deptName, n.note);
  const row0 = n.dept ? s.depts.find((x) => x.dept === n.dept) : undefined;
  const button = (zh: string, en: string, action: string) => ({
    zh,
    en,
    type: 'primary_filled',
    value: buttonValue(action, s.c.id, { dept: n.dept, card: 'notice' }),
  });
  const buttons =
    (n.kind === 'nudge' || n.kind === 'remind') && n.dept && row0?.status === 'summoned'
      ? [button('报到', 'Arrived', 'arrive')]
      : n.kind === 'presence_check' && n.dept
        ? [button('我在现场', 'I am on site', 'presence_ok')]
        : [];
  const card = (mentions: string[]) =>
    JSON.stringify(
      renderCard('notice', {
        title: t.title,
        color: t.color,
        mentions: mentions.length ? mentions.map((id) => `<at id=${id}></at>`).join(' ') : undefined,
        body: t.body,
        buttons,
      }),
    );
  const jobs: { id: string; job: OutboundJob }[] = [];
  const toChat = (chat: string, mentions: string[]) =>
    jobs.push({
      id: jobId('notice', key, chat),
      job: {
        op: 'send',
        to: { type: 'chat_id', id: chat },
        msg: { type: 'interactive', content: card(mentions) },
        caseId: s.c.id,
        record: { kind: 'notice', ref: n.kind },
      },
    });
  const toUser = (user: string) =>
    jobs.push({
      id: jobId('notice', key, user),
      job: {
        op: 'send',
        to: { type: 'open_id', id: user },
        msg: { type: 'interactive', content: card([]) },
        caseId: s.c.id,
        ...(n.dmUrgent ? { urgent: n.dmUrgent } : {}),
        record: { kind: 'notice', ref: n.kind },
      },
    });
  const row = n.dept ? s.depts.find((x) => x.dept === n.dept) : undefined;
  const urgent = (users: string[]) => {
    if (!row?.card_message_id || users.length === 0) return;
    for (const kind of n.urgent ?? []) {
      jobs.push({
        id: jobId('urgent', key, kind),
        job: { op: 'urgent', messageId: row.card_message_id, chatId: d?.chat, kind, userIds: users, caseId: s.c.id },
      });
    }
  };
  switch (n.to) {
    case 'chat':
      if (d) toChat(d.chat, []);
      break;
    case 'contacts':
      if (d) {
        const onDuty = roster.dutyContacts(d.id, now);
        toChat(d.chat, onDuty);
        for (const u of onDuty) toUser(u);
        urgent(onDuty);
      }
      break;
    case 'head':
      if (d?.head) {
        toUser(d.head);
        urgent([d.head, ...roster.dutyContacts(d.id, now)]);
      }
      break;
    case 'street':
      toChat(roster.commandChat(s.c.tier), []);
      break;
    case 'user':
      if (n.user) toUser(n.user);
      break;
    case 'leaders':
      for (const u of roster.street.leaders) toUser(u);
      break;
    case 'district':
      for (const u of roster.street.district) toUser(u);
      break;
  }
  return jobs;
}
