import { unwatchFile, watchFile } from 'node:fs';
import type { Logger } from '../log.js';
import type { Roster } from './roster.js';
import { loadRosterFile, RosterError } from './roster-load.js';

export interface RosterHolder {
  get(): Roster;
  /** Validates the file first; a bad roster keeps the old one and says why. */
  reload(): { ok: true } | { ok: false; error: string };
  stop(): void;
}

/** The live roster: replaced whole when the file changes (or on POST /api/roster/reload), never half-applied. */
export function holdRoster(
  file: string,
  initial: Roster,
  log: Logger,
  hooks: { onReloaded?(r: Roster): void; onRejected?(error: string, current: Roster): void },
  watchIntervalMs = 2_000,
): RosterHolder {
  let current = initial;
  const reload = (): { ok: true } | { ok: false; error: string } => {
    try {
      const next = loadRosterFile(file);
      // Cases, numbers and digests are keyed by the street: a file cannot become another street in place.
      if (next.street.id !== current.street.id)
        throw new RosterError(
          `street.id changed from ${current.street.id} to ${next.street.id}; add a new file instead`,
        );
      current = next;
      log.info(
        { file, departments: current.departments.length, categories: current.categories.length },
        'roster reloaded',
      );
      hooks.onReloaded?.(current);
      return { ok: true };
    } catch (err) {
      const error = err instanceof RosterError ? err.message : String(err);
      log.error({ file, error }, 'roster rejected; keeping the previous one');
      hooks.onRejected?.(error, current);
      return { ok: false, error };
    }
  };
  const onChange = (now: { mtimeMs: number }, prev: { mtimeMs: number }) => {
    if (now.mtimeMs !== prev.mtimeMs) reload();
  };
  watchFile(file, { interval: watchIntervalMs, persistent: false }, onChange);
  return { get: () => current, reload, stop: () => unwatchFile(file, onChange) };
}
