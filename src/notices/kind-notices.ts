import type { CardVars } from '../cards/card-registry.js';
import { escapeMarkdown as md } from '../cards/escape.js';
import { KIND_LABEL } from '../whistle/model.js';
import type { CaseState } from '../whistle/store.js';

export type Bi = { zh: string; en: string };
export type NoticeText = { title: Bi; body: Bi; color: CardVars<'notice'>['color'] };

/** The notices the four whistles and the district add (emergency, joint whistle, review, 会商, the district's
 * one escalation per case). */
export const KIND_NOTICE_KINDS = [
  'emergency',
  'joint_whistled',
  'joint_done',
  'review',
  'consult',
  'escalate_case',
  'meeting',
] as const;
export type KindNoticeKind = (typeof KIND_NOTICE_KINDS)[number];
export const isKindNotice = (kind: string): kind is KindNoticeKind =>
  (KIND_NOTICE_KINDS as readonly string[]).includes(kind);

interface KindContext {
  n: string;
  what: string;
  where: string;
  label: Bi;
  note: string;
  noteEn: string;
}

/** One text per kind (user text such as the case text and reasons is escaped). */
const KIND_TEXTS: Record<KindNoticeKind, (c: KindContext) => NoticeText> = {
  emergency: ({ n, what, where }) => ({
    title: { zh: `应急响应哨：${n}`, en: `Emergency: ${n}` },
    body: {
      zh: `辖区突发事件，已吹响应急响应哨 ${n}${where}：${what}\n请街道领导带领应急力量第一时间赶赴现场，并在状态卡片上担任现场指挥。`,
      en: `An emergency was whistled, ${n}${where}: ${what}\nA street leader should go to the scene at once and take command on the status card.`,
    },
    color: 'red',
  }),
  joint_whistled: ({ n, what, where }) => ({
    title: { zh: `联合联动哨：${n}`, en: `Joint whistle: ${n}` },
    body: {
      zh: `街道吹响联合联动哨 ${n}${where}：${what}`,
      en: `The street blew a joint whistle, ${n}${where}: ${what}`,
    },
    color: 'orange',
  }),
  joint_done: ({ n, note, noteEn }) => ({
    title: { zh: `联合联动哨办结反馈：${n}`, en: `Joint whistle done: ${n}` },
    body: {
      zh: `联合联动哨 ${n} 各部门任务均已办结，待街道验收。\n${md(note)}`,
      en: `Every department's task on joint whistle ${n} is done; the street will accept it.\n${md(noteEn)}`,
    },
    color: 'green',
  }),
  review: ({ n, note, noteEn }) => ({
    title: { zh: `应急处置总结评估：${n}`, en: `After-action review: ${n}` },
    body: {
      zh: `应急响应哨 ${n} 已验收结案。各部门报到情况：\n${md(note)}`,
      en: `Emergency ${n} is accepted and closed. Arrival of each department:\n${md(noteEn)}`,
    },
    color: 'blue',
  }),
  consult: ({ n, what, where, label, note }) => ({
    title: { zh: `提请区级会商：${n}`, en: `Raised to the district: ${n}` },
    body: {
      zh: `街道提请专项会商（街道层面难以解决）：${n}（${label.zh}）${where}\n${what}\n理由：${md(note)}`,
      en: `The street asks the district to consult on ${n} (${label.en})${where}\n${what}\nWhy: ${md(note)}`,
    },
    color: 'orange',
  }),
  escalate_case: ({ n, where, note, noteEn }) => ({
    title: { zh: `升级督办：${n}`, en: `Escalation: ${n}` },
    body: {
      zh: `案件 ${n}${where}超时未办，已升级至区级专班督办。超时部门：${md(note)}`,
      en: `${n}${where} is overdue and escalated to the district. Late departments: ${md(noteEn)}`,
    },
    color: 'red',
  }),
  meeting: ({ n, note, noteEn }) => ({
    title: { zh: `协调会议：${n}`, en: `Coordination meeting: ${n}` },
    body: {
      zh: `联合联动哨 ${n} 协调会议：${md(note)}。已发送日程邀请，请准时参加。`,
      en: `Coordination meeting for ${n}: ${md(noteEn)}. A calendar invitation was sent.`,
    },
    color: 'blue',
  }),
};

export function kindTexts(kind: KindNoticeKind, s: CaseState, note = '', noteEn = note): NoticeText {
  const label = KIND_LABEL[s.caseRow.kind as keyof typeof KIND_LABEL] ?? { zh: s.caseRow.kind, en: s.caseRow.kind };
  const where = s.caseRow.location ? `（${md(s.caseRow.location)}）` : '';
  return KIND_TEXTS[kind]({
    n: s.caseRow.number ?? '',
    what: md(s.caseRow.text.slice(0, 200)),
    where,
    label,
    note,
    noteEn,
  });
}
