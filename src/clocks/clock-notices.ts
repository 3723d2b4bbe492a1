import { escapeMarkdown as md } from '../cards/escape.js';
import type { NoticeText } from '../notices/kind-notices.js';
import type { CaseState } from '../whistle/store.js';

type Bi = { zh: string; en: string };

export const CLOCK_NOTICE_KINDS = [
  'sign_late',
  'contact_late',
  'street_late',
  'bounce_raise',
  'shelve_request',
  'shelve_review',
  'stage_late',
] as const;
export type ClockNoticeKind = (typeof CLOCK_NOTICE_KINDS)[number];
export const isClockNotice = (k: string): k is ClockNoticeKind => (CLOCK_NOTICE_KINDS as readonly string[]).includes(k);

type Texts = (n: string, dept: Bi, note: string) => NoticeText;

/** One entry per clock notice; `n` names the case (its number, or a draft's first words, already escaped). */
const TEXTS: Record<ClockNoticeKind, Texts> = {
  sign_late: (n, dept) => ({
    title: { zh: `未按时签收：${n}`, en: `Not acknowledged: ${n}` },
    body: {
      zh: `**${md(dept.zh)}**未在签收时限内签收案件 ${n}，请立即签收并安排人员到场。`,
      en: `**${md(dept.en)}** did not acknowledge ${n} in time; acknowledge it and send someone now.`,
    },
    color: 'red',
  }),
  contact_late: (n, dept) => ({
    title: { zh: `未按时联系诉求人：${n}`, en: `Reporter not contacted: ${n}` },
    body: {
      zh: `**${md(dept.zh)}**未在时限内联系案件 ${n} 的诉求人，请尽快联系并在召集卡片上记录。`,
      en: `**${md(dept.en)}** has not contacted the reporter of ${n} in time; call them and record it on the summons card.`,
    },
    color: 'orange',
  }),
  street_late: (n, _dept, note) =>
    note === 'confirm'
      ? {
          title: { zh: `草稿待确认：${n}`, en: `Draft waiting: ${n}` },
          body: {
            zh: `案件草稿 ${n} 超过时限仍未研判确认，请尽快确认吹哨或撤销。`,
            en: `The draft ${n} has waited longer than the street's limit; confirm or cancel it.`,
          },
          color: 'orange',
        }
      : {
          title: { zh: `待验收超时：${n}`, en: `Acceptance overdue: ${n}` },
          body: {
            zh: `案件 ${n} 各部门已办结，超过时限仍未验收，请尽快验收或退回。`,
            en: `Every department is done on ${n} and it has waited longer than the limit; accept or send it back.`,
          },
          color: 'orange',
        },
  bounce_raise: (n, _dept, note) => ({
    title: { zh: `多次退回移交，自动升级：${n}`, en: `Bounced three times, raised: ${n}` },
    body: {
      zh: `案件 ${n} 已退回或移交 ${md(note)} 次仍无部门牵头办结，已自动升级处理。`,
      en: `${n} was sent back or transferred ${md(note)} times without a department seeing it through; raised a level.`,
    },
    color: 'red',
  }),
  shelve_request: (n, dept, note) => ({
    title: { zh: `挂账申请：${n}`, en: `Shelving request: ${n}` },
    body: {
      zh: `**${md(dept.zh)}**申请将案件 ${n} 挂账，复核日期 ${md(note)}，请在状态卡片上审批。`,
      en: `**${md(dept.en)}** asks to shelve ${n} until ${md(note)}; decide on the status card.`,
    },
    color: 'orange',
  }),
  stage_late: (n, _dept, note) => ({
    title: { zh: `阶段超时：${n}`, en: `Stage overdue: ${n}` },
    body: {
      zh: `案件 ${n} 的“${md(note)}”阶段已超过时限，请街道督促推进或调整。`,
      en: `Stage "${md(note)}" of ${n} is past its deadline; the street should push it on.`,
    },
    color: 'red',
  }),
  shelve_review: (n) => ({
    title: { zh: `挂账到期复核：${n}`, en: `Shelved case due for review: ${n}` },
    body: {
      zh: `挂账案件 ${n} 已到复核日期，时限恢复计算，请街道复核。`,
      en: `Shelved case ${n} has reached its review date; its clocks run again. The street should review it.`,
    },
    color: 'orange',
  }),
};

/** Texts of the notices the clocks add (签收, 联系, the street's own steps, 挂账, repeated bounces); user text is
 * escaped. Undefined for other kinds. A draft has no number yet: it is named by its first words. */
export function clockTexts(kind: string, s: CaseState, dept: Bi, note = ''): NoticeText | undefined {
  if (!isClockNotice(kind)) return undefined;
  const n = s.caseRow.number ?? `「${md(s.caseRow.text.slice(0, 30))}」`;
  return TEXTS[kind](n, dept, note);
}
