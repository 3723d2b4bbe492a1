import { escapeMarkdown } from '../cards/escape.js';
import type { Bi } from '../i18n/time.js';
import type { Roster } from '../roster/roster.js';

/** Cards must not grow with the roster (issue 17): a select shows at most this many options, the likeliest
 * first; the rest are reached by typing a name (the draft's search field, `dept_name` elsewhere). */
export const MAX_CATEGORY_OPTIONS = 15;
export const MAX_DEPT_OPTIONS = 20;
/** Pending requests with their own approve/deny buttons on the status card (9 elements each). */
export const MAX_REQUEST_ROWS = 4;
/** Bytes of timeline (zh + en together) on the status card: the newest entries that fit (the dossier has them all).
 * 2.5 KB, not 3: the 重点督办 button must fit the worst case of a 60-department card too. */
export const TIMELINE_BYTES = 2.5 * 1024;

export interface Option {
  label: string;
  value: string;
}

/** The options to show: the ones named in `first` (in that order), then the others, at most `max`. */
export function pickOptions(all: Option[], first: string[], max: number): { options: Option[]; more: boolean } {
  const byValue = new Map(all.map((o) => [o.value, o]));
  const out = new Map<string, Option>();
  for (const v of first) {
    const o = byValue.get(v);
    if (o && out.size < max) out.set(v, o);
  }
  for (const o of all) if (out.size < max && !out.has(o.value)) out.set(o.value, o);
  return { options: [...out.values()], more: all.length > out.size };
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** Ids whose names contain what the person typed (Chinese name, English name or id). */
export function searchIds(items: { id: string; name: string; name_en?: string }[], query?: string): string[] {
  const q = query ? norm(query) : '';
  if (!q) return [];
  return items.filter((i) => [i.id, i.name, i.name_en ?? ''].some((n) => n && norm(n).includes(q))).map((i) => i.id);
}

/** A department typed by name in `dept_name`: exactly one match, or undefined. */
export function deptByName(r: Roster, name?: string): string | undefined {
  const ids = searchIds(r.departments, name);
  if (ids.length === 1) return ids[0];
  const exact = r.departments.find((d) => name && (d.name === name.trim() || d.id === name.trim()));
  return exact?.id;
}

/** Lines joined into one markdown element (one element, not one per line); keeps the newest that fit `bytes`. */
export function joinLines(lines: Bi[], bytes = Number.POSITIVE_INFINITY, newestLast = true): Bi | null {
  const kept: Bi[] = [];
  let used = 0;
  const order = newestLast ? [...lines].reverse() : lines;
  for (const l of order) {
    const size = Buffer.byteLength(l.zh) + Buffer.byteLength(l.en) + 2;
    if (used + size > bytes) break;
    kept.push(l);
    used += size;
  }
  if (newestLast) kept.reverse();
  if (!kept.length) return null;
  const dropped = lines.length - kept.length;
  const head: Bi[] = dropped
    ? [{ zh: `（较早的 ${dropped} 条未显示）`, en: `(${dropped} earlier entries not shown)` }]
    : [];
  const all = newestLast ? [...head, ...kept] : [...kept, ...head];
  return { zh: all.map((l) => l.zh).join('\n'), en: all.map((l) => l.en).join('\n') };
}

export const TEXT_MAX = 1500;
/** A place is a line, not a story; escaped markdown can grow five-fold, twice (zh and en). */
export const LOCATION_MAX = 80;
export const NONE: Bi = { zh: '未确定', en: 'not set' };

export interface ViewCtx {
  roster: Roster;
  now: number;
}

export const md = (s: string) => escapeMarkdown(s);

export function deptBi(r: Roster, id: string): Bi {
  const d = r.department(id);
  return { zh: d?.name ?? id, en: d?.name_en ?? d?.name ?? id };
}
export function categoryBi(r: Roster, id: string | null): Bi {
  const c = id ? r.category(id) : undefined;
  return c ? { zh: c.name, en: c.name_en ?? c.name } : NONE;
}
export function joinBi(items: Bi[]): Bi {
  return items.length
    ? { zh: items.map((i) => i.zh).join('、'), en: items.map((i) => i.en).join(', ') }
    : { zh: '无', en: 'none' };
}
/** An option's label: both names when short, else the Chinese one (20 long labels would cost kilobytes). */
export const biLabel = (b: Bi) =>
  b.zh === b.en ? b.zh : [...`${b.zh} ${b.en}`].length <= 40 ? `${b.zh} ${b.en}` : b.zh;
export const deptOptions = (r: Roster, ids?: string[]) =>
  (ids ?? r.departments.map((d) => d.id)).map((id) => ({ label: biLabel(deptBi(r, id)), value: id }));
