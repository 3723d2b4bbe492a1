import { clockFired, isClockTimer } from '../clocks/clock-timers.js';
import { keyFired } from '../escalation/key.js';
import { climbRung, ladderOf } from '../escalation/ladder.js';
import { formatDeadline } from '../i18n/time.js';
import { Plan } from '../whistle/plan.js';
import { renewCard } from '../whistle/renew.js';
import type { WhistleService } from '../whistle/service.js';
import type { CaseState } from '../whistle/store.js';
import { markPresence } from '../whistle/store-writes.js';
import { plannedTimers, type Timer, timerId } from './timer-plan.js';

/** A timer fired: act only if the case still plans exactly this timer (anything else is stale). */
export async function runTimer(svc: WhistleService, t: Timer): Promise<'fired' | 'stale'> {
  const roster = svc.roster;
  const result = await svc.deps.store.withCase(t.caseId, async (tx, s) => {
    if (!s || !plannedTimers(s, roster).some((x) => timerId(x) === timerId(t))) return undefined;
    if (t.kind === 'renew') return { ids: await renewCard(svc, tx, s, t.dept || undefined), after: undefined };
    const d = s.depts.find((x) => x.dept === t.dept)!;
    const now = svc.deps.clock.now();
    const p = new Plan();
    if (isClockTimer(t)) {
      clockFired(s, roster, t, p, now);
    } else if (t.kind === 'key') {
      keyFired(s, roster, p, now);
    } else if (t.kind === 'remind') {
      const deadline = (t.phase === 'arrive' ? d.arrive_by : d.resolve_by)!.getTime();
      p.patchDept(d.dept, { reminded: t.step + 1 });
      // After downtime a reminder for a deadline already passed says nothing: the escalation speaks instead.
      if (now < deadline) {
        const left = formatDeadline(deadline, roster.timezone, now);
        p.notices.push({
          kind: 'remind',
          dept: d.dept,
          to: 'contacts',
          note: `${t.phase === 'arrive' ? '报到时限' : '办结时限'} ${left.zh}`,
        });
        p.log({ actor: 'bot', action: 'remind', dept: d.dept, note: t.phase });
      }
    } else if (t.kind === 'escalate') {
      const step = ladderOf(roster)[t.step]!;
      climbRung(p, d.dept, t.step, step, 'bot', undefined, { state: s, roster, now });
      p.patchDept(d.dept, t.phase === 'arrive' ? { arrive_late: true } : { resolve_late: true });
    } else if (t.user) {
      if (t.step === 0) {
        await markPresence(tx, { caseId: s.caseRow.id, dept: d.dept, user: t.user }, { check_sent_at: new Date(now) });
        p.notices.push({ kind: 'presence_check', dept: d.dept, to: 'user', user: t.user });
        p.log({ actor: 'bot', action: 'presence_check', dept: d.dept, note: t.user });
      } else {
        await markPresence(tx, { caseId: s.caseRow.id, dept: d.dept, user: t.user }, { missed: true });
        p.notices.push({ kind: 'presence_missed', dept: d.dept, to: 'street' });
        p.touched.add(d.dept);
        p.log({ actor: 'bot', action: 'presence_missed', dept: d.dept, note: t.user });
      }
    }
    const applied = await svc.apply(tx, s, p, undefined);
    return { ids: applied.ids, after: applied.after as CaseState | undefined };
  });
  if (!result) return 'stale';
  await svc.deps.outbox.relay(result.ids);
  await svc.deps.onChanged?.(t.caseId, result.after);
  return 'fired';
}
