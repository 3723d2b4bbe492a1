import { escapeMarkdown as md } from '../cards/escape.js';
import { renderCard } from '../cards/render-card.js';
import type { IncomingMessage } from '../lark/inbound/events.js';
import { replyCard, replyText } from '../lark/outbound/messages.js';
import { jobId, type Outbox } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { statusVars } from '../views/views.js';
import { buttonValue } from '../whistle/action-value.js';
import { ACTIVE_DEPT, type DeptStatus } from '../whistle/model.js';
import { CASE_HIDDEN, mayReadCase, mayReadToday, TODAY_HIDDEN } from '../whistle/read-permissions.js';
import type { WhistleService } from '../whistle/service.js';
import type { WhistleStore } from '../whistle/store.js';

export type Command = { kind: 'query'; number: string } | { kind: 'today' } | { kind: 'help' } | { kind: 'todo' };

/** Recognises the commands the bot understands (simplified or traditional, Chinese or English). */
export function parseCommand(text: string): Command | undefined {
  const t = text.trim();
  const q = /^(?:查询|查詢|status)\s*[:：]?\s*([A-Za-z0-9]+-\d{8}-\d+)\s*$/i.exec(t);
  if (q) return { kind: 'query', number: q[1]!.toUpperCase() };
  if (/^(?:今日|today)$/i.test(t)) return { kind: 'today' };
  if (/^(?:帮助|幫助|help|\?|？)$/i.test(t)) return { kind: 'help' };
  if (/^(?:我的待办|我的待辦|待办|待辦|todo)$/i.test(t)) return { kind: 'todo' };
  return undefined;
}

export interface CommandDeps {
  store: WhistleStore;
  outbox: Outbox;
  service: WhistleService;
  roster: () => Roster;
  now: () => number;
  /** Builds today's digest card (the digest module). */
  today?: () => Promise<Record<string, unknown>>;
  /** District staff of any street served here: they may read every case. */
  isDistrict?: (user: string) => boolean;
  /** Every street's roster in this deployment: 我的待办 covers all the streets a person serves. */
  rosters?: () => Roster[];
}

/** Answers a command in the thread (group) or the chat (direct message) it came from. */
export async function runCommand(cmd: Command, msg: IncomingMessage, d: CommandDeps): Promise<void> {
  const card = await cardFor(cmd, msg, d);
  const resident = cmd.kind === 'query' ? await residentLine(cmd.number, msg, d) : undefined;
  const jobs = [
    { id: jobId('cmd', msg.messageId), job: replyCard(msg, card, { inThread: msg.chatType === 'group' }) },
    ...(resident ? [{ id: jobId('cmd-resident', msg.messageId), job: replyText(msg, resident) }] : []),
  ];
  const ids = await d.store.transaction((tx) => d.outbox.write(tx, jobs));
  await d.outbox.relay(ids);
}

/** The 诉求人 in full, for the one reader who may call them back: a street cadre or leader asking in a direct
 * message. Cards are shared in groups and can be forwarded, so the number is never on a card; this is plain text
 * in a one-to-one chat. */
async function residentLine(number: string, msg: IncomingMessage, d: CommandDeps): Promise<string | undefined> {
  const roster = d.roster();
  if (msg.chatType !== 'p2p' || !roster.isStreetStaff(msg.senderId)) return undefined;
  const s = await d.store.find(number);
  if (!s || s.caseRow.street !== roster.street.id || !(s.caseRow.resident_name || s.caseRow.resident_phone))
    return undefined;
  const who = [s.caseRow.resident_name, s.caseRow.resident_phone].filter(Boolean).join(' ');
  return `${s.caseRow.number ?? number} 诉求人 Resident: ${who}（仅供回访，请勿转发 For the call-back only; do not forward）`;
}

const notice = (
  title: { zh: string; en: string },
  body: { zh: string; en: string },
  buttons: Parameters<typeof renderCard<'notice'>>[1]['buttons'] = [],
  color: 'blue' | 'grey' = 'blue',
) => renderCard('notice', { title, color, body, buttons });

async function cardFor(cmd: Command, msg: IncomingMessage, d: CommandDeps): Promise<Record<string, unknown>> {
  const roster = d.roster();
  const reader = { roster, user: msg.senderId, isDistrict: d.isDistrict };
  switch (cmd.kind) {
    case 'help':
      return notice(
        { zh: '吹哨报到 · 使用说明', en: 'Whistle bot · help' },
        {
          zh: '在吹哨群里 @我 并描述案件，我会生成吹哨草稿，确认后召集部门。\n**查询 案件编号**：查看状态与时间线\n**今日**：今日碰头（在办与超时案件）\n**我的待办**（私聊）：你现在要做的事\n**帮助**：本说明',
          en: 'Mention me in the command chat with a case and I draft a whistle; confirm it to summon the departments.\n**status <case number>**: status and timeline\n**today**: the daily huddle\n**todo** (direct message): what you must do now\n**help**: this text',
        },
      );
    case 'query': {
      const s = await d.store.find(cmd.number);
      // An unknown case and a case this person may not read get the very same answer.
      if (!s || !mayReadCase(reader, s)) return notice(CASE_HIDDEN.title, CASE_HIDDEN.body(md(cmd.number)), [], 'grey');
      const timeline = await d.store.timeline(s.caseRow.id);
      return renderCard('whistle-status', statusVars(s, { roster, now: d.now() }, timeline));
    }
    case 'today':
      if (!mayReadToday(reader)) return notice(TODAY_HIDDEN.title, TODAY_HIDDEN.body, [], 'grey');
      return d.today ? d.today() : notice({ zh: '今日碰头', en: 'Today' }, { zh: '暂无', en: 'Nothing' });
    case 'todo':
      return todoCard(msg.senderId, d);
  }
}

/** 我的待办: what this person must do now, in every street of the deployment, with a button where one click does it. */
async function todoCard(user: string, d: CommandDeps): Promise<Record<string, unknown>> {
  const rosters = d.rosters?.() ?? [d.roster()];
  const lines: { zh: string; en: string }[] = [];
  const buttons: Parameters<typeof renderCard<'notice'>>[1]['buttons'] = [];
  for (const roster of rosters) {
    if (!roster.people().includes(user)) continue;
    const mine = await streetTodo(user, roster, d, buttons);
    // With more than one street, each line says which street it is in.
    const tag =
      rosters.length > 1
        ? { zh: `【${md(roster.street.name)}】`, en: `[${md(roster.street.name_en ?? roster.street.id)}] ` }
        : { zh: '', en: '' };
    lines.push(...mine.map((l) => ({ zh: `${tag.zh}${l.zh}`, en: `${tag.en}${l.en}` })));
  }
  return notice(
    { zh: '我的待办', en: 'My to-do' },
    lines.length
      ? { zh: lines.map((l) => `• ${l.zh}`).join('\n'), en: lines.map((l) => `• ${l.en}`).join('\n') }
      : { zh: '目前没有待办事项。', en: 'Nothing to do right now.' },
    buttons,
  );
}

async function streetTodo(
  user: string,
  roster: Roster,
  d: CommandDeps,
  buttons: NonNullable<Parameters<typeof renderCard<'notice'>>[1]['buttons']>,
): Promise<{ zh: string; en: string }[]> {
  const lines: { zh: string; en: string }[] = [];
  for (const s of await d.store.openOrAcceptedCases(roster.street.id)) {
    const n = s.caseRow.number ?? '';
    for (const row of s.depts) {
      if (!roster.actsFor(user, row.dept) || !ACTIVE_DEPT.includes(row.status as DeptStatus)) continue;
      const name = roster.department(row.dept)?.name ?? row.dept;
      if (row.status === 'summoned') {
        lines.push({ zh: `${n} · ${md(name)}：请报到`, en: `${n} · ${md(name)}: report in` });
        if (buttons.length < 10)
          buttons.push({
            zh: `${n} 报到`,
            en: `${n} arrived`,
            type: 'primary_filled',
            value: buttonValue('arrive', s.caseRow.id, { dept: row.dept, card: 'notice' }),
          });
      } else {
        lines.push({ zh: `${n} · ${md(name)}：处置完毕后请办结`, en: `${n} · ${md(name)}: mark done when finished` });
      }
    }
    if (roster.isStreetStaff(user, s.caseRow.tier)) {
      if (s.caseRow.status === 'resolved') lines.push({ zh: `${n}：待验收`, en: `${n}: to accept` });
      for (const r of s.requests.filter((q) => q.status === 'pending')) {
        lines.push({
          zh: `${n}：审批${r.kind === 'transfer' ? '移交' : r.kind === 'leave' ? '离场' : '延期'}申请（${md(roster.department(r.dept)?.name ?? r.dept)}）`,
          en: `${n}: decide a ${r.kind} request`,
        });
      }
      if (s.caseRow.status === 'accepted' && s.depts.some((x) => x.status !== 'proposed' && x.rating === null)) {
        lines.push({ zh: `${n}：请为部门评分`, en: `${n}: rate the departments` });
      }
    }
  }
  return lines;
}
