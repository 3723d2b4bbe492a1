import { escapeMarkdown as md } from '../cards/escape.js';
import type { Bi, NoticeText } from './kind-notices.js';

/** The notices of the case lifecycle (the whistle's rules, timers and delivery), each with its text. */
export const LIFECYCLE_NOTICE_KINDS = [
  'nudge',
  'escalate',
  'resolved',
  'transfer_request',
  'leave_request',
  'extension_request',
  'released',
  'leave_approved',
  'leave_denied',
  'transfer_denied',
  'task',
  'extension_approved',
  'remind',
  'presence_check',
  'presence_missed',
  'undeliverable',
  'refused',
  'urgent_refused',
] as const;
export type LifecycleNoticeKind = (typeof LIFECYCLE_NOTICE_KINDS)[number];

/** What a notice's text may say: the case number, the department's name, the note (escaped here). */
export interface TextContext {
  n: string;
  deptName: Bi;
  note?: string;
  why: string;
  whyEn: string;
}

/** One text per lifecycle kind: a kind without a text, or a text for no kind, does not compile. */
export const LIFECYCLE_TEXTS: Record<LifecycleNoticeKind, (c: TextContext) => NoticeText> = {
  nudge: ({ n, deptName }) => ({
    title: { zh: `催办：${n}`, en: `Reminder: ${n}` },
    body: {
      zh: `街道催办：请**${md(deptName.zh)}**尽快报到处置案件 ${n}。`,
      en: `The street asks **${md(deptName.en)}** to report in and act on ${n} now.`,
    },
    color: 'orange',
  }),
  escalate: ({ n, deptName }) => ({
    title: { zh: `升级督办：${n}`, en: `Escalation: ${n}` },
    body: {
      zh: `案件 ${n} 中**${md(deptName.zh)}**未按时履职，已升级至您督办。`,
      en: `**${md(deptName.en)}** has not acted in time on ${n}; escalated to you.`,
    },
    color: 'red',
  }),
  resolved: ({ n }) => ({
    title: { zh: `待验收：${n}`, en: `To accept: ${n}` },
    body: {
      zh: `案件 ${n} 各部门均已办结，请在状态卡片上验收或退回。`,
      en: `Every department is done on ${n}; accept or send it back on the status card.`,
    },
    color: 'turquoise',
  }),
  transfer_request: ({ n, deptName }) => ({
    title: { zh: `移交申请：${n}`, en: `Transfer request: ${n}` },
    body: {
      zh: `**${md(deptName.zh)}**申请移交案件 ${n}，请在状态卡片上审批。`,
      en: `**${md(deptName.en)}** asks to transfer ${n}; decide on the status card.`,
    },
    color: 'orange',
  }),
  leave_request: ({ n, deptName }) => ({
    title: { zh: `离场申请：${n}`, en: `Leave request: ${n}` },
    body: {
      zh: `**${md(deptName.zh)}**申请离场（任务未办结），请在状态卡片上审批。`,
      en: `**${md(deptName.en)}** asks to leave before its part is done; decide on the status card.`,
    },
    color: 'orange',
  }),
  extension_request: ({ n, deptName }) => ({
    title: { zh: `延期申请：${n}`, en: `Extension request: ${n}` },
    body: {
      zh: `**${md(deptName.zh)}**申请延期，请在状态卡片上审批。`,
      en: `**${md(deptName.en)}** asks for more time; decide on the status card.`,
    },
    color: 'orange',
  }),
  released: ({ n, deptName, why, whyEn }) => ({
    title: { zh: `已放行：${n}`, en: `Released: ${n}` },
    body: {
      zh: `街道已放行**${md(deptName.zh)}**${why}`,
      en: `The street released **${md(deptName.en)}**${whyEn}`,
    },
    color: 'green',
  }),
  leave_approved: ({ n, deptName }) => ({
    title: { zh: `同意离场：${n}`, en: `Leave approved: ${n}` },
    body: { zh: `街道同意**${md(deptName.zh)}**离场。`, en: `The street let **${md(deptName.en)}** leave.` },
    color: 'green',
  }),
  leave_denied: ({ n, deptName }) => ({
    title: { zh: `不同意离场：${n}`, en: `Leave denied: ${n}` },
    body: {
      zh: `事不完，人不走：街道未同意**${md(deptName.zh)}**离场，请继续处置。`,
      en: `The street did not let **${md(deptName.en)}** leave; carry on until it is done.`,
    },
    color: 'red',
  }),
  transfer_denied: ({ n, deptName }) => ({
    title: { zh: `移交被驳回：${n}`, en: `Transfer denied: ${n}` },
    body: {
      zh: `首问负责：街道未同意移交，请**${md(deptName.zh)}**继续办理。`,
      en: `First-ask responsibility: the transfer was denied; **${md(deptName.en)}** keeps the case.`,
    },
    color: 'red',
  }),
  task: ({ n, deptName, note }) => ({
    title: { zh: `任务分派：${n}`, en: `Task: ${n}` },
    body: {
      zh: `街道为**${md(deptName.zh)}**分派任务：${md(note ?? '')}`,
      en: `The street assigned **${md(deptName.en)}** a task: ${md(note ?? '')}`,
    },
    color: 'blue',
  }),
  extension_approved: ({ n, deptName }) => ({
    title: { zh: `同意延期：${n}`, en: `Extension approved: ${n}` },
    body: {
      zh: `街道同意**${md(deptName.zh)}**延期，新时限见案件卡片。`,
      en: `The street gave **${md(deptName.en)}** more time; see the case card.`,
    },
    color: 'green',
  }),
  remind: ({ n, deptName, note }) => ({
    title: { zh: `提醒：${n} 时限将到`, en: `Reminder: ${n} deadline soon` },
    body: {
      zh: `**${md(deptName.zh)}**：案件 ${n} ${md(note ?? '')}，请抓紧。`,
      en: `**${md(deptName.en)}**: case ${n} ${md(note ?? '')}; please hurry.`,
    },
    color: 'orange',
  }),
  presence_check: ({ n }) => ({
    title: { zh: `在场确认：${n}`, en: `Still on site? ${n}` },
    body: { zh: `您仍在案件 ${n} 现场吗？请点击确认。`, en: `Are you still on site for ${n}? Tap to confirm.` },
    color: 'blue',
  }),
  presence_missed: ({ n, deptName }) => ({
    title: { zh: `未确认在场：${n}`, en: `Presence not confirmed: ${n}` },
    body: {
      zh: `**${md(deptName.zh)}**的现场人员未在时限内确认在场。`,
      en: `**${md(deptName.en)}**'s person on site did not confirm presence in time.`,
    },
    color: 'red',
  }),
  undeliverable: ({ n, deptName, why, whyEn }) => ({
    title: { zh: `无法送达：${n}`, en: `Undeliverable: ${n}` },
    body: {
      zh: `机器人无法向**${md(deptName.zh)}**的群发送消息（可能已被移出群聊）${why}。请把机器人重新拉入该群，或改为电话通知。`,
      en: `The bot cannot post in **${md(deptName.en)}**'s chat (probably removed)${whyEn}. Add the bot back or call them.`,
    },
    color: 'red',
  }),
  refused: ({ n, note }) => {
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
  },
  urgent_refused: ({ n, deptName, note }) => ({
    title: { zh: `加急未送达：${n}`, en: `Urgent not delivered: ${n}` },
    body: {
      zh: `案件 ${n} 向**${md(deptName.zh)}**的加急未能送达以下人员（不在群内或无权限）：${md(note ?? '')}。请电话联系。`,
      en: `The urgent on case ${n} to **${md(deptName.en)}** did not reach (not in the chat, or not allowed): ${md(note ?? '')}. Call them.`,
    },
    color: 'red',
  }),
};
