import { isWorkingSpan, type Span, WorkCalendar } from '../calendar/working-time.js';
import { dutyContacts, rotaPeople } from '../duty/rota.js';
import {
  type Category,
  DEFAULT_ESCALATION,
  type Department,
  type EscalationStep,
  type Kind,
  type RosterFile,
  type Source,
} from './roster-schema.js';

export const STREET_TIER = 'street';

/** The validated roster with the look-ups the rest of the service needs. Immutable: a reload builds a new one. */
export class Roster {
  readonly #depts: Map<string, Department>;
  readonly #byChat = new Map<string, Department>();
  readonly #cats: Map<string, Category>;
  readonly #commandChats = new Map<string, string>();
  /** Working days and hours, when the roster declares them. */
  readonly calendar: WorkCalendar | undefined;

  constructor(readonly data: RosterFile) {
    const c = data.calendar;
    this.calendar = c ? new WorkCalendar({ ...c, timezone: c.timezone ?? data.timezone }) : undefined;
    this.#depts = new Map(data.departments.map((d) => [d.id, d]));
    for (const d of data.departments) this.#byChat.set(d.chat, d);
    this.#cats = new Map(data.categories.map((c) => [c.id, c]));
    for (const c of data.street.chats) this.#commandChats.set(c, STREET_TIER);
    for (const t of data.tiers) for (const c of t.chats) this.#commandChats.set(c, t.id);
  }

  get street() {
    return this.data.street;
  }
  get streetCode(): string {
    return this.data.street.code ?? this.data.street.id.toUpperCase().slice(0, 8);
  }
  /** Intake's confidence threshold and 并单 window (roster key `intake`). */
  get intake(): { threshold: number; merge_window: number } {
    return this.data.intake;
  }

  get timezone(): string {
    return this.data.timezone;
  }
  get departments(): Department[] {
    return this.data.departments;
  }
  get categories(): Category[] {
    return this.data.categories;
  }
  get escalation(): EscalationStep[] {
    return this.data.escalation ?? DEFAULT_ESCALATION;
  }

  /** A source system of API cases, when the roster lists it. */
  source(id: string): Source | undefined {
    return this.data.sources.find((s) => s.id === id);
  }

  department(id: string): Department | undefined {
    return this.#depts.get(id);
  }
  departmentByChat(chatId: string): Department | undefined {
    return this.#byChat.get(chatId);
  }
  category(id: string): Category | undefined {
    return this.#cats.get(id);
  }
  /** The tier whose command chat this is (`street` for the street's own), or undefined. */
  commandTier(chatId: string): string | undefined {
    return this.#commandChats.get(chatId);
  }
  tierName(tier: string): { zh: string; en: string } {
    if (tier === STREET_TIER) return { zh: this.street.name, en: this.street.name_en ?? this.street.id };
    const t = this.data.tiers.find((x) => x.id === tier);
    return { zh: t?.name ?? tier, en: t?.name_en ?? tier };
  }
  /** The command chat where a tier's status cards go. */
  commandChat(tier: string): string {
    const t = this.data.tiers.find((x) => x.id === tier);
    return t?.chats[0] ?? this.street.chats[0]!;
  }

  isLeader(user: string): boolean {
    return this.street.leaders.includes(user);
  }
  isDistrict(user: string): boolean {
    return this.street.district.includes(user);
  }
  /** Cadres and leaders of the street act for the street on every tier; a tier's own cadres act on that tier. */
  isStreetStaff(user: string, tier: string = STREET_TIER): boolean {
    if (this.street.cadres.includes(user) || this.isLeader(user)) return true;
    return tier !== STREET_TIER && (this.data.tiers.find((t) => t.id === tier)?.cadres.includes(user) ?? false);
  }
  /** A designated contact, or someone on the department's on-duty rota (whoever took the night's summons must be
   * able to report in on it). */
  isContact(user: string, dept: string): boolean {
    const d = this.#depts.get(dept);
    return (d?.contacts.includes(user) || rotaPeople(d?.duty).includes(user)) ?? false;
  }
  /** Whom a department's summons and reminders reach at `at`: whoever its rota has on duty, else its contacts. */
  dutyContacts(dept: string, at: number): string[] {
    const d = this.#depts.get(dept);
    return d ? dutyContacts(d, at, this.timezone) : [];
  }
  /** Everyone who acts for a department: contacts, the rota's people and the head (its chat's members). */
  departmentPeople(dept: string): string[] {
    const d = this.#depts.get(dept);
    return d ? [...new Set([...d.contacts, ...rotaPeople(d.duty), ...(d.head ? [d.head] : [])])] : [];
  }
  isHead(user: string, dept: string): boolean {
    return this.#depts.get(dept)?.head === user;
  }
  /** A contact or the head: may act for the department. */
  actsFor(user: string, dept: string): boolean {
    return this.isContact(user, dept) || this.isHead(user, dept);
  }
  departmentsOf(user: string): Department[] {
    return this.data.departments.filter((d) => this.actsFor(user, d.id));
  }
  name(user: string): string {
    return this.data.people[user] ?? user;
  }
  /** Everyone the roster names, for the sandbox's "who am I" list. */
  people(): string[] {
    const s = this.street;
    const ids = [...s.cadres, ...s.leaders, ...s.district];
    for (const d of this.departments) ids.push(...this.departmentPeople(d.id));
    for (const t of this.data.tiers) ids.push(...t.cadres);
    return [...new Set(ids)];
  }

  /** When a span that starts at `from` ends: working time on the calendar, clock time otherwise. */
  addSpan(from: number, span: Span): number {
    if (this.calendar) return this.calendar.add(from, span);
    // The loader refuses wd/wh without a calendar; a nominal day keeps this total.
    return isWorkingSpan(span) ? from + span.n * (span.unit === 'wd' ? 86_400_000 : 3_600_000) : from + span;
  }

  /** Arrive-by and resolve-by instants for a case summoned at `now`; emergencies get the shortest windows. */
  deadlines(categoryId: string | null, kind: Kind, now: number): { arriveBy: number; resolveBy: number } {
    const d = this.data.defaults;
    const c = categoryId ? this.#cats.get(categoryId) : undefined;
    let arriveBy = this.addSpan(now, c?.arrive ?? d.arrive);
    let resolveBy = this.addSpan(now, c?.resolve ?? d.resolve);
    if (kind === 'emergency') {
      arriveBy = Math.min(arriveBy, this.addSpan(now, d.emergency_arrive));
      resolveBy = Math.min(resolveBy, this.addSpan(now, d.emergency_resolve));
    }
    return { arriveBy, resolveBy };
  }
  presenceInterval(dept: string): number {
    return this.#depts.get(dept)?.presence_check ?? this.data.defaults.presence_check;
  }
}
