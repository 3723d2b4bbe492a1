import type { Roster } from '../roster/roster.js';
import type { RosterHolder } from '../roster/roster-reload.js';
import type { WhistleService } from '../whistle/service.js';
import type { WhistleStore } from '../whistle/store.js';

/** One street served by this deployment: its live roster and the whistle service bound to it. */
export interface Street {
  id: string;
  file: string;
  holder: RosterHolder;
  roster(): Roster;
  service: WhistleService;
}

/** Rosters that cannot be served side by side: the same street twice, the same case-number code, or a command
 * chat claimed by two streets (a case chatted there would belong to both). Department chats may be shared: a
 * district department can serve several streets from one group. */
export function streetConflicts(rosters: { file: string; roster: Roster }[]): string | undefined {
  const seen = new Map<string, string>();
  const claim = (key: string, file: string, what: string) => {
    const other = seen.get(key);
    if (other && other !== file) return `${what} appears in both ${other} and ${file}`;
    seen.set(key, file);
    return undefined;
  };
  for (const { file, roster } of rosters) {
    const problem =
      claim(`street:${roster.street.id}`, file, `street.id ${roster.street.id}`) ??
      claim(`code:${roster.streetCode}`, file, `street code ${roster.streetCode}`) ??
      [...roster.street.chats, ...roster.data.tiers.flatMap((t) => t.chats)]
        .map((c) => claim(`chat:${c}`, file, `command chat ${c}`))
        .find(Boolean);
    if (problem) return problem;
  }
  return undefined;
}

/** Finds the street an event, a click or a timer belongs to. A case never changes street, so the lookup by case
 * is remembered. */
export class Streets {
  readonly #byId: Map<string, Street>;
  readonly #caseStreet = new Map<string, string>();

  constructor(
    streets: Street[],
    private readonly store: WhistleStore,
  ) {
    this.#byId = new Map(streets.map((s) => [s.id, s]));
  }

  all(): Street[] {
    return [...this.#byId.values()];
  }
  /** The first roster file's street: the default where a request names none. */
  get primary(): Street {
    return this.all()[0]!;
  }
  get(id: string): Street | undefined {
    return this.#byId.get(id);
  }

  /** The street whose command chat this is, else the first one with it as a department chat. */
  forChat(chatId: string): Street | undefined {
    const all = this.all();
    return (
      all.find((s) => s.roster().commandTier(chatId) !== undefined) ??
      all.find((s) => s.roster().departmentByChat(chatId) !== undefined)
    );
  }
  /** Every street that summons departments into this chat. */
  withDepartmentChat(chatId: string): Street[] {
    return this.all().filter((s) => s.roster().departmentByChat(chatId) !== undefined);
  }
  /** The street whose roster knows this person (a direct message), else the first. */
  forPerson(openId: string): Street {
    return this.all().find((s) => s.roster().people().includes(openId)) ?? this.primary;
  }
  forCaseNumber(text: string): Street | undefined {
    const code = /([A-Z][A-Z0-9]{0,7})-\d{8}-\d+/.exec(text.toUpperCase())?.[1];
    return code ? this.all().find((s) => s.roster().streetCode === code) : undefined;
  }

  /** The service for a case's street; the first street's where the case is unknown (it answers "no such case"). */
  async serviceFor(caseId: string | undefined): Promise<WhistleService> {
    return ((caseId ? await this.forCase(caseId) : undefined) ?? this.primary).service;
  }

  async forCase(caseId: string): Promise<Street | undefined> {
    // One street (the common deployment): no lookup on the click path.
    if (this.#byId.size === 1) return this.primary;
    let id = this.#caseStreet.get(caseId);
    if (!id) {
      id = await this.store.streetOf(caseId);
      if (!id) return undefined;
      if (this.#caseStreet.size > 50_000) this.#caseStreet.clear();
      this.#caseStreet.set(caseId, id);
    }
    return this.#byId.get(id);
  }
}
