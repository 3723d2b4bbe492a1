import { readFileSync, statSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { Roster } from './roster.js';
import { type RosterFile, rosterSchema } from './roster-schema.js';

/** A roster that cannot be used; `message` names the file, the line and what is wrong. */
export class RosterError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'RosterError';
  }
}

type Path = (string | number)[];

/** A real street's roster is tens of kilobytes; parsing is synchronous (so reloads never overlap) and a 2 MB file
 * parses in well under a second, so anything larger is refused before it is read rather than stall the service. */
export const MAX_ROSTER_BYTES = 2 * 1024 * 1024;

const tooLarge = (file: string, bytes: number) =>
  new RosterError(
    `${file}: the roster is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${MAX_ROSTER_BYTES / 1024 / 1024} MB is accepted`,
  );

export function loadRosterFile(file: string): Roster {
  let text: string;
  try {
    const { size } = statSync(file);
    if (size > MAX_ROSTER_BYTES) throw tooLarge(file, size);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof RosterError) throw err;
    throw new RosterError(`${file}: cannot read the roster (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return parseRoster(text, file);
}

/** Parses and validates roster YAML; every problem names the line it is on. */
export function parseRoster(text: string, file = 'roster'): Roster {
  if (Buffer.byteLength(text) > MAX_ROSTER_BYTES) throw tooLarge(file, Buffer.byteLength(text));
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (path: Path): number | undefined => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? doc.contents : doc.getIn(p, true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
      if (p.length === 0) return undefined;
    }
  };
  const fail = (path: Path, what: string): never => {
    const line = lineOf(path);
    const where = path.length ? ` (${path.join('.')})` : '';
    throw new RosterError(`${file}${line ? `:${line}` : ''}: ${what}${where}`, line);
  };

  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0].line;
    throw new RosterError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`, line);
  }
  const parsed = rosterSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') fail(path, `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`);
    fail(path, issue.message);
  }
  const data = parsed.data as RosterFile;
  checkReferences(data, fail);
  return new Roster(data);
}

function checkReferences(r: RosterFile, fail: (path: Path, what: string) => never): void {
  const depts = new Set<string>();
  r.departments.forEach((d, i) => {
    if (depts.has(d.id)) fail(['departments', i, 'id'], `duplicate department id "${d.id}"`);
    depts.add(d.id);
  });
  const cats = new Set<string>();
  r.categories.forEach((c, i) => {
    if (cats.has(c.id)) fail(['categories', i, 'id'], `duplicate category id "${c.id}"`);
    cats.add(c.id);
    if (!depts.has(c.lead)) fail(['categories', i, 'lead'], `unknown department "${c.lead}"`);
    c.assist.forEach((a, j) => {
      if (!depts.has(a)) fail(['categories', i, 'assist', j], `unknown department "${a}"`);
    });
  });
  const tiers = new Set<string>();
  r.tiers.forEach((t, i) => {
    if (tiers.has(t.id)) fail(['tiers', i, 'id'], `duplicate tier id "${t.id}"`);
    tiers.add(t.id);
    t.departments.forEach((d, j) => {
      if (!depts.has(d)) fail(['tiers', i, 'departments', j], `unknown department "${d}"`);
    });
  });
  const sources = new Set<string>();
  r.sources.forEach((s, i) => {
    if (sources.has(s.id)) fail(['sources', i, 'id'], `duplicate source id "${s.id}"`);
    sources.add(s.id);
  });
  const chats = new Map<string, string>();
  const claim = (chat: string, owner: string, path: Path) => {
    const prior = chats.get(chat);
    if (prior) fail(path, `chat ${chat} is already used by ${prior}`);
    chats.set(chat, owner);
  };
  r.street.chats.forEach((c, i) => {
    claim(c, 'the street', ['street', 'chats', i]);
  });
  r.departments.forEach((d, i) => {
    claim(d.chat, `department ${d.id}`, ['departments', i, 'chat']);
  });
  r.tiers.forEach((t, i) => {
    t.chats.forEach((c, j) => {
      claim(c, `tier ${t.id}`, ['tiers', i, 'chats', j]);
    });
  });
  if (!isValidTimeZone(r.timezone)) fail(['timezone'], `unknown time zone "${r.timezone}"`);
  if (r.calendar?.timezone && !isValidTimeZone(r.calendar.timezone))
    fail(['calendar', 'timezone'], `unknown time zone "${r.calendar.timezone}"`);
  if (!r.calendar) {
    // Working days and hours only mean something on a declared calendar.
    const working = (v: unknown) => typeof v === 'object' && v !== null;
    for (const k of ['arrive', 'resolve', 'emergency_arrive', 'emergency_resolve'] as const) {
      if (working(r.defaults[k])) fail(['defaults', k], 'wd and wh need a calendar: key in the roster');
    }
    r.categories.forEach((c, i) => {
      for (const k of ['arrive', 'resolve'] as const) {
        if (working(c[k])) fail(['categories', i, k], 'wd and wh need a calendar: key in the roster');
      }
    });
    if (working(r.transfer.objection_window))
      fail(['transfer', 'objection_window'], 'wd and wh need a calendar: key in the roster');
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
