import { type Answer, err, ok } from './content.js';
import type { Workspace } from './workspace.js';

export interface EmuEvent {
  calendarId: string;
  eventId: string;
  summary: string;
  description: string;
  start: number;
  end: number;
  timezone?: string;
  location?: { name?: string; address?: string };
  attendees: string[];
  /** Each attendee's answer to the invitation, as Lark keeps it ("参与人的 RSVP 状态": needs_action until they
   * answer; https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/calendar-v4/calendar-event-attendee/introduction).
   * An answer, not presence: the service does not take it for attendance (src/joint/attendance.ts). */
  rsvp: Map<string, RsvpStatus>;
  createdAt: number;
}

export type RsvpStatus = 'needs_action' | 'accept' | 'tentative' | 'decline' | 'removed';

type Route = { op: string; params: Record<string, string>; run: (u: URL, j: Record<string, unknown>) => Answer };

/** Lark's calendar v4 as the service uses it: the bot's primary calendar, creating an event (with Lark's
 * `idempotency_key`: the same key within a day answers the event already made) and adding attendees. */
export class EmuCalendar {
  readonly events = new Map<string, EmuEvent>();
  readonly #byKey = new Map<string, string>();

  constructor(private readonly ws: Workspace) {}

  get primaryId(): string {
    return `feishu.cn_${this.ws.botOpenId.replace(/^ou_/, '')}@group.calendar.feishu.cn`;
  }

  route(method: string, path: string): Route | undefined {
    if (method !== 'POST') return undefined;
    if (path === '/open-apis/calendar/v4/calendars/primary') {
      return { op: 'calendar.primary', params: {}, run: () => this.#primary() };
    }
    const attendees = /^\/open-apis\/calendar\/v4\/calendars\/([^/]+)\/events\/([^/]+)\/attendees$/.exec(path);
    if (attendees) {
      const params = { calendar: decodeURIComponent(attendees[1]!), event: attendees[2]! };
      return { op: 'calendar.event.attendees', params, run: (_u, j) => this.#attend(params, j) };
    }
    const events = /^\/open-apis\/calendar\/v4\/calendars\/([^/]+)\/events$/.exec(path);
    if (events) {
      const params = { calendar: decodeURIComponent(events[1]!) };
      return { op: 'calendar.event.create', params, run: (u, j) => this.#create(params.calendar, u, j) };
    }
    return undefined;
  }

  #primary(): Answer {
    return ok({
      calendars: [
        {
          calendar: { calendar_id: this.primaryId, summary: '吹哨报到', type: 'primary', role: 'owner' },
          user_id: this.ws.botOpenId,
        },
      ],
    });
  }

  #create(calendarId: string, u: URL, j: Record<string, unknown>): Answer {
    if (calendarId !== this.primaryId) return err(400, 190003, 'calendar not found');
    const key = u.searchParams.get('idempotency_key');
    const prior = key ? this.#byKey.get(key) : undefined;
    if (prior) return ok({ event: this.#view(this.events.get(prior)!) });
    const start = j.start_time as { timestamp?: string; timezone?: string } | undefined;
    const end = j.end_time as { timestamp?: string } | undefined;
    const s = Number(start?.timestamp);
    const e = Number(end?.timestamp);
    if (!Number.isFinite(s) || !Number.isFinite(e)) return err(400, 190002, 'invalid start_time or end_time');
    if (e <= s) return err(400, 190002, 'end_time must be after start_time');
    const ev: EmuEvent = {
      calendarId,
      eventId: `${this.ws.nextId('evt')}_0`,
      summary: String(j.summary ?? ''),
      description: String(j.description ?? ''),
      start: s * 1000,
      end: e * 1000,
      timezone: start?.timezone,
      location: j.location as EmuEvent['location'],
      attendees: [],
      rsvp: new Map(),
      createdAt: Date.now(),
    };
    this.events.set(ev.eventId, ev);
    if (key) this.#byKey.set(key, ev.eventId);
    return ok({ event: this.#view(ev) });
  }

  #attend(p: { calendar: string; event: string }, j: Record<string, unknown>): Answer {
    const ev = this.events.get(p.event);
    if (!ev || ev.calendarId !== p.calendar) return err(400, 190004, 'event not found');
    const list = Array.isArray(j.attendees) ? (j.attendees as { type?: string; user_id?: string }[]) : [];
    if (list.some((a) => a.type !== 'user' || !a.user_id || !this.ws.users.has(a.user_id)))
      return err(400, 190005, 'invalid attendee');
    for (const a of list) {
      if (ev.attendees.includes(a.user_id!)) continue;
      ev.attendees.push(a.user_id!);
      ev.rsvp.set(a.user_id!, 'needs_action');
    }
    // The attendee resource as the introduction page above describes it.
    return ok({
      attendees: list.map((a) => ({
        type: 'user',
        attendee_id: `user_${a.user_id}`,
        user_id: a.user_id,
        rsvp_status: ev.rsvp.get(a.user_id!),
        is_optional: false,
        is_organizer: false,
        is_external: false,
      })),
    });
  }

  /** A person answers the invitation in their Lark calendar (回复日程: accept, decline or tentative;
   * https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/calendar-v4/calendar-event/reply). Only someone
   * invited may answer. */
  reply(eventId: string, user: string, status: 'accept' | 'decline' | 'tentative'): void {
    const ev = this.events.get(eventId);
    if (!ev?.rsvp.has(user)) throw new Error(`${user} is not invited to ${eventId}`);
    ev.rsvp.set(user, status);
  }

  #view(ev: EmuEvent) {
    return {
      event_id: ev.eventId,
      organizer_calendar_id: ev.calendarId,
      summary: ev.summary,
      description: ev.description,
      start_time: { timestamp: String(ev.start / 1000), timezone: ev.timezone },
      end_time: { timestamp: String(ev.end / 1000), timezone: ev.timezone },
      location: ev.location,
      status: 'confirmed',
    };
  }
}
