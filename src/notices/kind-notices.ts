import type { CardVars } from '../cards/card-registry.js';
import { escapeMarkdown as md } from '../cards/escape.js';
import { KIND_LABEL } from '../whistle/model.js';
import type { CaseState } from '../whistle/store.js';

type Bi = { zh: string; en: string };
export type NoticeText = { title: Bi; body: Bi; color: CardVars<'notice'>['color'] };

/** Texts of the notices the four whistles and the district add (emergency, joint whistle, review, 会商, the
 * district's one escalation per case). User text (case text, reasons) is escaped; undefined for other kinds. */
export function kindTexts(kind: string, s: CaseState, note = '', noteEn = note): NoticeText | undefined {
  const n = s.c.number ?? '';
  const what = md(s.c.text.slice(0, 200));
  const where = s.c.location ? `（${md(s.c.location)}）` : '';
  const label = KIND_LABEL[s.c.kind as keyof typeof KIND_LABEL] ?? { zh: s.c.kind, en: s.c.kind };
  switch (kind) {
    case 'emergency':
      return {
        title: { zh: `应急响应哨：${n}`, en: `Emergency: ${n}` },
        body: {
          zh: `辖区突发事件，已吹响应急响应哨 ${n}${where}：${what}\n请街道领导带领应急力量第一时间赶赴现场，并在状态卡片上担任现场指挥。`,
          en: `An emergency was whistled, ${n}${where}: ${what}\nA street leader should go to the scene at once and take command on the status card.`,
        },
        color: 'red',
      };
    case 'joint_whistled':
      return {
        title: { zh: `联合联动哨：${n}`, en: `Joint whistle: ${n}` },
        body: {
          zh: `街道吹响联合联动哨 ${n}${where}：${what}`,
          en: `The street blew a joint whistle, ${n}${where}: ${what}`,
        },
        color: 'orange',
      };
    case 'joint_done':
      return {
        title: { zh: `联合联动哨办结反馈：${n}`, en: `Joint whistle done: ${n}` },
        body: {
          zh: `联合联动哨 ${n} 各部门任务均已办结，待街道验收。\n${md(note)}`,
          en: `Every department's task on joint whistle ${n} is done; the street will accept it.\n${md(noteEn)}`,
        },
        color: 'green',
      };
    case 'review':
      return {
        title: { zh: `应急处置总结评估：${n}`, en: `After-action review: ${n}` },
        body: {
          zh: `应急响应哨 ${n} 已验收结案。各部门报到情况：\n${md(note)}`,
          en: `Emergency ${n} is accepted and closed. Arrival of each department:\n${md(noteEn)}`,
        },
        color: 'blue',
      };
    case 'consult':
      return {
        title: { zh: `提请区级会商：${n}`, en: `Raised to the district: ${n}` },
        body: {
          zh: `街道提请专项会商（街道层面难以解决）：${n}（${label.zh}）${where}\n${what}\n理由：${md(note)}`,
          en: `The street asks the district to consult on ${n} (${label.en})${where}\n${what}\nWhy: ${md(note)}`,
        },
        color: 'orange',
      };
    case 'escalate_case':
      return {
        title: { zh: `升级督办：${n}`, en: `Escalation: ${n}` },
        body: {
          zh: `案件 ${n}${where}超时未办，已升级至区级专班督办。超时部门：${md(note)}`,
          en: `${n}${where} is overdue and escalated to the district. Late departments: ${md(noteEn)}`,
        },
        color: 'red',
      };
    case 'meeting':
      return {
        title: { zh: `协调会议：${n}`, en: `Coordination meeting: ${n}` },
        body: {
          zh: `联合联动哨 ${n} 协调会议：${md(note)}。已发送日程邀请，请准时参加。`,
          en: `Coordination meeting for ${n}: ${md(noteEn)}. A calendar invitation was sent.`,
        },
        color: 'blue',
      };
    default:
      return undefined;
  }
}
