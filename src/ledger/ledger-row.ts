import { CASE_STATUS_LABELS, DEPT_STATUS_LABELS, KIND_LABELS, ROLE_LABELS } from '../dossier/labels.js';
import { isoMinute } from '../i18n/time.js';
import type { BaseFields } from '../lark/transport/gateway.js';
import type { Roster } from '../roster/roster.js';
import type { CaseState } from '../whistle/store.js';

/** The Base's field names, in the order an operator creates them (docs/interface.md lists their types). */
export const LEDGER_FIELDS = [
  '编号',
  '街道',
  '层级',
  '类型',
  '类别',
  '来源',
  '地点',
  '牵头部门',
  '部门',
  '立案时间',
  '吹哨时间',
  '首次报到',
  '办结时间',
  '状态',
  '超期',
  '满意度',
  '记录版本',
] as const;

const zh = (table: Record<string, readonly [string, string]>, code: string | null) =>
  code ? (table[code]?.[0] ?? code) : '';
const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);

/** "12-02 09:10" in the street's zone, for the departments' summary cell. */
function short(d: Date | null, tz: string): string {
  return d ? isoMinute(d.getTime(), tz).slice(5) : '';
}

/** One case as its Base row: text fields in Chinese (leaders filter and group by them), dates as epoch ms,
 * the overdue flag as a checkbox, satisfaction as the mean of the street's ratings once there is one. */
export function ledgerFields(s: CaseState, roster: Roster): BaseFields {
  const c = s.caseRow;
  const tz = roster.timezone;
  const depts = s.depts.filter((d) => d.status !== 'proposed');
  const lead = depts.find((d) => d.role === 'lead');
  const deptName = (id: string) => roster.department(id)?.name ?? id;
  const lines = depts.map((d) =>
    [
      `${deptName(d.dept)}（${zh(ROLE_LABELS, d.role)}）${zh(DEPT_STATUS_LABELS, d.status)}`,
      d.arrived_at ? `报到 ${short(d.arrived_at, tz)}` : '',
      d.done_at ? `办结 ${short(d.done_at, tz)}` : '',
      d.arrive_late ? '迟到' : '',
      d.resolve_late ? '超时' : '',
    ]
      .filter(Boolean)
      .join(' · '),
  );
  const arrivals = depts.map((d) => d.arrived_at?.getTime()).filter((t): t is number => t !== undefined);
  const ratings = depts.map((d) => d.rating).filter((r): r is number => r !== null);
  return {
    编号: c.number ?? c.id,
    街道: roster.street.name,
    层级: roster.tierName(c.tier).zh,
    类型: zh(KIND_LABELS, c.kind),
    类别: c.category ? (roster.category(c.category)?.name ?? c.category) : null,
    来源: c.source,
    地点: c.location,
    牵头部门: lead ? deptName(lead.dept) : null,
    部门: lines.join('\n'),
    立案时间: ms(c.created_at),
    吹哨时间: ms(c.whistled_at),
    首次报到: arrivals.length ? Math.min(...arrivals) : null,
    办结时间: ms(c.closed_at),
    状态: zh(CASE_STATUS_LABELS, c.status),
    超期: c.overdue,
    满意度: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 10) / 10 : null,
    记录版本: c.version,
  };
}
