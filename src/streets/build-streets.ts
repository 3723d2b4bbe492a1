import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Outbox } from '../queue/outbox.js';
import type { Roster } from '../roster/roster.js';
import { holdRoster } from '../roster/roster-reload.js';
import { WhistleService } from '../whistle/service.js';
import type { CaseState, WhistleStore } from '../whistle/store.js';
import { Streets } from './streets.js';

/** One whistle service per street, each over its live roster (file watched); store and outbox are shared. */
export function buildStreets(o: {
  rosters: { file: string; roster: Roster }[];
  store: WhistleStore;
  outbox: Outbox;
  clock: Clock;
  log: Logger;
  /** A case changed (its timers follow). */
  onChanged(caseId: string, committed?: CaseState): Promise<void>;
  onReloaded(roster: Roster): void;
  onRejected(error: string, current: Roster): void;
}): { streets: Streets; stop(): void } {
  const holders = o.rosters.map(({ file, roster }) => ({
    file,
    holder: holdRoster(file, roster, o.log, { onReloaded: o.onReloaded, onRejected: o.onRejected }),
  }));
  const streets = new Streets(
    holders.map(({ file, holder }) => {
      const id = holder.get().street.id;
      const service = new WhistleService({
        store: o.store,
        outbox: o.outbox,
        roster: () => holder.get(),
        clock: o.clock,
        log: o.log.child({ street: id }),
        onChanged: o.onChanged,
      });
      return { id, file, holder, roster: () => holder.get(), service };
    }),
    o.store,
  );
  const stop = () => {
    for (const h of holders) h.holder.stop();
  };
  return { streets, stop };
}
